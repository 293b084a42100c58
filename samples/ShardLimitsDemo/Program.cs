using System.Globalization;
using KinesisAnalyzers.Runtime.Testing;
using ShardLimitsDemo.Writers;
using Spectre.Console;

// Three ways of writing to Kinesis, each for a few seconds against the same simulated stream (the runtime's
// ShardSimulator: the real per-shard limits of 1 MiB/s and 1,000 records/s, per-entry throttling), then compared.
//   dotnet run --project samples/ShardLimitsDemo [-- --seconds 5 --record-bytes 100 --shards 4 --latency-ms 5]
var settings = DemoSettings.Parse(args);
IRecordWriter[] writers = [new NaivePutRecordLoop(), new PutRecordsBatcher(), new ProducerWriter()];
var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

Console.WriteLine(
    $"{settings.Shards} shards: limit {settings.Shards} MiB/s and {settings.Shards * ShardSimulator.ShardRecordsPerSecond:N0} records/s; " +
    $"{settings.RecordBytes}-byte records with 36-character keys; {settings.Latency.TotalMilliseconds:0} ms per request; {settings.Duration.TotalSeconds:0} s each.");

var results = new List<RunResult>();
foreach (var writer in writers)
{
    var run = new WriterRun(settings.Shards, settings.Latency);
    var running = run.RunAsync(writer, new RecordSource(settings.RecordBytes), settings.Duration, settings.WarmUp);
    if (interactive)
    {
        await ShowLiveAsync(writer, run, running, settings.Duration);
    }
    else
    {
        await ShowLinesAsync(writer, run, running, settings.Duration);
    }

    results.Add(await running);
}

if (interactive)
{
    AnsiConsole.Write(ComparisonTable(results));
}
else
{
    foreach (var r in results)
    {
        Console.WriteLine(
            $"result scenario={r.Scenario} records_per_s={r.RecordsPerSecond:F0} pct_of_byte_limit={r.PercentOfByteLimit:F1} " +
            $"pct_of_record_limit={r.PercentOfRecordLimit:F1} throttles={r.Throttles} lost={r.Lost} duplicates={r.Duplicates}");
    }
}

return 0;

static async Task ShowLiveAsync(IRecordWriter writer, WriterRun run, Task<RunResult> running, TimeSpan duration)
{
    await AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(writer.Name), maxValue: duration.TotalSeconds);
            var meter = new RateMeter(run);
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(250));
                var (rate, delivered) = meter.Sample();
                var phase = run.Elapsed < duration ? "" : " [grey]finishing[/]";
                task.Description = $"{Markup.Escape(writer.Name),-19} {rate,7:N0} rec/s {run.Simulator.ThrottledEntries,7:N0} throttled{phase}";
                task.Value = Math.Min(run.Elapsed.TotalSeconds, duration.TotalSeconds);
            }

            task.Value = task.MaxValue;
        });
}

static async Task ShowLinesAsync(IRecordWriter writer, WriterRun run, Task<RunResult> running, TimeSpan duration)
{
    var meter = new RateMeter(run);
    while (!running.IsCompleted)
    {
        await Task.WhenAny(running, Task.Delay(1000));
        var (rate, delivered) = meter.Sample();
        Console.WriteLine(
            $"progress scenario={writer.Name} t={run.Elapsed.TotalSeconds:F0}s records_per_s={rate:F0} written={delivered} throttles={run.Simulator.ThrottledEntries}" +
            (run.Elapsed < duration ? "" : " finishing"));
    }
}

static Table ComparisonTable(IReadOnlyList<RunResult> results)
{
    var table = new Table().Border(TableBorder.Rounded).Title("Against the shard limits");
    table.AddColumn("writer");
    table.Columns[0].NoWrap();
    foreach (var column in new[] { "records/s", "bytes %", "records %", "throttles", "lost", "dup" })
    {
        table.AddColumn(new TableColumn(column).RightAligned());
    }

    foreach (var r in results)
    {
        var lost = r.Lost == 0 ? "[green]0[/]" : $"[red]{r.Lost:N0}[/]";
        table.AddRow(
            Markup.Escape(r.Scenario), $"{r.RecordsPerSecond:N0}", $"{r.PercentOfByteLimit:F1} %", $"{r.PercentOfRecordLimit:F1} %",
            $"{r.Throttles:N0}", lost, $"{r.Duplicates:N0}");
    }

    table.Caption(
        "records/s: distinct user records written per second after a 1 s warm-up. bytes %, records %: of what the shards could take " +
        "(1 MiB/s and 1,000 records/s each). lost: sent but never written. dup: written more than once.");
    return table;
}

/// <summary>Written records per second since the previous sample.</summary>
internal sealed class RateMeter(WriterRun run)
{
    private TimeSpan _at = run.Elapsed;
    private int _count = run.Simulator.DeliveredCount;

    public (double Rate, int Delivered) Sample()
    {
        var now = run.Elapsed;
        var count = run.Simulator.DeliveredCount;
        var rate = (count - _count) / Math.Max((now - _at).TotalSeconds, 1e-3);
        (_at, _count) = (now, count);
        return (rate, count);
    }
}

/// <summary>The demo's command line.</summary>
internal sealed record DemoSettings(TimeSpan Duration, TimeSpan WarmUp, int RecordBytes, int Shards, TimeSpan Latency)
{
    public static DemoSettings Parse(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new DemoSettings(
            TimeSpan.FromSeconds(Option("--seconds", 5)),
            TimeSpan.FromSeconds(1),
            Option("--record-bytes", 100),
            Option("--shards", 4),
            TimeSpan.FromMilliseconds(Option("--latency-ms", 5)));
    }
}
