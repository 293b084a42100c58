using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Support;

/// <summary>A pipeline clock that moves only when a test advances it, so timing tests never read the wall clock.</summary>
internal sealed class ManualPipelineClock : PipelineClock
{
    private long _ticks;

    public override TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
