using System;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Wakes the pipeline loop: any number of <see cref="Set"/> calls between two waits wake it once.
    /// The loop resets the signal before it looks at its inputs, so nothing set after that look is missed.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
        "A SemaphoreSlim holds an unmanaged handle only once AvailableWaitHandle is read, which never happens here; late Set calls from finishing sends must not meet a disposed semaphore.")]
    internal sealed class LoopSignal
    {
        private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(0);
        private int _pending;

        public void Set()
        {
            // Already pending (the common case while callers post): a read, no write to a line the loop also writes.
            if (Volatile.Read(ref _pending) != 0)
            {
                return;
            }

            if (Interlocked.Exchange(ref _pending, 1) == 0)
            {
                _semaphore.Release();
            }
        }

        /// <summary>Blocks until a <see cref="Set"/> or the timeout (Timeout.InfiniteTimeSpan for none): the loop's own thread.</summary>
        public void Wait(TimeSpan timeout) => _semaphore.Wait(timeout);

        /// <summary>Waits for a <see cref="Set"/> or the timeout (Timeout.InfiniteTimeSpan for none).</summary>
        public async Task WaitAsync(TimeSpan timeout)
        {
            await _semaphore.WaitAsync(timeout).ConfigureAwait(false);
        }

        /// <summary>
        /// Clears the signal; call before reading the inputs the signal announces. A release left over from a
        /// wait that timed out just as Set ran costs one spare wake-up, never a missed one.
        /// </summary>
        /// <remarks>
        /// A full fence (not a plain write): the loop's reads of its inputs must not move before it, or a Set that
        /// still saw the old pending flag (and so did not release) could meet a loop that read its inputs too early.
        /// </remarks>
        public void Reset() => Interlocked.Exchange(ref _pending, 0);
    }
}
