using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Support;

/// <summary>Producer settings with short delays so end-to-end tests stay fast.</summary>
internal static class Fast
{
    public static KinesisProducerOptions Options(Action<KinesisProducerOptions>? configure = null)
    {
        var options = new KinesisProducerOptions
        {
            RecordMaxBufferedTime = TimeSpan.FromMilliseconds(5),
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(5),
            RecordTtl = TimeSpan.FromSeconds(30),
            ShardMapRefreshInterval = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    public static KinesisProducer Producer(ShardSimulator simulator, Action<KinesisProducerOptions>? configure = null) =>
        new(simulator, simulator.StreamName, Options(configure));

    /// <summary>A payload that names its key and position, so delivered records can be matched and ordered.</summary>
    public static byte[] Payload(string key, int index, int padTo = 0)
    {
        var text = $"{key}#{index}";
        if (text.Length < padTo)
        {
            text = text.PadRight(padTo, '.');
        }

        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Reads back the position written by <see cref="Payload"/>.</summary>
    public static int IndexOf(DeliveredRecord record)
    {
        var text = record.Text.TrimEnd('.');
        return int.Parse(text[(text.IndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a condition that the pipeline reaches on its own; fails after a generous limit.</summary>
    public static async Task Until(Func<bool> condition, int timeoutMs = 20_000)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException("The condition was not reached.");
            }

            await Task.Delay(5);
        }
    }
}
