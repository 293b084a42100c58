using System.Buffers.Binary;
using System.Globalization;

namespace ShardLimitsDemo.Writers;

/// <summary>
/// Unique user records to send: 36-character partition keys, and payloads that start with the record's
/// number so every arrival can be matched to what was sent (lost and duplicated records are counted, not sampled).
/// </summary>
public sealed class RecordSource
{
    private long _next;

    /// <param name="recordBytes">The payload size of each record, at least 8 bytes (the record's number).</param>
    public RecordSource(int recordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordBytes, sizeof(long));
        RecordBytes = recordBytes;
    }

    public int RecordBytes { get; }

    /// <summary>How many records were handed out.</summary>
    public long Offered => Interlocked.Read(ref _next);

    /// <summary>The next record. Thread-safe.</summary>
    public (string Key, byte[] Data) Next()
    {
        var id = Interlocked.Increment(ref _next) - 1;
        var data = new byte[RecordBytes];
        BinaryPrimitives.WriteInt64LittleEndian(data, id);
        return (KeyOf(id), data);
    }

    /// <summary>The record number a payload starts with.</summary>
    public static long IdOf(byte[] data) => BinaryPrimitives.ReadInt64LittleEndian(data);

    // Distinct keys spread evenly over the shards: Kinesis routes by the key's MD5.
    private static string KeyOf(long id) => "customer-" + id.ToString("D27", CultureInfo.InvariantCulture);
}
