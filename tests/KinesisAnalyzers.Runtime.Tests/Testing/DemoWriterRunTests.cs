using ShardLimitsDemo.Writers;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>
/// The demo's and the benchmarks' measurement: lost and duplicated records are counted from the simulator's log,
/// and every writer accounts for what it offered. No timing is asserted.
/// </summary>
public sealed class DemoWriterRunTests
{
    /// <summary>Offers 100 records, drops every tenth, and sends the first five twice.</summary>
    private sealed class LeakyWriter : IRecordWriter
    {
        public string Name => "leaky";

        public string Description => "drops and repeats on purpose";

        public async Task<long> RunAsync(IKinesisTransport transport, string streamName, RecordSource source, CancellationToken stopOffering)
        {
            var records = Enumerable.Range(0, 100).Select(_ => source.Next()).ToList();
            var sent = records.Where((_, i) => i % 10 != 0).Concat(records.Take(5).Where((_, i) => i % 10 != 0))
                .Select(r => new TransportRecord(r.Key, null, r.Data)).ToArray();
            foreach (var chunk in sent.Chunk(500))
            {
                await transport.PutRecordsAsync(streamName, chunk, CancellationToken.None);
            }

            return 10;
        }
    }

    [Fact]
    public async Task Lost_and_duplicated_records_are_counted_from_the_log()
    {
        var result = await new WriterRun(shards: 2, TimeSpan.Zero).RunAsync(new LeakyWriter(), new RecordSource(16), TimeSpan.FromMilliseconds(50), TimeSpan.Zero);

        Assert.Equal(100, result.Offered);
        Assert.Equal(10, result.Lost);
        Assert.Equal(4, result.Duplicates); // records 1 to 4; record 0 was dropped
        Assert.Equal(10, result.GaveUp);
    }

    [Theory]
    [InlineData(typeof(PutRecordsBatcher))]
    [InlineData(typeof(ProducerWriter))]
    [InlineData(typeof(NaivePutRecordLoop))]
    public async Task Every_record_offered_arrives_or_is_one_the_writer_gave_up_on(Type writerType)
    {
        var writer = (IRecordWriter)Activator.CreateInstance(writerType)!;

        var result = await new WriterRun(shards: 2, TimeSpan.Zero).RunAsync(writer, new RecordSource(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100));

        Assert.True(result.Offered > 0);
        Assert.Equal(result.GaveUp, result.Lost);
        if (writer is not NaivePutRecordLoop)
        {
            Assert.Equal(0, result.Lost); // the naive loop may give up on throttled records: that is its point
        }
    }
}
