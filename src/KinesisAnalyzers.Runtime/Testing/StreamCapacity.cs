using System;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// What the open shards of a <see cref="ShardSimulator"/> could take at one instant without throttling, taken
    /// with <see cref="ShardSimulator.CaptureCapacity"/> while no request is written. The most the stream takes in the
    /// next t seconds is <see cref="AvailableBytes"/> plus t x <see cref="OpenShards"/> x 1 MiB (records likewise).
    /// </summary>
    public sealed class StreamCapacity
    {
        /// <summary>Creates a capacity reading.</summary>
        public StreamCapacity(TimeSpan at, int openShards, long availableBytes, long availableRecords)
        {
            At = at;
            OpenShards = openShards;
            AvailableBytes = availableBytes;
            AvailableRecords = availableRecords;
        }

        /// <summary>When it was read, on the simulator's clock.</summary>
        public TimeSpan At { get; }

        /// <summary>The shards taking writes.</summary>
        public int OpenShards { get; }

        /// <summary>The bytes (data plus key) the open shards' buckets held, summed.</summary>
        public long AvailableBytes { get; }

        /// <summary>The records the open shards' buckets held, summed.</summary>
        public long AvailableRecords { get; }

        /// <inheritdoc />
        public override string ToString() => $"{At}: {OpenShards} shards, {AvailableBytes} bytes, {AvailableRecords} records";
    }
}
