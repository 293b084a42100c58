using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class EntryRecyclerTests
{
    private const int MaxBytes = 4_000;

    [Fact]
    public void Aggregating_in_steady_state_allocates_almost_nothing_per_record()
    {
        var recycler = new EntryRecycler(MaxBytes, 64L * 1024 * 1024);
        var aggregator = new ShardAggregator(true, MaxBytes, TimeSpan.FromMilliseconds(100), recycler);
        var records = Enumerable.Range(0, 20_000).Select(i => Records.User("key-" + i, 40)).ToArray();
        var entries = new List<PutRecordsEntry>();

        void Run()
        {
            foreach (var record in records)
            {
                aggregator.Add(record, entries);
                foreach (var entry in entries)
                {
                    recycler.Recycle(entry);
                }

                entries.Clear();
            }
        }

        Run(); // buffers, lists and key tables reach their size
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var perRecord = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)records.Length;

        // What is left is per aggregated record (the entry, its transport record, the outer hash key text), not per user record.
        Assert.True(perRecord < 16, $"{perRecord:F1} bytes per record");
    }

    [Fact]
    public void A_recycled_buffer_goes_to_the_next_aggregated_record_and_a_tainted_one_does_not()
    {
        var recycler = new EntryRecycler(MaxBytes, 64L * 1024 * 1024);
        var aggregator = new ShardAggregator(true, MaxBytes, TimeSpan.FromMilliseconds(100), recycler);
        aggregator.Add(Records.User("a"), new List<PutRecordsEntry>());
        aggregator.Add(Records.User("b"), new List<PutRecordsEntry>());
        var first = aggregator.Seal()!;
        var firstBuffer = first.PooledBuffer;
        Assert.NotNull(firstBuffer);
        recycler.Recycle(first);
        Assert.Equal(1, recycler.BufferCount);

        aggregator.Add(Records.User("c"), new List<PutRecordsEntry>());
        aggregator.Add(Records.User("d"), new List<PutRecordsEntry>());
        var second = aggregator.Seal()!;
        Assert.Same(firstBuffer, second.PooledBuffer);

        second.Tainted = true;
        recycler.Recycle(second);
        Assert.Equal(0, recycler.BufferCount);
    }

    [Fact]
    public void An_entry_gives_its_buffer_back_only_once()
    {
        var recycler = new EntryRecycler(MaxBytes, 64L * 1024 * 1024);
        var aggregator = new ShardAggregator(true, MaxBytes, TimeSpan.FromMilliseconds(100), recycler);
        aggregator.Add(Records.User("a"), new List<PutRecordsEntry>());
        aggregator.Add(Records.User("b"), new List<PutRecordsEntry>());
        var entry = aggregator.Seal()!;
        recycler.Recycle(entry);
        recycler.Recycle(entry);
        Assert.Equal(1, recycler.BufferCount);
    }
}
