using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN005: a record whose data is known to exceed the record limit, or comes whole from a
    /// file or stream with no size check before the put, or whose constant partition key is
    /// empty or over 256 characters. Known sizes are certain failures and are raised as errors (the
    /// descriptor's default is Warning; the diagnostic carries effective severity Error, which
    /// .editorconfig can still change). Reported on the data or key expression.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN005RecordOverLimitAnalyzer : KinesisAnalyzer
    {
        /// <summary>The longest partition key Kinesis accepts, in Unicode characters.</summary>
        private const int MaxPartitionKeyLength = KinesisLimits.MaxPartitionKeyLength;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(KinesisRules.RecordOverLimit);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            CandidateOperations.RegisterInvocations(
                context,
                symbols.KinesisProducer is null ? KinesisSymbols.PutNames : KinesisSymbols.PutNames.AddRange(KinesisSymbols.ProducerCallNames),
                (c, invocation) => AnalyzeInvocation(c, invocation, symbols));
        }

        private static void AnalyzeInvocation(CandidateContext context, IInvocationOperation invocation, KinesisSymbols symbols)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "PutRecord" or "PutRecordAsync" when symbols.IsPutRecord(method):
                    AnalyzeRequest(context, symbols, invocation, isBatch: false);
                    break;
                case "PutRecords" or "PutRecordsAsync" when symbols.IsPutRecords(method):
                    AnalyzeRequest(context, symbols, invocation, isBatch: true);
                    break;
                case "AddAsync" or "PutAsync" or "TryAdd" when KinesisProducerCall.TryCreate(invocation, symbols, out var call):
                    var body = MethodBody.Of(invocation);
                    AnalyzeRecord(context, invocation, body, null, Single(call.PartitionKey), Single(call.Data));
                    break;
            }
        }

        private static void AnalyzeRequest(CandidateContext context, KinesisSymbols symbols, IInvocationOperation invocation, bool isBatch)
        {
            var requestArgument = OperationValues.Argument(invocation, "request");
            if (requestArgument is null || BoundCode.IsInvalid(requestArgument))
            {
                return;
            }

            var body = MethodBody.Of(invocation);
            if (!isBatch)
            {
                var request = ObjectSite.Resolve(requestArgument, body);
                if (request is not null && !IsSentEarlier(request, invocation, symbols))
                {
                    AnalyzeRecord(context, invocation, body, request.Symbol, request.ValuesOf("PartitionKey"), request.ValuesOf("Data"));
                }

                return;
            }

            var flow = PutRecordsFlow.Create(requestArgument, body);
            if (flow is null || IsSentEarlier(flow.Request, invocation, symbols))
            {
                return;
            }

            var seen = new HashSet<IOperation>();
            foreach (var source in flow.Sources)
            {
                foreach (var entryExpression in flow.EntriesOf(source))
                {
                    if (ObjectSite.Resolve(entryExpression, body) is { } entry && seen.Add(entry.Creations.IsEmpty ? entryExpression : entry.Creations[0]))
                    {
                        AnalyzeRecord(context, invocation, body, entry.Symbol, entry.ValuesOf("PartitionKey"), entry.ValuesOf("Data"));
                    }
                }
            }
        }

        /// <summary>
        /// A request held in a local and sent twice (a retry) is reported once, at the first send.
        /// </summary>
        private static bool IsSentEarlier(ObjectSite request, IInvocationOperation invocation, KinesisSymbols symbols)
        {
            if (request.Symbol is null)
            {
                return false;
            }

            foreach (var operation in request.Body.Operations)
            {
                if (operation is IInvocationOperation earlier
                    && earlier.Syntax.SpanStart < invocation.Syntax.SpanStart
                    && symbols.IsPut(earlier.TargetMethod)
                    && request.IsReferencedBy(OperationValues.Argument(earlier, "request")))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeRecord(
            CandidateContext context,
            IInvocationOperation put,
            MethodBody body,
            ISymbol? holder,
            ImmutableArray<IOperation> keys,
            ImmutableArray<IOperation> data)
        {
            // A value assigned more than once (initializer, then reassigned) is not followed: which one is sent is not certain.
            var key = keys.Length == 1 && !BoundCode.IsInvalid(keys[0]) ? keys[0] : null;
            long keyBytes = 0;
            if (key is not null)
            {
                var sizes = new RecordDataSize(body, new SizeCheckFinder(body));
                var keyLength = sizes.OfText(key, byteCount: null);
                if (keyLength.Kind == DataSizeKind.Known && keyLength.Bytes == 0)
                {
                    Report(context, key, DiagnosticSeverity.Error, "partition key", "is empty", KeyLengths, put, WillFail);
                }
                else if (keyLength.Kind == DataSizeKind.Known && keyLength.Bytes > MaxPartitionKeyLength)
                {
                    Report(
                        context,
                        key,
                        DiagnosticSeverity.Error,
                        "partition key",
                        string.Format(CultureInfo.InvariantCulture, "is {0:N0} characters long", keyLength.Bytes),
                        KeyLengths,
                        put,
                        WillFail);
                }

                if (OperationValues.ConstantString(key) is { } constantKey)
                {
                    keyBytes = System.Text.Encoding.UTF8.GetByteCount(constantKey);
                }
            }

            if (data.Length != 1 || BoundCode.IsInvalid(data[0]))
            {
                return;
            }

            var value = data[0];
            var checks = new SizeCheckFinder(body);
            checks.Watch(holder);
            checks.Watch(value);
            var size = new RecordDataSize(body, checks).OfData(value);
            if (size.Kind == DataSizeKind.Unknown)
            {
                return;
            }

            var limit = RecordSizeLimit.Get(context.Options, put.Syntax.SyntaxTree);
            var total = size.Bytes + keyBytes;
            if (size.Kind == DataSizeKind.Known && total <= limit)
            {
                return;
            }

            if (checks.HasCheckBefore(put.Syntax.SpanStart, includeEquality: false))
            {
                return;
            }

            if (size.Kind == DataSizeKind.Known)
            {
                var parts = keyBytes == 0
                    ? string.Empty
                    : string.Format(CultureInfo.InvariantCulture, " ({0:N0} of data and {1:N0} of partition key)", size.Bytes, keyBytes);
                Report(
                    context,
                    value,
                    DiagnosticSeverity.Error,
                    "record",
                    string.Format(CultureInfo.InvariantCulture, "is {0:N0} bytes{1}", total, parts),
                    "at most " + RecordSizeLimit.Format(limit),
                    put,
                    WillFail);
            }
            else
            {
                Report(
                    context,
                    value,
                    DiagnosticSeverity.Warning,
                    "record data",
                    string.Format(CultureInfo.InvariantCulture, "comes from '{0}' and its size is not checked", size.Source),
                    "at most " + RecordSizeLimit.Format(limit),
                    put,
                    "can fail");
            }
        }

        private const string WillFail = "will fail";

        private static readonly string KeyLengths = string.Format(CultureInfo.InvariantCulture, "1 to {0} characters", MaxPartitionKeyLength);

        /// <summary>Reports "The {part} {finding}; Kinesis accepts {limit}, so '{put}' {outcome}" with the given severity.</summary>
        private static void Report(CandidateContext context, IOperation at, DiagnosticSeverity severity, string part, string finding, string limit, IInvocationOperation put, string outcome)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                KinesisRules.RecordOverLimit,
                at.Syntax.GetLocation(),
                severity,
                additionalLocations: null,
                properties: null,
                part,
                finding,
                limit,
                put.TargetMethod.Name,
                outcome));
        }

        private static ImmutableArray<IOperation> Single(IOperation? value) =>
            value is null ? ImmutableArray<IOperation>.Empty : ImmutableArray.Create(value);
    }
}
