using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>Who hears about a record's outcome when it completes.</summary>
    internal enum RecordObserver
    {
        /// <summary>The record already completed: report nothing again.</summary>
        AlreadyCompleted,

        /// <summary>A PutAsync caller awaits the record's task.</summary>
        PutAsyncCaller,

        /// <summary>Nobody awaits it (AddAsync, or a PutAsync whose wait was cancelled): failures go to the handler or to FlushAsync/DisposeAsync.</summary>
        None,
    }

    /// <summary>
    /// A record accepted by the producer, as it moves through the pipeline: its data (a private copy),
    /// routing, attempts, and the one-time completion that guarantees it is reported exactly once.
    /// </summary>
    internal sealed class UserRecord
    {
        private const int Awaited = 0;
        private const int NotAwaited = 1;
        private const int Completed = 2;

        private TaskCompletionSource<KinesisPutResult>? _result;
        private int _state;
        private List<KinesisAttempt>? _failedAttempts;

        /// <summary>The record's own copy of the caller's data, kept when the record is recycled (<see cref="UserRecordPool"/>).</summary>
        private byte[]? _copy;

        public UserRecord(
            long id,
            string partitionKey,
            string? explicitHashKey,
            HashKey hashKey,
            ReadOnlyMemory<byte> data,
            int size,
            TimeSpan acceptedAt,
            TimeSpan expiresAt,
            bool awaitsResult)
        {
            PartitionKey = partitionKey;
            Reset(id, explicitHashKey, hashKey, size, acceptedAt, expiresAt, awaitsResult);
            Data = data;
        }

        /// <summary>An empty record for <see cref="UserRecordPool"/>; <see cref="Accept"/> fills it.</summary>
        internal UserRecord()
        {
            PartitionKey = string.Empty;
            _state = Completed;
        }

        /// <summary>
        /// Fills a new or recycled record: <paramref name="data"/> is copied into the record's own buffer (kept across
        /// recycling, so a steady stream of records allocates nothing), unless <paramref name="owned"/> says the caller
        /// handed over an array nobody else holds.
        /// </summary>
        public void Accept(
            string partitionKey,
            string? explicitHashKey,
            HashKey hashKey,
            ReadOnlyMemory<byte> data,
            bool owned,
            int size,
            TimeSpan acceptedAt,
            TimeSpan expiresAt,
            bool awaitsResult)
        {
            PartitionKey = partitionKey;
            Reset(0, explicitHashKey, hashKey, size, acceptedAt, expiresAt, awaitsResult);
            if (owned)
            {
                Data = data;
                return;
            }

            if (_copy is null || _copy.Length < data.Length)
            {
                _copy = new byte[data.Length];
            }

            data.Span.CopyTo(_copy);
            Data = new ReadOnlyMemory<byte>(_copy, 0, data.Length);
        }

        /// <summary>Reads fields across the record and its key, to bring them into this core's cache ahead of use.</summary>
        public long Warm() => Volatile.Read(ref _state) + Id + Data.Length + PartitionKey.Length + Size + AcceptedAt.Ticks;

        /// <summary>Size of the buffer the record keeps for its data when recycled.</summary>
        public int RetainedBytes => _copy?.Length ?? 0;

        /// <summary>Drops the record's data buffer (too large to keep in the pool).</summary>
        public void DropBuffer() => _copy = null;

        /// <summary>
        /// A transport call that carried the record's own bytes was abandoned (timeout, error): the transport may
        /// still read them, so the record is never recycled.
        /// </summary>
        public bool Tainted { get; set; }

        private void Reset(long id, string? explicitHashKey, HashKey hashKey, int size, TimeSpan acceptedAt, TimeSpan expiresAt, bool awaitsResult)
        {
            Id = id;
            ExplicitHashKey = explicitHashKey;
            HashKey = hashKey;
            Size = size;
            AcceptedAt = acceptedAt;
            ExpiresAt = expiresAt;
            Lane = null;
            Generation = null;
            Attempts = 0;
            Tainted = false;
            _failedAttempts = null;
            if (awaitsResult)
            {
                // Continuations run off the pipeline's thread, so user code never stalls it.
                _result = new TaskCompletionSource<KinesisPutResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _state, Awaited);
            }
            else
            {
                _result = null;
                Volatile.Write(ref _state, NotAwaited);
            }
        }

        /// <summary>Accept order; FlushAsync flushes every record up to an id.</summary>
        public long Id { get; set; }

        public string PartitionKey { get; private set; }

        public string? ExplicitHashKey { get; private set; }

        /// <summary>The hash key the record routes by.</summary>
        public HashKey HashKey { get; private set; }

        public ReadOnlyMemory<byte> Data { get; private set; }

        /// <summary>Data plus UTF-8 partition key, as Kinesis and the buffer limit count it.</summary>
        public int Size { get; private set; }

        public TimeSpan AcceptedAt { get; private set; }

        /// <summary>When RecordTtl runs out.</summary>
        public TimeSpan ExpiresAt { get; private set; }

        /// <summary>The lane the record is routed to now (loop thread only).</summary>
        public ShardLane? Lane { get; set; }

        /// <summary>The flush generation the record belongs to.</summary>
        public FlushGeneration? Generation { get; set; }

        /// <summary>How many requests carried the record so far.</summary>
        public int Attempts { get; set; }

        /// <summary>The tries that failed, oldest first.</summary>
        public IReadOnlyList<KinesisAttempt> FailedAttempts => (IReadOnlyList<KinesisAttempt>?)_failedAttempts ?? Array.Empty<KinesisAttempt>();

        /// <summary>True when nothing but the pipeline refers to the record: an AddAsync record (no task for a caller to hold).</summary>
        public bool Recyclable => _result is null && !Tainted;

        /// <summary>The task a PutAsync caller awaits; null for AddAsync records.</summary>
        public Task<KinesisPutResult>? Result => _result?.Task;

        public bool IsCompleted => Volatile.Read(ref _state) == Completed;

        /// <summary>The decimal hash key, for the explicit hash key of an aggregated record holding this record.</summary>
        public string HashKeyText => ExplicitHashKey ?? HashKey.ToString();

        public void AddFailedAttempt(KinesisAttempt attempt) => (_failedAttempts ??= new List<KinesisAttempt>()).Add(attempt);

        /// <summary>
        /// The PutAsync caller stopped waiting (its token fired). The record still travels; its failure will be
        /// reported like an AddAsync record's, so it is never lost silently.
        /// </summary>
        public bool TryAbandonWaiter(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, NotAwaited, Awaited) != Awaited)
            {
                return false;
            }

            _result!.TrySetException(new KinesisPutCanceledException(recordBuffered: true, cancellationToken));
            return true;
        }

        /// <summary>Claims the record's single completion and says who must be told.</summary>
        public RecordObserver ClaimCompletion()
        {
            var previous = Interlocked.Exchange(ref _state, Completed);
            return previous switch
            {
                Awaited => RecordObserver.PutAsyncCaller,
                NotAwaited => RecordObserver.None,
                _ => RecordObserver.AlreadyCompleted,
            };
        }

        public void SetResult(KinesisPutResult result) => _result?.TrySetResult(result);

        public void SetFailure(Exception exception) => _result?.TrySetException(exception);
    }
}
