using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The cheap gate in front of every rule. Operation actions make the driver build an IOperation
    /// tree for every method body of the project, and syntax-node actions make it walk every
    /// declaration and call back per node (that alone cost more than the rules' own work). Instead,
    /// each rule registers one semantic-model action per file that searches the file's text for the
    /// names its calls can have (<see cref="SourceNames"/>), and asks the semantic model for the
    /// operation only at those calls. Files without such a name cost one string search.
    /// </summary>
    internal static class CandidateOperations
    {
        /// <summary>Runs <paramref name="action"/> on each invocation that calls one of <paramref name="names"/>.</summary>
        public static void RegisterInvocations(
            CompilationStartAnalysisContext context,
            IReadOnlyCollection<string> names,
            Action<CandidateContext, IInvocationOperation> action) =>
            RegisterInvocations(context, _ => names, action);

        /// <summary>As above, for names known only once the project is summarised (given the action's cancellation token).</summary>
        public static void RegisterInvocations(
            CompilationStartAnalysisContext context,
            Func<CancellationToken, IEnumerable<string>> names,
            Action<CandidateContext, IInvocationOperation> action)
        {
            context.RegisterSemanticModelAction(modelContext =>
            {
                foreach (var name in names(modelContext.CancellationToken))
                {
                    foreach (var use in SourceNames.UsesIn(modelContext.SemanticModel.SyntaxTree, name, modelContext.CancellationToken))
                    {
                        if (SourceNames.CallOf(use) is { } call
                            && IsInFilter(modelContext, call)
                            && modelContext.SemanticModel.GetOperation(call, modelContext.CancellationToken) is IInvocationOperation invocation)
                        {
                            action(new CandidateContext(modelContext, call), invocation);
                        }
                    }
                }
            });
        }

        /// <summary>Runs <paramref name="action"/> on each simple assignment to a member named <paramref name="memberName"/> (initializers included).</summary>
        public static void RegisterAssignments(
            CompilationStartAnalysisContext context,
            string memberName,
            Action<CandidateContext, ISimpleAssignmentOperation> action)
        {
            context.RegisterSemanticModelAction(modelContext =>
            {
                foreach (var use in SourceNames.UsesIn(modelContext.SemanticModel.SyntaxTree, memberName, modelContext.CancellationToken))
                {
                    if (SourceNames.AssignmentTo(use) is { } syntax
                        && IsInFilter(modelContext, syntax)
                        && modelContext.SemanticModel.GetOperation(syntax, modelContext.CancellationToken) is ISimpleAssignmentOperation assignment)
                    {
                        action(new CandidateContext(modelContext, syntax), assignment);
                    }
                }
            });
        }

        /// <summary>The simple name an invocation calls (<c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name&lt;T&gt;(...)</c>), or null.</summary>
        public static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        // The IDE may ask for one span of the file (a lightbulb, a changed region): skip calls outside it.
        private static bool IsInFilter(SemanticModelAnalysisContext context, SyntaxNode node) =>
            context.FilterSpan is not { } span || span.IntersectsWith(node.Span);
    }
}

