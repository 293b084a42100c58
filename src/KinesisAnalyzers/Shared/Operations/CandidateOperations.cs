using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The cheap syntax gate in front of every rule. Operation actions make the driver build an
    /// IOperation tree for every method body of the project; instead, the rules register syntax
    /// actions, look at the name being called or assigned (a string compare), and ask the semantic
    /// model for the operation only when that name could matter. Bodies without such a name never
    /// get an operation tree.
    /// </summary>
    internal static class CandidateOperations
    {
        /// <summary>Runs <paramref name="action"/> on each invocation whose called name passes <paramref name="isCandidate"/>.</summary>
        public static void RegisterInvocations(
            CompilationStartAnalysisContext context,
            Func<string, bool> isCandidate,
            Action<SyntaxNodeAnalysisContext, IInvocationOperation> action) =>
            RegisterInvocations(context, (_, name) => isCandidate(name), action);

        /// <summary>As above, for a test that needs the node's context (its cancellation token, to compute project summaries).</summary>
        public static void RegisterInvocations(
            CompilationStartAnalysisContext context,
            Func<SyntaxNodeAnalysisContext, string, bool> isCandidate,
            Action<SyntaxNodeAnalysisContext, IInvocationOperation> action)
        {
            context.RegisterSyntaxNodeAction(
                nodeContext =>
                {
                    var syntax = (InvocationExpressionSyntax)nodeContext.Node;
                    if (CalledName(syntax) is { } name
                        && isCandidate(nodeContext, name)
                        && nodeContext.SemanticModel.GetOperation(syntax, nodeContext.CancellationToken) is IInvocationOperation invocation)
                    {
                        action(nodeContext, invocation);
                    }
                },
                SyntaxKind.InvocationExpression);
        }

        /// <summary>Runs <paramref name="action"/> on each simple assignment to a member named <paramref name="memberName"/> (initializers included).</summary>
        public static void RegisterAssignments(
            CompilationStartAnalysisContext context,
            string memberName,
            Action<SyntaxNodeAnalysisContext, ISimpleAssignmentOperation> action)
        {
            context.RegisterSyntaxNodeAction(
                nodeContext =>
                {
                    var syntax = (AssignmentExpressionSyntax)nodeContext.Node;
                    if (AssignedName(syntax.Left) == memberName
                        && nodeContext.SemanticModel.GetOperation(syntax, nodeContext.CancellationToken) is ISimpleAssignmentOperation assignment)
                    {
                        action(nodeContext, assignment);
                    }
                },
                SyntaxKind.SimpleAssignmentExpression);
        }

        /// <summary>The simple name an invocation calls (<c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name&lt;T&gt;(...)</c>), or null.</summary>
        public static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        private static string? AssignedName(ExpressionSyntax target) => target switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
