using KinesisAnalyzers.Runtime.Testing;
using static KinesisAnalyzers.Runtime.Tests.Testing.SimulatorCalls;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>Requests the service refuses whole, refused with its error code and wording, writing nothing.</summary>
public sealed class ShardSimulatorValidationTests
{
    private const int MiB = 1024 * 1024;

    private readonly ShardSimulator _simulator = new(2) { EnforceLimits = false };

    private async Task<KinesisTransportException> Refused(params TransportRecord[] records)
    {
        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => Put(_simulator, records));
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal(1, _simulator.InvalidRequests);
        Assert.Empty(_simulator.KinesisRecords);
        Assert.Empty(_simulator.Delivered);
        return exception;
    }

    [Fact]
    public async Task More_than_500_entries()
    {
        var exception = await Refused(Many(501).ToArray());

        Assert.Equal("ValidationException", exception.ErrorCode);
        Assert.Equal(
            "1 validation error detected: Value '[501 records]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500",
            exception.Message);
    }

    [Fact]
    public async Task No_entry()
    {
        var exception = await Refused();

        Assert.Equal("ValidationException", exception.ErrorCode);
        Assert.Contains("at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1", exception.Message);
    }

    [Fact]
    public async Task Partition_keys_of_0_or_257_characters_every_violation_listed()
    {
        var longKey = new string('x', 257);
        var exception = await Refused(Entry("ok"), Entry(""), Entry(longKey));

        Assert.Equal("ValidationException", exception.ErrorCode);
        Assert.StartsWith("2 validation errors detected: ", exception.Message);
        Assert.Contains("Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1", exception.Message);
        Assert.Contains($"Value '{longKey}' at 'records.3.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256", exception.Message);
    }

    [Fact]
    public async Task Data_over_the_record_size_limit()
    {
        var exception = await Refused(Entry("a"), Entry("b", data: new byte[MiB + 1]));

        Assert.Equal("ValidationException", exception.ErrorCode);
        Assert.Equal(
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'records.2.member.data' " +
            "failed to satisfy constraint: Member must have length less than or equal to 1048576",
            exception.Message);
    }

    [Fact]
    public async Task Data_plus_partition_key_over_the_record_size_limit()
    {
        var exception = await Refused(Entry("key", data: new byte[MiB]));

        Assert.Equal("InvalidArgumentException", exception.ErrorCode);
        Assert.Contains("Record 1 is 1048579 bytes (data plus partition key)", exception.Message);
    }

    [Fact]
    public async Task A_request_over_5_MiB()
    {
        var exception = await Refused(Enumerable.Range(0, 6).Select(i => Sized("k" + i, MiB)).ToArray());

        Assert.Equal("InvalidArgumentException", exception.ErrorCode);
        Assert.Equal("Records size exceeds 5 MB limit", exception.Message);
    }

    [Fact]
    public async Task Explicit_hash_keys_out_of_pattern_or_range()
    {
        var pattern = await Assert.ThrowsAsync<KinesisTransportException>(() => Put(_simulator, Entry("a", "007"), Entry("b", "-1")));
        Assert.Equal("ValidationException", pattern.ErrorCode);
        Assert.Contains(@"Value '007' at 'records.1.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})", pattern.Message);
        Assert.Contains("at 'records.2.member.explicitHashKey'", pattern.Message);

        var tooLarge = (System.Numerics.BigInteger.One << 128).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var range = await Assert.ThrowsAsync<KinesisTransportException>(() => Put(_simulator, Entry("a", tooLarge)));
        Assert.Equal("InvalidArgumentException", range.ErrorCode);
        Assert.Equal($"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {tooLarge}", range.Message);
        Assert.Equal(2, _simulator.InvalidRequests);
        Assert.Empty(_simulator.KinesisRecords);
    }

    [Fact]
    public async Task An_unknown_stream()
    {
        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => _simulator.PutRecordsAsync("other", new[] { Entry("a") }, CancellationToken.None));
        var listing = await Assert.ThrowsAsync<KinesisTransportException>(() => _simulator.ListShardsAsync("other", null, CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", exception.ErrorCode);
        Assert.Equal("ResourceNotFoundException", listing.ErrorCode);
        Assert.Contains("Stream other under account", exception.Message);
        Assert.Empty(_simulator.KinesisRecords);
    }

    [Fact]
    public async Task Requests_exactly_at_every_limit_are_written()
    {
        var maxKey = new string('k', 256);
        Assert.Equal(500, Written(await Put(_simulator, Many(500, maxKey))));
        Assert.Equal(1, Written(await Put(_simulator, Sized("k", MiB))));
        Assert.Equal(5, Written(await Put(_simulator, Enumerable.Range(0, 5).Select(i => Sized("k" + i, MiB)))));
        Assert.Equal(1, Written(await Put(_simulator, Entry("a", "340282366920938463463374607431768211455"))));
        Assert.Equal(1, Written(await Put(_simulator, Entry("a", "0"))));
        Assert.Equal(0, _simulator.InvalidRequests);
    }

    [Fact]
    public async Task A_stream_with_large_records_takes_up_to_10_MiB_per_record_and_request()
    {
        _simulator.MaxRecordBytes = 10 * MiB;
        _simulator.MaxRequestBytes = 10 * MiB;

        Assert.Equal(1, Written(await Put(_simulator, Sized("k", 10 * MiB))));
        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => Put(_simulator, Sized("a", 6 * MiB), Sized("b", (4 * MiB) + 1)));
        Assert.Equal("Records size exceeds 10 MB limit", exception.Message);
        Assert.Single(_simulator.KinesisRecords);
    }

    [Fact]
    public void Settings_outside_the_service_range_are_refused_at_once()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.MaxRecordBytes = MiB - 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.MaxRecordBytes = (10 * MiB) + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.MaxRequestBytes = (10 * MiB) + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.ListShardsPageSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => _simulator.Latency = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardSimulator(0));
    }
}
