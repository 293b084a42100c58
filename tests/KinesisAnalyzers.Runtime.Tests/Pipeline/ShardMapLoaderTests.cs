using System.IO;
using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardMapLoaderTests
{
    [Fact]
    public async Task Follows_NextToken_through_every_page()
    {
        var simulator = new ShardSimulator(7) { ListShardsPageSize = 3 };
        var map = await new ShardMapLoader(simulator, simulator.StreamName, TimeSpan.FromSeconds(5)).LoadAsync(CancellationToken.None);

        Assert.Equal(7, map.Count);
        Assert.Equal(3, simulator.ListShardsCalls);
        Assert.Equal(simulator.OpenShards.Select(s => s.ShardId).Order(), map.Shards.Select(s => s.ShardId).Order());
    }

    [Fact]
    public async Task Lists_only_open_shards_after_a_split()
    {
        var simulator = new ShardSimulator(2);
        var (low, high) = simulator.SplitShard(simulator.Shards[0].ShardId);
        var map = await new ShardMapLoader(simulator, simulator.StreamName, TimeSpan.FromSeconds(5)).LoadAsync(CancellationToken.None);

        Assert.Equal(3, map.Count);
        Assert.True(map.Contains(low));
        Assert.True(map.Contains(high));
        Assert.False(map.Contains(simulator.Shards[0].ShardId));
    }

    [Fact]
    public async Task A_repeated_token_is_a_malformed_answer_not_an_endless_loop()
    {
        var transport = new FakeTransport { ListShards = (_, _) => Task.FromResult(new TransportShardPage(Array.Empty<TransportShard>(), "same")) };
        await Assert.ThrowsAsync<InvalidDataException>(() => new ShardMapLoader(transport, "s", TimeSpan.FromSeconds(5)).LoadAsync(CancellationToken.None));
        Assert.Equal(2, transport.ListShardsCalls);
    }

    [Fact]
    public async Task A_null_page_is_a_malformed_answer()
    {
        var transport = new FakeTransport { ListShards = (_, _) => Task.FromResult<TransportShardPage>(null!) };
        await Assert.ThrowsAsync<InvalidDataException>(() => new ShardMapLoader(transport, "s", TimeSpan.FromSeconds(5)).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_hung_call_times_out()
    {
        var transport = new FakeTransport { ListShards = (_, _) => new TaskCompletionSource<TransportShardPage>().Task };
        await Assert.ThrowsAsync<TimeoutException>(() => new ShardMapLoader(transport, "s", TimeSpan.FromMilliseconds(50)).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Service_errors_pass_through()
    {
        var simulator = new ShardSimulator(1) { ListShardsException = new KinesisTransportException("denied", "AccessDeniedException", 400) };
        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => new ShardMapLoader(simulator, simulator.StreamName, TimeSpan.FromSeconds(5)).LoadAsync(CancellationToken.None));
        Assert.Equal("AccessDeniedException", exception.ErrorCode);
    }
}
