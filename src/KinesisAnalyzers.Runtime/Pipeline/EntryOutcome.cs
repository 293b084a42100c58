using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>What happened to one entry of a request.</summary>
    internal enum EntryOutcomeKind
    {
        /// <summary>Kinesis wrote it.</summary>
        Written,

        /// <summary>Not written (or not known to be): try again.</summary>
        Retry,

        /// <summary>Cannot succeed: report it.</summary>
        Fail,
    }

    /// <summary>One entry's outcome, with the error and whether the entry may have been written anyway.</summary>
    internal readonly struct EntryOutcome
    {
        public EntryOutcome(EntryOutcomeKind kind, KinesisErrorKind errorKind, string? errorCode, string? errorMessage, bool ambiguous, string? sequenceNumber, string? shardId, Exception? exception)
        {
            Kind = kind;
            ErrorKind = errorKind;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            Ambiguous = ambiguous;
            SequenceNumber = sequenceNumber;
            ShardId = shardId;
            Exception = exception;
        }

        public EntryOutcomeKind Kind { get; }

        public KinesisErrorKind ErrorKind { get; }

        public string? ErrorCode { get; }

        public string? ErrorMessage { get; }

        /// <summary>The entry may have been written even though it is retried: a duplicate is possible.</summary>
        public bool Ambiguous { get; }

        public string? SequenceNumber { get; }

        public string? ShardId { get; }

        public Exception? Exception { get; }

        public bool IsThrottling => Kind != EntryOutcomeKind.Written && ErrorKind == KinesisErrorKind.Throttling;
    }
}
