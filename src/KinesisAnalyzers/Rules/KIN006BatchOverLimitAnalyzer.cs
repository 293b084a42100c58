using System.Collections.Immutable;
using System.Globalization;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN006: a PutRecords request whose Records can hold more than 500 entries: built from a
    /// sequence that nothing bounds (no Chunk, Take or count check), or with a constant count
    /// over 500. Reported on the PutRecords/PutRecordsAsync invocation.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN006BatchOverLimitAnalyzer : KinesisAnalyzer
    {
        /// <summary>The most entries one PutRecords request may hold.</summary>
        public const int MaxEntries = 500;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(KinesisRules.BatchOverLimit);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            var iterations = IterationSymbols.Create(context.Compilation);
            CandidateOperations.RegisterInvocations(context, KinesisSymbols.IsPutRecordsName, (c, invocation) => AnalyzeInvocation(c, invocation, symbols, iterations));
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, KinesisSymbols symbols, IterationSymbols iterations)
        {
            // Reported on the call: never while any of it (the request being typed) does not bind.
            if (invocation.TargetMethod.Name is not ("PutRecords" or "PutRecordsAsync")
                || !symbols.IsPutRecords(invocation.TargetMethod)
                || !BoundCode.IsFullyBound(invocation))
            {
                return;
            }

            var requestArgument = OperationValues.Argument(invocation, "request");
            if (requestArgument is null || OperationValues.IsInvalid(requestArgument))
            {
                return;
            }

            var body = MethodBody.Of(invocation);
            var flow = PutRecordsFlow.Create(requestArgument, body);
            if (flow is null)
            {
                return;
            }

            var checks = new SizeCheckFinder(body);
            var count = new BatchCountEstimator(body, checks, invocation, iterations).Estimate(flow);
            string reason;
            if (count.IsUnbounded)
            {
                reason = string.Format(
                    CultureInfo.InvariantCulture,
                    "gets an entry for every element of '{0}', and nothing (Chunk, Take or a count check) keeps them to 500",
                    count.UnboundedSource);
            }
            else if (count.Count > MaxEntries)
            {
                reason = string.Format(
                    CultureInfo.InvariantCulture,
                    count.Exact && !count.Partial ? "holds {0:N0} entries" : count.Exact ? "holds at least {0:N0} entries" : "can hold up to {0:N0} entries",
                    count.Count);
            }
            else
            {
                return;
            }

            // A guard (if (items.Count > 500) throw) or a flush at 500 (if (entries.Count == 500) { send; clear }).
            if (checks.HasCheckBefore(invocation.Syntax.SpanStart, includeEquality: true))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(KinesisRules.BatchOverLimit, invocation.Syntax.GetLocation(), reason));
        }
    }
}
