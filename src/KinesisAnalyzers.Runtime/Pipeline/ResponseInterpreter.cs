using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Reads a request's outcome entry by entry. Per-entry error codes mean "not written"; a transient
    /// whole-request failure, a timeout, or a result that is missing or malformed means "maybe written":
    /// the entry is retried (at-least-once) and counted as a possible duplicate. Permanent errors fail.
    /// </summary>
    internal static class ResponseInterpreter
    {
        public const string MissingResultCode = "MissingResult";
        public const string MalformedResultCode = "MalformedResult";

        public static EntryOutcome[] Interpret(SendResult sent)
        {
            var count = sent.Batch.Count;
            var outcomes = new EntryOutcome[count];
            if (sent.Exception is not null)
            {
                var whole = FromException(sent.Exception);
                for (var i = 0; i < count; i++)
                {
                    outcomes[i] = whole;
                }

                return outcomes;
            }

            var results = ReadResults(sent.Result, count);
            for (var i = 0; i < count; i++)
            {
                outcomes[i] = FromEntry(results, i);
            }

            return outcomes;
        }

        // The result list comes from outside code: one that throws while being read counts as no results at all.
        private static List<TransportRecordResult>? ReadResults(TransportPutResult? result, int count)
        {
            try
            {
                var records = result?.Records;
                if (records is null)
                {
                    return null;
                }

                var usable = Math.Min(count, records.Count);
                var copy = new List<TransportRecordResult>(usable);
                for (var i = 0; i < usable; i++)
                {
                    copy.Add(records[i]);
                }

                return copy;
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static EntryOutcome FromException(Exception exception)
        {
            var kind = KinesisErrors.Classify(exception);
            var code = exception is KinesisTransportException service && service.ErrorCode is not null
                ? service.ErrorCode
                : exception is TimeoutException ? "RequestTimeout" : exception.GetType().Name;
            if (kind == KinesisErrorKind.Permanent)
            {
                return new EntryOutcome(EntryOutcomeKind.Fail, kind, code, exception.Message, ambiguous: false, null, null, exception);
            }

            // A throttled request was refused whole; a transient failure (5xx, network, timeout) may have been written.
            var ambiguous = kind == KinesisErrorKind.Transient;
            return new EntryOutcome(EntryOutcomeKind.Retry, kind, code, exception.Message, ambiguous, null, null, exception);
        }

        private static EntryOutcome FromEntry(List<TransportRecordResult>? results, int index)
        {
            if (results is null || index >= results.Count || results[index] is null)
            {
                return new EntryOutcome(EntryOutcomeKind.Retry, KinesisErrorKind.Transient, MissingResultCode,
                    "The PutRecords result had no entry for this record.", ambiguous: true, null, null, null);
            }

            var result = results[index];
            // Some SDK shapes give written entries an empty error code instead of none.
            if (!string.IsNullOrEmpty(result.ErrorCode))
            {
                var kind = KinesisErrors.Classify(result.ErrorCode);
                var outcome = kind == KinesisErrorKind.Permanent ? EntryOutcomeKind.Fail : EntryOutcomeKind.Retry;
                return new EntryOutcome(outcome, kind, result.ErrorCode!, result.ErrorMessage, ambiguous: false, null, result.ShardId, null);
            }

            if (result.SequenceNumber is null)
            {
                return new EntryOutcome(EntryOutcomeKind.Retry, KinesisErrorKind.Transient, MalformedResultCode,
                    "The PutRecords result entry had neither a sequence number nor an error code.", ambiguous: true, null, null, null);
            }

            return new EntryOutcome(EntryOutcomeKind.Written, KinesisErrorKind.Transient, null, null, ambiguous: false, result.SequenceNumber, result.ShardId, null);
        }
    }
}
