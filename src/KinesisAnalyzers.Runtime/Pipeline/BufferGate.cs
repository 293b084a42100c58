using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Bounds the bytes of records accepted and not yet completed (MaximumBufferedBytes). Callers that do
    /// not fit wait in arrival order, so a large record is not starved by small ones; a waiter's token
    /// cancels only its own wait. While nobody waits, taking and giving back room take no lock (once per
    /// record); the waiters' list is locked. Thread-safe.
    /// </summary>
    internal sealed class BufferGate
    {
        private readonly object _lock = new object();
        private readonly LinkedList<Waiter> _waiters = new LinkedList<Waiter>();
        private readonly long _maxBytes;
        private long _usedBytes;
        private volatile int _waiterCount;
        private volatile bool _closed;

        public BufferGate(long maxBytes)
        {
            _maxBytes = maxBytes;
        }

        public long MaxBytes => _maxBytes;

        public long UsedBytes => Interlocked.Read(ref _usedBytes);

        public int WaiterCount
        {
            get
            {
                lock (_lock)
                {
                    return _waiters.Count;
                }
            }
        }

        /// <summary>Takes room for <paramref name="bytes"/> if there is some now and nobody waits before; never waits.</summary>
        public bool TryAcquire(int bytes)
        {
            ThrowIfClosed();
            return _waiterCount == 0 && TryTake(bytes);
        }

        /// <summary>Takes room for <paramref name="bytes"/>, waiting for it in arrival order.</summary>
        /// <exception cref="OperationCanceledException">The token fired while waiting; no room was taken.</exception>
        /// <exception cref="ObjectDisposedException">The gate closed (the producer is disposed) while waiting.</exception>
        public Task AcquireAsync(int bytes, CancellationToken cancellationToken)
        {
            Waiter waiter;
            List<Waiter>? granted;
            lock (_lock)
            {
                ThrowIfClosed();
                if (TryTakeLocked(bytes))
                {
                    return Task.CompletedTask;
                }

                cancellationToken.ThrowIfCancellationRequested();
                waiter = new Waiter(bytes);
                waiter.Node = _waiters.AddLast(waiter);
                Interlocked.Exchange(ref _waiterCount, _waiters.Count);

                // Room given back between the failed take and the count above was not seen by its releaser: look again.
                granted = GrantLocked();
            }

            Complete(granted);
            if (cancellationToken.CanBeCanceled && !waiter.Completion.Task.IsCompleted)
            {
                waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
            }

            return waiter.Completion.Task;
        }

        /// <summary>Gives room back and lets waiters in, oldest first.</summary>
        public void Release(long bytes)
        {
            // Interlocked is a full fence: either this sees the waiter counted, or the waiter's second look sees the room.
            Interlocked.Add(ref _usedBytes, -bytes);
            if (_waiterCount == 0)
            {
                return;
            }

            List<Waiter>? granted;
            lock (_lock)
            {
                granted = GrantLocked();
            }

            Complete(granted);
        }

        /// <summary>Refuses all further use (the producer is disposed); current waiters fail with <see cref="ObjectDisposedException"/>.</summary>
        public void Close()
        {
            List<Waiter> waiting;
            lock (_lock)
            {
                _closed = true;
                waiting = new List<Waiter>(_waiters);
                _waiters.Clear();
                _waiterCount = 0;
            }

            foreach (var waiter in waiting)
            {
                waiter.Registration.Dispose();
                waiter.Completion.TrySetException(Disposed());
            }
        }

        private bool TryTakeLocked(int bytes) => _waiters.Count == 0 && TryTake(bytes);

        private bool TryTake(long bytes)
        {
            while (true)
            {
                var used = Interlocked.Read(ref _usedBytes);
                if (used + bytes > _maxBytes)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _usedBytes, used + bytes, used) == used)
                {
                    return true;
                }
            }
        }

        private List<Waiter>? GrantLocked()
        {
            List<Waiter>? granted = null;
            while (_waiters.First is { } first && TryTake(first.Value.Bytes))
            {
                _waiters.RemoveFirst();
                first.Value.Node = null;
                (granted ??= new List<Waiter>()).Add(first.Value);
            }

            _waiterCount = _waiters.Count;
            return granted;
        }

        private void Cancel(Waiter waiter, CancellationToken cancellationToken)
        {
            List<Waiter>? granted;
            lock (_lock)
            {
                if (waiter.Node is null)
                {
                    return; // already granted or closed
                }

                _waiters.Remove(waiter.Node);
                waiter.Node = null;
                _waiterCount = _waiters.Count;

                // The head may have been the one blocking smaller waiters behind it.
                granted = GrantLocked();
            }

            waiter.Completion.TrySetCanceled(cancellationToken);
            Complete(granted);
        }

        private static void Complete(List<Waiter>? granted)
        {
            if (granted is null)
            {
                return;
            }

            foreach (var waiter in granted)
            {
                waiter.Registration.Dispose();
                waiter.Completion.TrySetResult(true);
            }
        }

        private void ThrowIfClosed()
        {
            if (_closed)
            {
                throw Disposed();
            }
        }

        private static ObjectDisposedException Disposed() => new ObjectDisposedException(nameof(KinesisProducer), "The producer has been disposed.");

        private sealed class Waiter
        {
            public Waiter(int bytes)
            {
                Bytes = bytes;
            }

            public int Bytes { get; }

            public TaskCompletionSource<bool> Completion { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            public LinkedListNode<Waiter>? Node { get; set; }

            public CancellationTokenRegistration Registration { get; set; }
        }
    }
}
