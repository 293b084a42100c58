using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>Builds entries and sends them to a simulator the way a transport caller does.</summary>
internal static class SimulatorCalls
{
    /// <summary>An entry whose size as the limits count it (data plus UTF-8 key) is exactly <paramref name="size"/>.</summary>
    public static TransportRecord Sized(string key, int size, string? explicitHashKey = null) =>
        new(key, explicitHashKey, new byte[size - System.Text.Encoding.UTF8.GetByteCount(key)]);

    public static TransportRecord Entry(string key, string? explicitHashKey = null, byte[]? data = null) =>
        new(key, explicitHashKey, data ?? new byte[] { 1 });

    public static Task<TransportPutResult> Put(ShardSimulator simulator, params TransportRecord[] records) =>
        simulator.PutRecordsAsync(simulator.StreamName, records, CancellationToken.None);

    public static Task<TransportPutResult> Put(ShardSimulator simulator, IEnumerable<TransportRecord> records) =>
        Put(simulator, records.ToArray());

    /// <summary>Sends the entries in requests of at most 500 and returns how many were written.</summary>
    public static async Task<int> WrittenInRequestsOf500(ShardSimulator simulator, IEnumerable<TransportRecord> records)
    {
        var written = 0;
        foreach (var chunk in records.Chunk(500))
        {
            written += Written(await Put(simulator, chunk));
        }

        return written;
    }

    public static IEnumerable<TransportRecord> Many(int count, string key = "k") => Enumerable.Range(0, count).Select(_ => Entry(key));

    public static int Written(TransportPutResult result) => result.Records.Count(r => r.Succeeded);

    public static int Throttled(TransportPutResult result) =>
        result.Records.Count(r => r.ErrorCode == KinesisErrors.ProvisionedThroughputExceeded);

    /// <summary>A key that the simulator routes to <paramref name="shard"/>.</summary>
    public static string KeyOn(SimulatedShard shard, int skip = 0) =>
        Enumerable.Range(0, 100_000).Select(i => "key-" + i).Where(k => shard.Contains(ShardSimulator.HashOf(k, null))).Skip(skip).First();
}
