using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// A call that hands one record to the bundled runtime producer
    /// (<c>KinesisProducer.AddAsync/PutAsync/TryAdd(partitionKey, data, explicitHashKey, ...)</c>),
    /// with the arguments the caller wrote for the partition key, the data and the explicit hash key.
    /// </summary>
    internal readonly struct KinesisProducerCall
    {
        private KinesisProducerCall(IInvocationOperation invocation, IOperation? partitionKey, IOperation? data, IOperation? explicitHashKey)
        {
            Invocation = invocation;
            PartitionKey = partitionKey;
            Data = data;
            ExplicitHashKey = explicitHashKey;
        }

        public IInvocationOperation Invocation { get; }

        public IOperation? PartitionKey { get; }

        public IOperation? Data { get; }

        /// <summary>The explicit hash key, when the caller passes one (not the parameter's default).</summary>
        public IOperation? ExplicitHashKey { get; }

        /// <summary>True for a record-adding method of the runtime's KinesisProducer: its first parameter is the partition key.</summary>
        public static bool TryCreate(IInvocationOperation invocation, KinesisSymbols symbols, out KinesisProducerCall call)
        {
            var method = invocation.TargetMethod;
            if (symbols.KinesisProducer is { } producer
                && method.Name is "AddAsync" or "PutAsync" or "TryAdd"
                && !method.Parameters.IsEmpty
                && method.Parameters[0].Name == "partitionKey"
                && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, producer))
            {
                call = new KinesisProducerCall(
                    invocation,
                    OperationValues.Argument(invocation, "partitionKey", written: true),
                    OperationValues.Argument(invocation, "data", written: true),
                    OperationValues.Argument(invocation, "explicitHashKey", written: true));
                return true;
            }

            call = default;
            return false;
        }
    }
}
