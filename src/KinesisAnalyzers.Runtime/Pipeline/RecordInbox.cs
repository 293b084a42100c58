using System.Collections.Concurrent;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Accepted records on their way from the callers to the loop, in the order they were posted. A lock-free queue
    /// (many callers, no lock to contend on); drained often, it reuses its ring of slots, so it allocates only while
    /// growing. Peeking is for the rare wait before the first shard map (it makes the queue start a new segment).
    /// Thread-safe.
    /// </summary>
    internal sealed class RecordInbox
    {
        private readonly ConcurrentQueue<UserRecord> _queue = new ConcurrentQueue<UserRecord>();

        public bool IsEmpty => _queue.IsEmpty;

        public void Post(UserRecord record) => _queue.Enqueue(record);

        /// <summary>Moves up to <paramref name="max"/> records, oldest first, to the end of <paramref name="destination"/>.</summary>
        public int TakeUpTo(int max, List<UserRecord> destination)
        {
            var taken = 0;
            while (taken < max && _queue.TryDequeue(out var record))
            {
                destination.Add(record);
                taken++;
            }

            return taken;
        }

        /// <summary>The oldest record not yet taken.</summary>
        public bool TryPeek(out UserRecord record) => _queue.TryPeek(out record!);

        /// <summary>Takes the oldest record.</summary>
        public bool TryTake(out UserRecord record) => _queue.TryDequeue(out record!);
    }
}
