using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>The records accepted between two flushes; done when sealed and every one of them has completed.</summary>
    internal sealed class FlushGeneration
    {
        private int _outstanding;
        private volatile bool _sealed;

        public int Outstanding => Volatile.Read(ref _outstanding);

        public bool Sealed => _sealed;

        public TaskCompletionSource<bool> Done { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Counts one more record in; false when the generation was sealed meanwhile (the count is undone).</summary>
        public bool TryJoin()
        {
            Interlocked.Increment(ref _outstanding);
            if (!_sealed)
            {
                return true;
            }

            Leave(1);
            return false;
        }

        /// <summary>Counts records out; completes the generation when it is sealed and none is left.</summary>
        public void Leave(int count)
        {
            // Interlocked is a full fence: either this sees the seal, or Seal sees the count reach zero (or both).
            if (Interlocked.Add(ref _outstanding, -count) == 0 && _sealed)
            {
                Done.TrySetResult(true);
            }
        }

        public void Seal()
        {
            _sealed = true;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _outstanding) == 0)
            {
                Done.TrySetResult(true);
            }
        }
    }

    /// <summary>
    /// Lets FlushAsync and DisposeAsync wait for exactly the records accepted before them, while new records
    /// keep flowing: each record joins the current generation; a flush seals it and waits for it and for every
    /// earlier generation. Joining and leaving take no lock (they happen once per record). Thread-safe.
    /// </summary>
    internal sealed class FlushTracker
    {
        private readonly object _lock = new object();
        private volatile FlushGeneration _current = new FlushGeneration();
        private Task _sealedDone = Task.CompletedTask;

        /// <summary>Counts a newly accepted record in the current generation.</summary>
        public FlushGeneration Join()
        {
            while (true)
            {
                var generation = _current;
                if (generation.TryJoin())
                {
                    return generation;
                }
            }
        }

        /// <summary>A record of <paramref name="generation"/> completed.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The tracker's own operation: callers leave through the tracker they joined.")]
        public void Leave(FlushGeneration generation) => generation.Leave(1);

        /// <summary><paramref name="count"/> records of <paramref name="generation"/> completed.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The tracker's own operation: callers leave through the tracker they joined.")]
        public void Leave(FlushGeneration generation, int count) => generation.Leave(count);

        /// <summary>Seals the current generation; the task completes when it and all earlier ones are done.</summary>
        public Task Seal()
        {
            lock (_lock)
            {
                var sealing = _current;
                _current = new FlushGeneration();
                sealing.Seal();

                // Chain only while earlier flushes are pending, so frequent flushes do not build a long chain.
                _sealedDone = _sealedDone.IsCompleted ? sealing.Done.Task : Task.WhenAll(_sealedDone, sealing.Done.Task);
                return _sealedDone;
            }
        }
    }
}
