using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Buffers records, aggregates and batches them per shard, and writes them to one Kinesis stream
    /// with rate limiting, retries and back-pressure. Every record completes: delivered, or failed and reported.
    /// </summary>
    /// <remarks>The public surface is fixed (the code fixes and generated binding call it); the pipeline is being built.</remarks>
    public sealed class KinesisProducer : IAsyncDisposable
    {
        /// <summary>Creates a producer writing to <paramref name="streamName"/> through <paramref name="transport"/>.</summary>
        public KinesisProducer(IKinesisTransport transport, string streamName, KinesisProducerOptions? options = null)
        {
            throw new NotImplementedException("pipeline under construction");
        }

        /// <summary>Completes when the record is accepted into the buffer (waits for space when it is full).</summary>
        public ValueTask AddAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Completes when the record is accepted into the buffer.</summary>
        public ValueTask AddAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Completes when the record is accepted into the buffer.</summary>
        public ValueTask AddAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Buffers the record if there is room now; false when the buffer is full.</summary>
        public bool TryAdd(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null) => throw new NotImplementedException();

        /// <summary>Completes when Kinesis has written the record; throws <see cref="KinesisRecordFailedException"/> when it finally fails.</summary>
        public Task<KinesisPutResult> PutAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Completes when Kinesis has written the record.</summary>
        public Task<KinesisPutResult> PutAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Completes when Kinesis has written the record.</summary>
        public Task<KinesisPutResult> PutAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Sends every buffered record now and completes when each has completed; the producer stays usable.</summary>
        public Task FlushAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

        /// <summary>Flushes, stops the pipeline, then throws an AggregateException of unobserved failures, if any.</summary>
        public ValueTask DisposeAsync() => throw new NotImplementedException();
    }
}
