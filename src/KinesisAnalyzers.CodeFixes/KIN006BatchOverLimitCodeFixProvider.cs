using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN006: <c>await client.PutRecordsAsync(request);</c> (or the binding's PutRecordsWithRetryAsync) becomes
    /// <c>await client.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records);</c>, which sends the
    /// entries in requests of at most 500 entries and 5 MiB, keeps per-key order, re-sends failed entries and throws for
    /// entries not written. Offered when the response is not used (the helper returns results, not a response) and the
    /// request is a local built here with a StreamName and no StreamARN (the helper writes by stream name).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN006BatchOverLimitCodeFixProvider)), Shared]
    public sealed class KIN006BatchOverLimitCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "KIN006.PutRecordsInBatches";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.BatchOverLimitId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || model is null
                // PutRecordsWithRetryAsync too: KIN004's fix may have renamed the call first; it still sends one request.
                || invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "PutRecordsAsync" or BindingMethods.PutRecordsWithRetryAsync } access
                || invocation.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }
                || invocation.ArgumentList.Arguments.Count is 0 or > 2
                || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
                || invocation.ArgumentList.Arguments[0].Expression is not IdentifierNameSyntax request
                || !IsLocalBuiltWithStreamName(request, model, context.CancellationToken))
            {
                return;
            }

            var binding = BindingMethods.For(model.Compilation);
            if (!binding.Has(BindingMethods.PutRecordsInBatchesWithRetryAsync)
                || !binding.IsKinesisClient(model.GetTypeInfo(access.Expression, context.CancellationToken).Type))
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Send in requests of at most 500 entries and 5 MiB (PutRecordsInBatchesWithRetryAsync; retries failed entries, keeps per-key order)",
                    token => RewriteAsync(context.Document, invocation, access, request, token),
                    EquivalenceKey),
                context.Diagnostics);
        }

        /// <summary>A local whose initializer is a <c>new PutRecordsRequest { StreamName = .. }</c> with no StreamARN, set nowhere else.</summary>
        private static bool IsLocalBuiltWithStreamName(IdentifierNameSyntax request, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(request, cancellationToken).Symbol is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
                {
                    Initializer.Value: ObjectCreationExpressionSyntax { Initializer: { } initializer },
                } declarator)
            {
                return false;
            }

            var members = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .Select(a => (a.Left as IdentifierNameSyntax)?.Identifier.ValueText)
                .ToList();
            if (!members.Contains("StreamName") || members.Contains("StreamARN"))
            {
                return false;
            }

            // No later "request.StreamARN = ..." (or StreamName) in the method.
            var body = declarator.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or LocalFunctionStatementSyntax);
            return body is not null && !body.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(m =>
                m.Expression is IdentifierNameSyntax { Identifier.ValueText: var name }
                && name == local.Name
                && m.Name.Identifier.ValueText is "StreamARN" or "StreamName"
                && m.Parent is AssignmentExpressionSyntax assignment && assignment.Left == m);
        }

        private static async Task<Document> RewriteAsync(
            Document document, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, IdentifierNameSyntax request, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var name = request.Identifier.ValueText;
            var token = invocation.ArgumentList.Arguments.Count == 2 ? ", " + invocation.ArgumentList.Arguments[1].ToString() : string.Empty;
            var arguments = SyntaxFactory.ParseArgumentList($"({name}.StreamName, {name}.Records{token})").WithTriviaFrom(invocation.ArgumentList);
            var rewritten = invocation
                .WithExpression(access.WithName(SyntaxFactory.IdentifierName(BindingMethods.PutRecordsInBatchesWithRetryAsync).WithTriviaFrom(access.Name)))
                .WithArgumentList(arguments);
            return document.WithSyntaxRoot(root.ReplaceNode(invocation, rewritten));
        }
    }
}
