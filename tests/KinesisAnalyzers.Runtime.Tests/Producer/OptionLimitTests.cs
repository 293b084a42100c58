using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Durations too long to add to a clock are refused at construction, naming the option.</summary>
public sealed class OptionLimitTests
{
    public static TheoryData<string> Durations => new() { nameof(KinesisProducerOptions.RecordTtl), nameof(KinesisProducerOptions.RecordMaxBufferedTime), nameof(KinesisProducerOptions.RequestTimeout), nameof(KinesisProducerOptions.RetryMaxDelay) };

    private static void Set(KinesisProducerOptions options, string name, TimeSpan value) =>
        typeof(KinesisProducerOptions).GetProperty(name)!.SetValue(options, value);

    [Theory]
    [MemberData(nameof(Durations))]
    public void TimeSpan_MaxValue_is_refused_at_construction_with_the_option_named(string name)
    {
        var simulator = new ShardSimulator(1);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Fast.Producer(simulator, o => Set(o, name, TimeSpan.MaxValue)));
        Assert.Equal(name, exception.ParamName);
        Assert.Contains("at most", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Durations))]
    public async Task The_longest_allowed_duration_works(string name)
    {
        var simulator = new ShardSimulator(1);
        await using var producer = Fast.Producer(simulator, o => Set(o, name, KinesisProducerOptions.MaxDuration));
        await producer.AddAsync("k", new byte[] { 1 });
        await producer.FlushAsync();
        Assert.Single(simulator.Delivered);
        Assert.Equal(0, producer.BufferedBytes);
    }
}
