using System;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Runs a transport call with a deadline. The call gets a token that fires at the deadline; a call that
    /// ignores it is abandoned there (its late outcome observed and dropped), so a hung transport never
    /// holds a record forever.
    /// </summary>
    internal static class TimeBound
    {
        /// <exception cref="TimeoutException">The call did not finish within <paramref name="timeout"/>.</exception>
        public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                var task = call(deadline.Token) ?? throw new InvalidOperationException("The transport returned a null task.");
                var abandon = Task.Delay(Timeout.Infinite, deadline.Token);
                if (await Task.WhenAny(task, abandon).ConfigureAwait(false) != task)
                {
                    Observe(task);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new TimeoutException($"The call did not finish within {timeout.TotalMilliseconds:0} ms and was abandoned.");
                }

                try
                {
                    return await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The call did not finish within {timeout.TotalMilliseconds:0} ms and was cancelled.");
                }
            }
            finally
            {
                // Completes the abandon delay so nothing waits on the token after the call.
                deadline.Cancel();
            }
        }

        /// <summary>Waits for <paramref name="task"/> or for the token, whichever comes first (Task.WaitAsync on every target).</summary>
        public static async Task WaitAsync(Task task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted)
            {
                await task.ConfigureAwait(false);
                return;
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            {
                await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        private static void Observe(Task task) =>
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
