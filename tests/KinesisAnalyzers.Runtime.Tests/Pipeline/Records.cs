using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

/// <summary>Builds pipeline records for stage tests.</summary>
internal static class Records
{
    private static long _nextId;

    public static UserRecord User(string key, int dataLength = 10, string? explicitHashKey = null, TimeSpan? acceptedAt = null, TimeSpan? ttl = null, bool awaitsResult = false)
    {
        var data = new byte[dataLength];
        data.AsSpan().Fill((byte)key[0]);
        var at = acceptedAt ?? TimeSpan.Zero;
        var size = dataLength + System.Text.Encoding.UTF8.GetByteCount(key);
        return new UserRecord(Interlocked.Increment(ref _nextId), key, explicitHashKey, PartitionKeyHasher.HashKeyOf(key, explicitHashKey), data, size, at, at + (ttl ?? TimeSpan.FromSeconds(30)), awaitsResult);
    }

    public static PutRecordsEntry Entry(int size = 100, TimeSpan? lingerDeadline = null, TimeSpan? ttl = null, int records = 1)
    {
        var users = Enumerable.Range(0, records).Select(_ => User("k", Math.Max(0, size - 1), ttl: ttl)).ToArray();
        return new PutRecordsEntry(users, new TransportRecord("k", null, new byte[Math.Max(0, size - 1)]), aggregated: records > 1, lingerDeadline ?? TimeSpan.FromMilliseconds(100));
    }
}
