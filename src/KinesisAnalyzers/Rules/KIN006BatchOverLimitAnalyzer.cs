using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN006: a PutRecords request whose Records can hold more than 500 entries: built from a
    /// sequence that nothing bounds (no Chunk, Take or count check), or with a constant count
    /// over 500. Reported on the PutRecords/PutRecordsAsync invocation, and on the generated binding's
    /// PutRecordsWithRetryAsync(request), which sends the request as it is (PutRecordsInBatchesWithRetryAsync
    /// splits its entries, so it is not judged).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN006BatchOverLimitAnalyzer : KinesisAnalyzer
    {
        private const int MaxEntries = KinesisLimits.MaxRecordsPerRequest;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(KinesisRules.BatchOverLimit);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            var iterations = IterationSymbols.Create(context.Compilation);
            CandidateOperations.RegisterInvocations(context, KinesisSymbols.PutRecordsNames.Add(KinesisSymbols.RetryingPutRecordsName), (c, invocation) => AnalyzeInvocation(c, invocation, symbols, iterations));
        }

        private static void AnalyzeInvocation(CandidateContext context, IInvocationOperation invocation, KinesisSymbols symbols, IterationSymbols iterations)
        {
            // Reported on the call: never while any of it (the request being typed) does not bind.
            if (!(invocation.TargetMethod.Name is "PutRecords" or "PutRecordsAsync" && symbols.IsPutRecords(invocation.TargetMethod))
                && !symbols.IsRetryingPutRecords(invocation.TargetMethod))
            {
                return;
            }

            if (!BoundCode.IsFullyBound(invocation))
            {
                return;
            }

            var requestArgument = OperationValues.Argument(invocation, "request");
            if (requestArgument is null || BoundCode.IsInvalid(requestArgument))
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

            // A batch-sender whose entries come in through a parameter: its callers in the compilation decide.
            if (count.UnboundedParameter is { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary } sender } parameter
                && IsBoundedByEveryCaller(sender, parameter.Ordinal, symbols, iterations, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(KinesisRules.BatchOverLimit, invocation.Syntax.GetLocation(), reason));
        }

        /// <summary>
        /// True when <paramref name="sender"/> has callers in the compilation and every one of them passes, for parameter
        /// <paramref name="ordinal"/>, a sequence it keeps to 500 (a Chunk(500) chunk, a Take(500), a list it builds to
        /// at most 500) or checks the count of before the call. Callers outside the compilation cannot be seen: a
        /// method nothing here calls is still reported.
        /// </summary>
        private static bool IsBoundedByEveryCaller(IMethodSymbol sender, int ordinal, KinesisSymbols symbols, IterationSymbols iterations, CancellationToken cancellationToken)
        {
            var project = ProjectMethods.For(symbols);
            var calls = project.CallsOf(sender, cancellationToken);
            if (calls.Count == 0)
            {
                return false;
            }

            foreach (var call in calls)
            {
                if (project.OperationOf(call, cancellationToken) is not { } operation
                    || !BoundCode.IsFullyBound(operation)
                    || OperationValues.Argument(operation, ordinal) is not { } passed)
                {
                    return false;
                }

                var body = MethodBody.Of(operation);
                var checks = new SizeCheckFinder(body);
                var count = new BatchCountEstimator(body, checks, operation, iterations).EstimateSequence(passed);
                if ((count.IsUnbounded || count.Count > MaxEntries) && !checks.HasCheckBefore(operation.Syntax.SpanStart, includeEquality: true))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
