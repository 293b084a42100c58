using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class FailureHandlerDispatcherTests
{
    private static KinesisRecordFailure Failure(string code) =>
        new("k", null, new byte[1], null, code, null, null, Array.Empty<KinesisAttempt>());

    [Fact]
    public async Task Handlers_run_one_at_a_time_in_order_and_their_exceptions_are_logged_not_fatal()
    {
        var logger = new CapturingLogger();
        var seen = new List<string>();
        var running = 0;
        var overlapped = false;
        var dispatcher = new FailureHandlerDispatcher(
            async failure =>
            {
                overlapped |= Interlocked.Increment(ref running) > 1;
                await Task.Delay(1);
                seen.Add(failure.ErrorCode);
                Interlocked.Decrement(ref running);
                if (failure.ErrorCode == "boom")
                {
                    throw new InvalidOperationException("handler bug");
                }
            },
            logger);

        var handled = 0;
        foreach (var code in new[] { "a", "boom", "b", "c" })
        {
            dispatcher.Enqueue(Failure(code), () => { }, () => Interlocked.Increment(ref handled));
        }

        dispatcher.Complete();
        await dispatcher.Completion;

        Assert.Equal(new[] { "a", "boom", "b", "c" }, seen);
        Assert.False(overlapped);
        Assert.Equal(4, handled);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public async Task A_handler_that_returns_null_or_throws_synchronously_is_survived()
    {
        var logger = new CapturingLogger();
        var handled = 0;
        var dispatcher = new FailureHandlerDispatcher(f => f.ErrorCode == "null" ? null! : throw new InvalidOperationException(), logger);
        dispatcher.Enqueue(Failure("null"), () => { }, () => handled++);
        dispatcher.Enqueue(Failure("throw"), () => { }, () => handled++);
        dispatcher.Complete();
        await dispatcher.Completion;
        Assert.Equal(2, handled);
    }

    [Fact]
    public void After_completion_a_failure_is_marked_handled_at_once()
    {
        var dispatcher = new FailureHandlerDispatcher(_ => Task.CompletedTask, new CapturingLogger());
        dispatcher.Complete();
        var handled = false;
        dispatcher.Enqueue(Failure("late"), () => { }, () => handled = true);
        Assert.True(handled);
    }
}
