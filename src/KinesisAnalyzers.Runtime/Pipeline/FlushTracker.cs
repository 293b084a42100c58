using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>The records accepted between two flushes; done when sealed and every one of them has completed.</summary>
    internal sealed class FlushGeneration
    {
        public int Outstanding { get; set; }

        public bool Sealed { get; set; }

        public TaskCompletionSource<bool> Done { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Lets FlushAsync and DisposeAsync wait for exactly the records accepted before them, while new records
    /// keep flowing: each record joins the current generation; a flush seals it and waits for it and for every
    /// earlier generation. Thread-safe.
    /// </summary>
    internal sealed class FlushTracker
    {
        private readonly object _lock = new object();
        private FlushGeneration _current = new FlushGeneration();
        private Task _sealedDone = Task.CompletedTask;

        /// <summary>Counts a newly accepted record in the current generation.</summary>
        public FlushGeneration Join()
        {
            lock (_lock)
            {
                _current.Outstanding++;
                return _current;
            }
        }

        /// <summary>A record of <paramref name="generation"/> completed.</summary>
        public void Leave(FlushGeneration generation) => Leave(generation, 1);

        /// <summary><paramref name="count"/> records of <paramref name="generation"/> completed.</summary>
        public void Leave(FlushGeneration generation, int count)
        {
            bool done;
            lock (_lock)
            {
                generation.Outstanding -= count;
                done = generation.Sealed && generation.Outstanding == 0;
            }

            if (done)
            {
                generation.Done.TrySetResult(true);
            }
        }

        /// <summary>Seals the current generation; the task completes when it and all earlier ones are done.</summary>
        public Task Seal()
        {
            lock (_lock)
            {
                var sealing = _current;
                sealing.Sealed = true;
                _current = new FlushGeneration();
                if (sealing.Outstanding == 0)
                {
                    sealing.Done.TrySetResult(true);
                }

                // Chain only while earlier flushes are pending, so frequent flushes do not build a long chain.
                _sealedDone = _sealedDone.IsCompleted ? sealing.Done.Task : Task.WhenAll(_sealedDone, sealing.Done.Task);
                return _sealedDone;
            }
        }
    }
}
