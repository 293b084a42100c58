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

        private readonly TaskCompletionSource<KinesisPutResult>? _result;
        private int _state;
        private List<KinesisAttempt>? _failedAttempts;

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
            Id = id;
            PartitionKey = partitionKey;
            ExplicitHashKey = explicitHashKey;
            HashKey = hashKey;
            Data = data;
            Size = size;
            AcceptedAt = acceptedAt;
            ExpiresAt = expiresAt;
            if (awaitsResult)
            {
                // Continuations run off the pipeline's thread, so user code never stalls it.
                _result = new TaskCompletionSource<KinesisPutResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _state = Awaited;
            }
            else
            {
                _state = NotAwaited;
            }
        }

        /// <summary>Accept order; FlushAsync flushes every record up to an id.</summary>
        public long Id { get; }

        public string PartitionKey { get; }

        public string? ExplicitHashKey { get; }

        /// <summary>The hash key the record routes by.</summary>
        public HashKey HashKey { get; }

        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>Data plus UTF-8 partition key, as Kinesis and the buffer limit count it.</summary>
        public int Size { get; }

        public TimeSpan AcceptedAt { get; }

        /// <summary>When RecordTtl runs out.</summary>
        public TimeSpan ExpiresAt { get; }

        /// <summary>The lane the record is routed to now (loop thread only).</summary>
        public ShardLane? Lane { get; set; }

        /// <summary>The flush generation the record belongs to.</summary>
        public FlushGeneration? Generation { get; set; }

        /// <summary>How many requests carried the record so far.</summary>
        public int Attempts { get; set; }

        /// <summary>The tries that failed, oldest first.</summary>
        public IReadOnlyList<KinesisAttempt> FailedAttempts => (IReadOnlyList<KinesisAttempt>?)_failedAttempts ?? Array.Empty<KinesisAttempt>();

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
