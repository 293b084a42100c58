using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// Emits the binding of the AWS SDK's <c>IAmazonKinesis</c> to the runtime into projects that reference both:
    /// an internal adapter to the runtime's transport port, and the public extension methods
    /// <c>CreateKinesisProducer</c>, <c>PutRecordWithRetryAsync</c> and <c>PutRecordsWithRetryAsync</c>.
    /// The runtime has no AWS reference (the SDK package is not available to it, and v3 and v4 differ), so the
    /// binding is compiled in the user's project against whichever SDK major it uses.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class KinesisBindingGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking name of the step that reads the compilation, for incrementality tests.</summary>
        public const string ModelStep = "KinesisBindingModel";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Every edit yields a new compilation, but the evaluation compares by value: unless a reference or the
            // language version changes, the step is Unchanged and nothing is re-emitted.
            var evaluations = context.CompilationProvider
                .Select(static (compilation, cancellationToken) => BindingPrerequisites.Evaluate(compilation, cancellationToken))
                .WithTrackingName(ModelStep);

            context.RegisterSourceOutput(evaluations, static (output, evaluation) =>
            {
                if (evaluation.Problem is not null)
                {
                    // Never fail silently: without this, users meet only CS1061 on CreateKinesisProducer.
                    output.ReportDiagnostic(Diagnostic.Create(KinesisRules.BindingNotGenerated, Location.None, evaluation.Problem));
                }

                if (evaluation.Model is not { } model)
                {
                    return;
                }

                output.AddSource(TransportAdapterSource.HintName, TransportAdapterSource.Render(model));
                output.AddSource(RetryExtensionsSource.HintName, RetryExtensionsSource.Render(model));
            });
        }
    }
}
