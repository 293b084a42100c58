using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN001, for a foreach whose body only awaits
    /// <c>client.PutRecordAsync(new PutRecordRequest { StreamName, PartitionKey, Data, ExplicitHashKey })</c>, or the
    /// same put as the lambda of Task.WhenAll(items.Select(..)) or Parallel.ForEachAsync (see <see cref="PutLoop"/>):
    /// "Send in batches" (PutRecordsInBatchesWithRetryAsync; any language version) and, where <c>await using</c>
    /// compiles, "Use a KinesisProducer" (AddAsync in the loop, strict per-key ordering).
    /// No fix when: the response is read (sequence numbers), the stream name (or client) varies per iteration, the
    /// request sets anything else (SequenceNumberForOrdering, StreamARN), the loop body does more than the put, or a
    /// catch around the loop would see a different exception type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN001PutRecordInLoopCodeFixProvider)), Shared]
    public sealed class KIN001PutRecordInLoopCodeFixProvider : CodeFixProvider
    {
        public const string BatchEquivalenceKey = "KIN001.SendInBatches";
        public const string ProducerEquivalenceKey = "KIN001.UseKinesisProducer";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.PutRecordInLoopId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation || model is null)
            {
                return;
            }

            var loop = PutLoop.TryCreate(invocation, model, context.CancellationToken);
            if (loop is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Send in batches with PutRecordsInBatchesWithRetryAsync (up to 500 records per request, per-key order kept)",
                    token => loop.RewriteAsBatchesAsync(context.Document, token),
                    BatchEquivalenceKey),
                context.Diagnostics);
            if (loop.CanUseProducer)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use a KinesisProducer (aggregated, batched per shard, strict per-key order; waits for every record after the loop)",
                        token => loop.RewriteWithProducerAsync(context.Document, token),
                        ProducerEquivalenceKey),
                    context.Diagnostics);
            }
        }
    }
}
