using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Base of every rule: skips generated code, runs concurrently, and registers the
    /// rule's actions only when the compilation references Amazon.Kinesis.
    /// </summary>
    public abstract class KinesisAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = KinesisSymbols.TryCreate(start.Compilation);
                if (symbols is not null)
                {
                    RegisterActions(start, symbols);
                }
            });
        }

        private protected abstract void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols);
    }
}
