using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// Turns <c>client.PutRecordAsync(..)</c> into <c>client.PutRecordWithRetryAsync(..)</c> (and PutRecords likewise):
    /// the same arguments and the same response type, so the code around the call still compiles. A dropped Task is
    /// awaited too, in an async function; elsewhere (sync code, blocking waits) there is no correct rewrite.
    /// </summary>
    internal sealed class RetryCallRewrite
    {
        private readonly InvocationExpressionSyntax _invocation;
        private readonly SimpleNameSyntax _name;
        private readonly string _replacement;

        private RetryCallRewrite(InvocationExpressionSyntax invocation, SimpleNameSyntax name, string replacement, bool addsAwait)
        {
            _invocation = invocation;
            _name = name;
            _replacement = replacement;
            AddsAwait = addsAwait;
        }

        /// <summary>True when the call's Task was dropped and the rewrite awaits it.</summary>
        public bool AddsAwait { get; }

        /// <summary>The rewrite of the call at <paramref name="span"/>, or null when none is correct.</summary>
        public static async Task<RetryCallRewrite?> TryCreateAsync(
            Document document, Microsoft.CodeAnalysis.Text.TextSpan span, string method, string replacement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || invocation.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access
                || name.Identifier.ValueText != method)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null
                || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Name: var called } symbol
                || called != method
                || symbol.IsStatic)
            {
                return null;
            }

            var binding = BindingMethods.For(model.Compilation);
            if (!binding.Has(replacement) || !binding.IsKinesisClient(model.GetTypeInfo(access.Expression, cancellationToken).Type))
            {
                return null;
            }

            switch (AsyncCallSite.UseOf(invocation))
            {
                case AsyncCallUse.Awaited:
                case AsyncCallUse.HandedOn:
                    return new RetryCallRewrite(invocation, name, replacement, addsAwait: false);
                case AsyncCallUse.Dropped when AsyncCallSite.IsInAsyncFunction(invocation):
                    return new RetryCallRewrite(invocation, name, replacement, addsAwait: true);
                default:
                    return null;
            }
        }

        public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var renamed = _invocation.ReplaceNode(_name, SyntaxFactory.IdentifierName(_replacement).WithTriviaFrom(_name));
            if (!AddsAwait)
            {
                return document.WithSyntaxRoot(root.ReplaceNode(_invocation, renamed));
            }

            // "call;" or "_ = call;" becomes "await call;".
            SyntaxNode dropped = _invocation.Parent is AssignmentExpressionSyntax discard ? discard : _invocation;
            var awaited = SyntaxFactory.AwaitExpression(
                    SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    renamed.WithoutTrivia())
                .WithTriviaFrom(dropped);
            return document.WithSyntaxRoot(root.ReplaceNode(dropped, awaited));
        }
    }
}
