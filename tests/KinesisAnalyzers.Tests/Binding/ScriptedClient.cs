namespace KinesisAnalyzers.Tests.Binding;

/// <summary>Typed access to a Harness.ScriptedKinesis instance (see <see cref="ScriptedKinesisSource"/>), which the test cannot name.</summary>
internal sealed class ScriptedClient
{
    private readonly dynamic _fake;

    public ScriptedClient(object fake)
    {
        Instance = fake;
        _fake = fake;
    }

    /// <summary>The fake itself: an Amazon.Kinesis.IAmazonKinesis.</summary>
    public object Instance { get; }

    /// <summary>Partition keys sent -> one error code per entry (null = written, "null-entry" = no result entry); null answers Records = null.</summary>
    public Func<string[], string?[]?> OnPutRecords { set => _fake.OnPutRecords = value; }

    /// <summary>Called with the partition key of each PutRecord; throwing fails the call.</summary>
    public Action<string> OnPutRecord { set => _fake.OnPutRecord = value; }

    public List<string[]> ShardPages => _fake.ShardPages;

    public List<string[]> PutRecordsKeys => _fake.PutRecordsKeys;

    public List<string[]> PutRecordsData => _fake.PutRecordsData;

    public List<long[]> PutRecordsPositions => _fake.PutRecordsPositions;

    public List<string?[]> PutRecordsHashKeys => _fake.PutRecordsHashKeys;

    public List<string?> PutRecordsStreams => _fake.PutRecordsStreams;

    public List<ArraySegment<byte>[]> PutRecordsBuffers => _fake.PutRecordsBuffers;

    public List<bool> PutRecordsNullRecords => _fake.PutRecordsNullRecords;

    public List<string> PutRecordKeys => _fake.PutRecordKeys;

    public List<long> PutRecordPositions => _fake.PutRecordPositions;

    public List<string> PutRecordData => _fake.PutRecordData;

    public List<string> ListShardsCalls => _fake.ListShardsCalls;

    /// <summary>The SDK exceptions the fake threw, in order.</summary>
    public List<Exception> Thrown => _fake.Thrown;

    public object? LastResponse => _fake.LastResponse;
}
