using System.Collections.Immutable;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN002: a partition key that is fixed for the process (a constant, a static readonly value)
    /// or, inside a loop or per-element lambda, the same in every iteration. Every such record
    /// hashes to the same shard. Checked where the key is given: PutRecordRequest.PartitionKey,
    /// PutRecordsRequestEntry.PartitionKey, and the partitionKey parameter of the runtime's KinesisProducer.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN002ConstantPartitionKeyAnalyzer : KinesisAnalyzer
    {
        private const string PartitionKey = "PartitionKey";
        private const string ExplicitHashKey = "ExplicitHashKey";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(KinesisRules.ConstantPartitionKey);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            if (symbols.PutRecordRequest is null && symbols.PutRecordsRequestEntry is null && symbols.KinesisProducer is null)
            {
                return;
            }

            var iterations = IterationSymbols.Create(context.Compilation);
            CandidateOperations.RegisterAssignments(context, PartitionKey, (nodeContext, assignment) => AnalyzeAssignment(nodeContext, assignment, symbols, iterations));
            // Keys handed to the project's own methods that pass them on as the partition key.
            CandidateOperations.RegisterInvocations(
                context,
                cancellationToken => ProjectMethods.Of(symbols, cancellationToken).KeyPassingNames,
                (nodeContext, invocation) => AnalyzeKeyPassingCall(nodeContext, invocation, ProjectMethods.Of(symbols, nodeContext.CancellationToken), iterations));

            if (symbols.KinesisProducer is not null)
            {
                CandidateOperations.RegisterInvocations(
                    context,
                    KinesisSymbols.ProducerCallNames,
                    (nodeContext, invocation) => AnalyzeProducerCall(nodeContext, invocation, symbols, iterations));
            }
        }

        private static void AnalyzeAssignment(CandidateContext context, ISimpleAssignmentOperation assignment, KinesisSymbols symbols, IterationSymbols iterations)
        {
            if (assignment.Target is not IPropertyReferenceOperation { Property.Name: PartitionKey } key)
            {
                return;
            }

            var type = key.Property.ContainingType?.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(type, symbols.PutRecordRequest)
                && !SymbolEqualityComparer.Default.Equals(type, symbols.PutRecordsRequestEntry))
            {
                return;
            }

            if (key.Instance is null || HasVaryingExplicitHashKey(ObjectSite.AssignedValues(key.Instance, ExplicitHashKey), iterations))
            {
                return;
            }

            Check(context, assignment.Value, iterations);
        }

        private static void AnalyzeProducerCall(CandidateContext context, IInvocationOperation invocation, KinesisSymbols symbols, IterationSymbols iterations)
        {
            if (!KinesisProducerCall.TryCreate(invocation, symbols, out var call) || call.PartitionKey is not { } key)
            {
                return;
            }

            var explicitHashKeys = call.ExplicitHashKey is { } explicitHashKey ? ImmutableArray.Create(explicitHashKey) : ImmutableArray<IOperation>.Empty;
            if (!HasVaryingExplicitHashKey(explicitHashKeys, iterations))
            {
                Check(context, key, iterations);
            }
        }

        private static void AnalyzeKeyPassingCall(CandidateContext context, IInvocationOperation invocation, ProjectMethods project, IterationSymbols iterations)
        {
            var ordinal = project.KeyParameterOf(invocation.TargetMethod);
            if (ordinal >= 0 && OperationValues.Argument(invocation, ordinal, written: true) is { } key)
            {
                Check(context, key, iterations, " passed to '" + invocation.TargetMethod.Name + "'");
            }
        }

        private static void Check(CandidateContext context, IOperation key, IterationSymbols iterations, string via = "")
        {
            if (!BoundCode.IsFullyBound(key))
            {
                return;
            }

            var reason = FixedValues.Describe(key);
            if (reason is null)
            {
                var scope = IterationScope.FindRepeating(key, iterations);
                if (scope is null || !IterationInvariance.IsInvariant(key, scope))
                {
                    return;
                }

                reason = FixedValues.Text(key) + " has the same value for every " + scope.Description;
            }

            context.ReportDiagnostic(Diagnostic.Create(KinesisRules.ConstantPartitionKey, key.Syntax.GetLocation(), via, reason));
        }

        /// <summary>
        /// An ExplicitHashKey picks the shard instead of the partition key. One that varies spreads the
        /// records whatever the key is; a fixed one does not.
        /// </summary>
        private static bool HasVaryingExplicitHashKey(ImmutableArray<IOperation> explicitHashKeys, IterationSymbols iterations)
        {
            foreach (var value in explicitHashKeys)
            {
                if (value.ConstantValue is { HasValue: true, Value: null })
                {
                    continue;
                }

                if (FixedValues.IsFixed(value))
                {
                    continue;
                }

                var scope = IterationScope.FindRepeating(value, iterations);
                if (scope is null || !IterationInvariance.IsInvariant(value, scope))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
