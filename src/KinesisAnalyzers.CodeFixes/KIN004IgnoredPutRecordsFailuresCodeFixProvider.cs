using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN004: PutRecordsAsync becomes PutRecordsWithRetryAsync, which re-sends the failed entries and throws
    /// KinesisPutRecordsException for those still unwritten; the response (and its variable) stays, now aligned and
    /// complete. A dropped Task in an async function is awaited too; sync PutRecords and blocking waits get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN004IgnoredPutRecordsFailuresCodeFixProvider)), Shared]
    public sealed class KIN004IgnoredPutRecordsFailuresCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "KIN004.PutRecordsWithRetryAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.IgnoredPutRecordsFailuresId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var rewrite = await RetryCallRewrite.TryCreateAsync(
                context.Document, context.Span, "PutRecordsAsync", BindingMethods.PutRecordsWithRetryAsync, context.CancellationToken).ConfigureAwait(false);
            if (rewrite is null)
            {
                return;
            }

            var title = rewrite.AddsAwait
                ? "Await PutRecordsWithRetryAsync (re-sends failed entries; throws for entries not written)"
                : "Use PutRecordsWithRetryAsync (re-sends failed entries; throws for entries not written)";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => rewrite.ApplyAsync(context.Document, token), EquivalenceKey),
                context.Diagnostics);
        }
    }
}
