using System;
using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Accepted records on their way from the callers to the loop. Each caller appends to a stripe picked by its thread
    /// (under that stripe's lock, which only the loop's turn shares), so callers on different threads write no common
    /// queue; the loop moves whole stripes at a time and merges them by record id.
    /// </summary>
    /// <remarks>
    /// Order: a record takes its id (one shared counter) under its stripe's lock. The loop reads the last id handed out
    /// before it looks at any stripe, and takes only records up to that id: a record numbered earlier is then already in
    /// its stripe (its caller held the stripe's lock from numbering to appending), so a record that follows another
    /// (its call began after the other's returned, perhaps on another thread) never overtakes it. Thread-safe.
    /// </remarks>
    internal sealed class RecordInbox
    {
        private const int StripeCount = 16;

        private readonly Stripe[] _stripes = new Stripe[StripeCount];
        private readonly object _takeLock = new object();
        private long _lastId;
        private int _backlogged;

        public RecordInbox()
        {
            for (var i = 0; i < _stripes.Length; i++)
            {
                _stripes[i] = new Stripe();
            }
        }

        /// <summary>The id of the last record numbered (posted or refused).</summary>
        public long LastId => Interlocked.Read(ref _lastId);

        public bool IsEmpty
        {
            get
            {
                if (Volatile.Read(ref _backlogged) != 0)
                {
                    return false;
                }

                foreach (var stripe in _stripes)
                {
                    if (Volatile.Read(ref stripe.Count) != 0)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// Gives the record the next id and queues it, unless <paramref name="admit"/> (called with the id set, under the
        /// stripe's lock) refuses it: then false, and its id stays unused. Ends with a full fence, so a caller's check
        /// of the loop's state after posting (is it napping?) cannot come before its record is visible.
        /// </summary>
        public bool TryPost(UserRecord record, Func<UserRecord, bool> admit)
        {
            var stripe = _stripes[Environment.CurrentManagedThreadId & (StripeCount - 1)];
            lock (stripe)
            {
                record.Id = Interlocked.Increment(ref _lastId);
                if (!admit(record))
                {
                    return false;
                }

                stripe.Records.Add(record);
                Interlocked.Exchange(ref stripe.Count, stripe.Records.Count);
            }

            return true;
        }

        /// <summary>
        /// Moves up to <paramref name="max"/> records, in id order, to the end of <paramref name="destination"/>; records
        /// numbered after the call began wait for the next call. Returns how many moved.
        /// </summary>
        public int TakeUpTo(int max, List<UserRecord> destination)
        {
            lock (_takeLock)
            {
                // Read before any stripe is looked at (see the remarks).
                var bound = LastId;
                Gather();
                var taken = 0;
                while (taken < max)
                {
                    var best = FindOldest(out var oldestId, out var nextId);
                    if (best is null || oldestId > bound)
                    {
                        break;
                    }

                    // A run from one stripe: everything before the next stripe's oldest record (and within the bound).
                    var limit = Math.Min(nextId, bound + 1);
                    var records = best.Backlog;
                    while (taken < max && best.Head < records.Count && records[best.Head].Id < limit)
                    {
                        destination.Add(records[best.Head]);
                        best.Head++;
                        taken++;
                    }

                    best.Compact();
                }

                _backlogged -= taken;
                return taken;
            }
        }

        /// <summary>The record with the smallest id not yet taken, whenever it was numbered.</summary>
        public bool TryPeek(out UserRecord record)
        {
            lock (_takeLock)
            {
                Gather();
                var best = FindOldest(out _, out _);
                record = best?.Backlog[best.Head]!;
                return best is not null;
            }
        }

        /// <summary>Takes the record with the smallest id not yet taken, whenever it was numbered.</summary>
        public bool TryTake(out UserRecord record)
        {
            lock (_takeLock)
            {
                Gather();
                var best = FindOldest(out _, out _);
                if (best is null)
                {
                    record = null!;
                    return false;
                }

                record = best.Backlog[best.Head];
                best.Head++;
                best.Compact();
                _backlogged--;
                return true;
            }
        }

        /// <summary>Moves what the callers appended into the loop's per-stripe backlogs (call under the take lock).</summary>
        private void Gather()
        {
            // Every stripe is locked, even one that looks empty: a caller may hold it with its record numbered (within
            // the bound) but not yet appended, and the bound promises that record to this take.
            foreach (var stripe in _stripes)
            {
                lock (stripe)
                {
                    var moved = stripe.Records.Count;
                    if (stripe.Head == stripe.Backlog.Count)
                    {
                        // The usual case: the backlog is empty, so the lists trade places (no copy).
                        var emptied = stripe.Backlog;
                        emptied.Clear();
                        stripe.Head = 0;
                        stripe.Backlog = stripe.Records;
                        stripe.Records = emptied;
                    }
                    else
                    {
                        stripe.Backlog.AddRange(stripe.Records);
                        stripe.Records.Clear();
                    }

                    Interlocked.Exchange(ref stripe.Count, 0);
                    Volatile.Write(ref _backlogged, _backlogged + moved);
                }
            }
        }

        /// <summary>The stripe whose backlog holds the smallest id, that id, and the smallest id at the head of any other.</summary>
        private Stripe? FindOldest(out long oldestId, out long nextId)
        {
            Stripe? best = null;
            oldestId = long.MaxValue;
            nextId = long.MaxValue;
            foreach (var stripe in _stripes)
            {
                if (stripe.Head == stripe.Backlog.Count)
                {
                    continue;
                }

                var id = stripe.Backlog[stripe.Head].Id;
                if (id < oldestId)
                {
                    nextId = oldestId;
                    oldestId = id;
                    best = stripe;
                }
                else if (id < nextId)
                {
                    nextId = id;
                }
            }

            return best;
        }

        /// <summary>One caller-side list (locked by the stripe object) and the loop-side backlog it was moved to.</summary>
        private sealed class Stripe
        {
            /// <summary>Records appended since the loop last gathered (under the stripe's lock).</summary>
            public List<UserRecord> Records = new List<UserRecord>();

            /// <summary>Records.Count, readable without the lock.</summary>
            public int Count;

            /// <summary>Gathered records not yet taken, from <see cref="Head"/> on (under the take lock).</summary>
            public List<UserRecord> Backlog = new List<UserRecord>();

            public int Head;

            // Keeps two stripes' fields off one cache line: callers on different threads write different stripes.
#pragma warning disable CS0169, IDE0051 // never read: padding
            private long _pad1, _pad2, _pad3, _pad4, _pad5, _pad6, _pad7, _pad8;
#pragma warning restore CS0169, IDE0051

            /// <summary>Drops taken records from the backlog once it is empty (cheap) or mostly taken.</summary>
            public void Compact()
            {
                if (Head == Backlog.Count)
                {
                    Backlog.Clear();
                    Head = 0;
                }
                else if (Head > 1024 && Head > Backlog.Count / 2)
                {
                    Backlog.RemoveRange(0, Head);
                    Head = 0;
                }
            }
        }
    }
}
