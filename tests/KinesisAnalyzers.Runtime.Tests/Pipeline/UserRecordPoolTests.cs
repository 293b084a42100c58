using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class UserRecordPoolTests
{
    private static UserRecord Filled(UserRecordPool pool, string key, byte[] data, bool awaitsResult = false)
    {
        var record = pool.Rent();
        record.Accept(key, null, PartitionKeyHasher.Hash(key), data, owned: false, data.Length + key.Length, TimeSpan.Zero, TimeSpan.FromSeconds(30), awaitsResult);
        return record;
    }

    [Fact]
    public void A_returned_record_is_rented_again_with_its_buffer_and_new_content()
    {
        var pool = new UserRecordPool(64L * 1024 * 1024);
        var first = Filled(pool, "a", new byte[] { 1, 2, 3, 4 });
        first.ClaimCompletion();
        pool.Return(new List<UserRecord> { first });

        var second = Filled(pool, "b", new byte[] { 9, 9 });
        Assert.Same(first, second);
        Assert.Equal(new byte[] { 9, 9 }, second.Data.ToArray());
        Assert.Equal("b", second.PartitionKey);
        Assert.False(second.IsCompleted);
        Assert.Equal(0, second.Attempts);
        Assert.Empty(second.FailedAttempts);
        Assert.Null(second.Lane);
    }

    [Fact]
    public void The_caller_data_is_copied_so_the_caller_may_reuse_its_buffer()
    {
        var pool = new UserRecordPool(64L * 1024 * 1024);
        var data = new byte[] { 5, 6, 7 };
        var record = Filled(pool, "k", data);
        data[0] = 0;
        Assert.Equal(new byte[] { 5, 6, 7 }, record.Data.ToArray());
    }

    [Fact]
    public void The_pool_keeps_no_more_than_a_quarter_of_the_buffer_limit()
    {
        const long Limit = 4L * 1024 * 1024;
        var pool = new UserRecordPool(Limit);
        var records = Enumerable.Range(0, 20_000).Select(i => Filled(pool, "k" + i, new byte[100])).ToList();
        pool.Return(records);

        Assert.InRange(pool.RetainedBytes, 1, Limit / 4);
        Assert.InRange(pool.Count, 1, 19_999);
    }

    [Fact]
    public void A_large_payload_buffer_is_not_kept()
    {
        var pool = new UserRecordPool(64L * 1024 * 1024);
        var record = Filled(pool, "big", new byte[1024 * 1024]);
        pool.Return(new List<UserRecord> { record });
        Assert.Equal(0, pool.Rent().RetainedBytes);
    }

    [Fact]
    public void A_PutAsync_record_and_a_tainted_record_are_not_recyclable()
    {
        var pool = new UserRecordPool(64L * 1024 * 1024);
        Assert.True(Filled(pool, "add", new byte[1]).Recyclable);
        Assert.False(Filled(pool, "put", new byte[1], awaitsResult: true).Recyclable);
        var tainted = Filled(pool, "t", new byte[1]);
        tainted.Tainted = true;
        Assert.False(tainted.Recyclable);
    }

    [Fact]
    public async Task Records_given_back_are_rented_once_each_by_callers_on_many_threads()
    {
        var pool = new UserRecordPool(64L * 1024 * 1024);
        var returned = Enumerable.Range(0, 1_000).Select(i => Filled(pool, "k" + i, new byte[10])).ToList();
        var expected = new HashSet<UserRecord>(returned, ReferenceEqualityComparer.Instance);
        pool.Return(returned);
        Assert.Equal(1_000, pool.Count);

        // The returned records are shared in chunks of 64: callers on several threads each take whole chunks, so no record
        // goes to two callers, and together they get all of them except what a caller's last chunk still holds.
        var rented = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var mine = new List<UserRecord>();
            for (var i = 0; i < 400; i++)
            {
                mine.Add(pool.Rent());
            }

            return mine;
        })));

        var all = rented.SelectMany(r => r).ToList();
        Assert.Equal(all.Count, all.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.InRange(all.Count(r => expected.Contains(r)), 1_000 - (4 * 63), 1_000);
    }
}
