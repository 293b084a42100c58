using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>How the Task of an async call is used where it is made.</summary>
    internal enum AsyncCallUse
    {
        /// <summary>Awaited at once (<c>await call</c>, <c>await call.ConfigureAwait(..)</c>).</summary>
        Awaited,

        /// <summary>
        /// Returned, stored or passed on: whoever receives the Task observes it. (A lambda's result is not counted:
        /// Task.Run(() => call) is dropped as often as it is awaited, and renaming would hide that.)
        /// </summary>
        HandedOn,

        /// <summary>An expression statement or a discard: nobody observes the Task.</summary>
        Dropped,

        /// <summary>Blocked on (<c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>) or anything else.</summary>
        Other,
    }

    /// <summary>Classifies the use of an async call's Task, and whether the code around it may await.</summary>
    internal static class AsyncCallSite
    {
        public static AsyncCallUse UseOf(InvocationExpressionSyntax invocation)
        {
            var node = Unparenthesize(invocation);
            var parent = node.Parent;
            if (parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
                && configure.Expression == node
                && configure.Parent is InvocationExpressionSyntax configured)
            {
                return Unparenthesize(configured).Parent is AwaitExpressionSyntax ? AsyncCallUse.Awaited : AsyncCallUse.Other;
            }

            switch (parent)
            {
                case AwaitExpressionSyntax:
                    return AsyncCallUse.Awaited;
                case ExpressionStatementSyntax:
                    return AsyncCallUse.Dropped;
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "_" } && assignment.Parent is ExpressionStatementSyntax
                        ? AsyncCallUse.Dropped
                        : AsyncCallUse.HandedOn;
                case EqualsValueClauseSyntax:
                case ReturnStatementSyntax:
                case ArrowExpressionClauseSyntax:
                case ArgumentSyntax:
                    return AsyncCallUse.HandedOn;
                default:
                    return AsyncCallUse.Other;
            }
        }

        /// <summary>True when the method, local function or lambda containing <paramref name="node"/> is async.</summary>
        public static bool IsInAsyncFunction(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized;
            }

            return expression;
        }
    }
}
