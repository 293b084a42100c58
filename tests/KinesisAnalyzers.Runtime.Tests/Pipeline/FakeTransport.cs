namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

/// <summary>A transport whose answers each test writes.</summary>
internal sealed class FakeTransport : IKinesisTransport
{
    private int _putCalls;
    private int _listCalls;

    public Func<IReadOnlyList<TransportRecord>, CancellationToken, Task<TransportPutResult>> PutRecords { get; set; } =
        (records, _) => Task.FromResult(new TransportPutResult(records.Select((_, i) => TransportRecordResult.Success(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "shardId-000000000000")).ToList()));

    public Func<string?, CancellationToken, Task<TransportShardPage>> ListShards { get; set; } =
        (_, _) => Task.FromResult(new TransportShardPage(new[] { new TransportShard("shardId-000000000000", "0", "340282366920938463463374607431768211455") }, null));

    public int PutRecordsCalls => Volatile.Read(ref _putCalls);

    public int ListShardsCalls => Volatile.Read(ref _listCalls);

    public Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _putCalls);
        return PutRecords(records, cancellationToken);
    }

    public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        return ListShards(nextToken, cancellationToken);
    }
}
