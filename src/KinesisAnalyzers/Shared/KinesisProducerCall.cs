using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// A call that hands one record to the bundled runtime producer
    /// (<c>KinesisProducer.AddAsync/PutAsync/TryAdd(partitionKey, data, ...)</c>), with the
    /// arguments given for the partition key and the data.
    /// </summary>
    internal readonly struct KinesisProducerCall
    {
        private KinesisProducerCall(IInvocationOperation invocation, IOperation? partitionKey, IOperation? data)
        {
            Invocation = invocation;
            PartitionKey = partitionKey;
            Data = data;
        }

        public IInvocationOperation Invocation { get; }

        public IOperation? PartitionKey { get; }

        public IOperation? Data { get; }

        public static bool TryCreate(IInvocationOperation invocation, KinesisSymbols symbols, out KinesisProducerCall call)
        {
            var method = invocation.TargetMethod;
            if (symbols.KinesisProducer is { } producer
                && method.Name is "AddAsync" or "PutAsync" or "TryAdd"
                && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, producer))
            {
                call = new KinesisProducerCall(
                    invocation,
                    OperationValues.Argument(invocation, "partitionKey"),
                    OperationValues.Argument(invocation, "data"));
                return true;
            }

            call = default;
            return false;
        }
    }
}
