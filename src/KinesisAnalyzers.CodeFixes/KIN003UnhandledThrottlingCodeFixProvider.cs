using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN003: PutRecordAsync becomes PutRecordWithRetryAsync (backoff with jitter on throttling, same response);
    /// a dropped Task in an async function is awaited too. Sync PutRecord and blocking waits get no fix: the binding has
    /// no synchronous counterpart that is safe in UI or ASP.NET contexts.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN003UnhandledThrottlingCodeFixProvider)), Shared]
    public sealed class KIN003UnhandledThrottlingCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "KIN003.PutRecordWithRetryAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.UnhandledThrottlingId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var rewrite = await RetryCallRewrite.TryCreateAsync(
                context.Document, context.Span, "PutRecordAsync", BindingMethods.PutRecordWithRetryAsync, context.CancellationToken).ConfigureAwait(false);
            if (rewrite is null)
            {
                return;
            }

            var title = rewrite.AddsAwait
                ? "Await PutRecordWithRetryAsync (retries throttling with backoff; failures now reach the caller)"
                : "Use PutRecordWithRetryAsync (retries throttling with backoff)";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => rewrite.ApplyAsync(context.Document, token), EquivalenceKey),
                context.Diagnostics);
        }
    }
}
