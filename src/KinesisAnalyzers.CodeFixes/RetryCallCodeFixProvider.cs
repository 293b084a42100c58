using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// The fix KIN003 and KIN004 share: the client's put becomes the binding's retrying counterpart (same arguments,
    /// same response type), awaited when its Task was dropped in an async function (see <see cref="RetryCallRewrite"/>).
    /// </summary>
    public abstract class RetryCallCodeFixProvider : CodeFixProvider
    {
        /// <summary>The client method the diagnostic is on, e.g. PutRecordAsync.</summary>
        protected abstract string Method { get; }

        /// <summary>The binding's method that replaces it, e.g. PutRecordWithRetryAsync.</summary>
        protected abstract string Replacement { get; }

        /// <summary>What the replacement does, for the title (after "Use X" / "Await X").</summary>
        protected abstract string WhatItDoes { get; }

        protected abstract string EquivalenceKey { get; }

        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var rewrite = await RetryCallRewrite.TryCreateAsync(context.Document, context.Span, Method, Replacement, context.CancellationToken).ConfigureAwait(false);
            if (rewrite is null)
            {
                return;
            }

            var title = rewrite.AddsAwait
                ? $"Await {Replacement} ({WhatItDoes}; failures now reach the caller)"
                : $"Use {Replacement} ({WhatItDoes})";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => rewrite.ApplyAsync(context.Document, token), EquivalenceKey),
                context.Diagnostics);
        }
    }
}
