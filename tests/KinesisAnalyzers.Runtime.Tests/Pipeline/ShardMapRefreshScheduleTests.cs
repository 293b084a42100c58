using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardMapRefreshScheduleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_first_load_is_due_at_once()
    {
        var schedule = new ShardMapRefreshSchedule(Second, TimeSpan.FromSeconds(30));
        Assert.True(schedule.IsDue(TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, schedule.NextDue);
    }

    [Fact]
    public void Requests_never_start_loads_more_often_than_the_minimum_interval()
    {
        var schedule = new ShardMapRefreshSchedule(Second, TimeSpan.FromSeconds(30));
        var loads = 0;
        for (var ms = 0; ms < 10_000; ms += 10)
        {
            var now = TimeSpan.FromMilliseconds(ms);
            schedule.Request(); // a surprising result on every turn
            if (schedule.IsDue(now))
            {
                loads++;
                schedule.Started(now);
                schedule.Succeeded();
            }
        }

        Assert.Equal(10, loads);
    }

    [Fact]
    public void Without_a_request_nothing_is_due()
    {
        var schedule = new ShardMapRefreshSchedule(Second, TimeSpan.FromSeconds(30));
        schedule.Started(TimeSpan.Zero);
        schedule.Succeeded();
        Assert.False(schedule.IsDue(TimeSpan.FromHours(1)));
        Assert.Null(schedule.NextDue);
    }

    [Fact]
    public void Requests_during_a_load_are_dropped()
    {
        var schedule = new ShardMapRefreshSchedule(Second, TimeSpan.FromSeconds(30));
        schedule.Started(TimeSpan.Zero);
        schedule.Request();
        Assert.False(schedule.IsDue(TimeSpan.FromSeconds(5)));
        schedule.Succeeded();
        Assert.False(schedule.Requested);
    }

    [Fact]
    public void Failed_loads_are_retried_with_a_doubling_interval_up_to_the_cap()
    {
        var schedule = new ShardMapRefreshSchedule(Second, TimeSpan.FromSeconds(5));
        var now = TimeSpan.Zero;
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            schedule.Started(now);
            schedule.Failed(now);
            waits.Add((schedule.NextDue!.Value - now).TotalSeconds);
            now = schedule.NextDue!.Value;
        }

        Assert.Equal(new[] { 1.0, 2, 4, 5, 5 }, waits);
        schedule.Started(now);
        schedule.Succeeded();
        schedule.Request();
        Assert.Equal(now + Second, schedule.NextDue);
    }
}
