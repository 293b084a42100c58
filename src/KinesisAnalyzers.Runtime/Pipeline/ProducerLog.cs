using System;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The producer's log messages. None holds record data; partition keys (often user ids) appear only in
    /// Debug messages. Exceptions from the service go to Debug too: validation messages may quote a key.
    /// </summary>
    internal static class ProducerLog
    {
        private static readonly Action<ILogger, string, int, string, Exception?> RequestFailedMessage =
            LoggerMessage.Define<string, int, string>(LogLevel.Warning, new EventId(1, "RequestFailed"),
                "PutRecords to stream {StreamName} failed for all {EntryCount} entries ({ErrorCode}); they will be retried");

        private static readonly Action<ILogger, string, int, double, Exception?> RateCutMessage =
            LoggerMessage.Define<string, int, double>(LogLevel.Warning, new EventId(2, "RateCut"),
                "Shard {ShardId} throttled {EntryCount} entries; its send rate is now {RatePercent:0}% of the shard limit");

        private static readonly Action<ILogger, int, int, Exception?> MissingResultsMessage =
            LoggerMessage.Define<int, int>(LogLevel.Warning, new EventId(3, "MissingResults"),
                "PutRecords returned {ResultCount} usable results for {EntryCount} entries; entries without one are retried and may be written twice");

        private static readonly Action<ILogger, int, string, string, Exception?> RecordsFailedMessage =
            LoggerMessage.Define<int, string, string>(LogLevel.Warning, new EventId(4, "RecordsFailed"),
                "{RecordCount} records for stream {StreamName} failed finally ({ErrorCode})");

        private static readonly Action<ILogger, string, string, int, Exception?> RecordFailedKeyMessage =
            LoggerMessage.Define<string, string, int>(LogLevel.Debug, new EventId(5, "RecordFailedKey"),
                "Record with partition key {PartitionKey} failed ({ErrorCode}) after {Attempts} attempt(s)");

        private static readonly Action<ILogger, string, Exception?> HandlerFailedMessage =
            LoggerMessage.Define<string>(LogLevel.Error, new EventId(6, "HandlerFailed"),
                "OnRecordFailed threw for a record that failed with {ErrorCode}; the producer goes on");

        private static readonly Action<ILogger, string, Exception?> ShardMapFailedMessage =
            LoggerMessage.Define<string>(LogLevel.Warning, new EventId(7, "ShardMapFailed"),
                "ListShards for stream {StreamName} failed; records go unaggregated and unpaced until the shard map loads");

        private static readonly Action<ILogger, string, int, int, Exception?> ShardMapLoadedMessage =
            LoggerMessage.Define<string, int, int>(LogLevel.Information, new EventId(8, "ShardMapLoaded"),
                "Shard map of stream {StreamName} loaded: {ShardCount} open shards, {RetiredCount} shards retired");

        private static readonly Action<ILogger, Exception?> PipelineFaultMessage =
            LoggerMessage.Define(LogLevel.Critical, new EventId(9, "PipelineFault"),
                "The producer's pipeline stopped on an internal error; every pending record fails");

        private static readonly Action<ILogger, string, Exception?> ServiceExceptionMessage =
            LoggerMessage.Define<string>(LogLevel.Debug, new EventId(11, "ServiceException"),
                "Exception behind error {ErrorCode}");

        private static readonly Action<ILogger, string, string, Exception?> ReshardSuspectedMessage =
            LoggerMessage.Define<string, string>(LogLevel.Debug, new EventId(10, "ReshardSuspected"),
                "An entry predicted for shard {PredictedShardId} was written to shard {ActualShardId}; the shard map will be refreshed");

        public static void RequestFailed(ILogger logger, string streamName, int entryCount, string errorCode, Exception exception)
        {
            RequestFailedMessage(logger, streamName, entryCount, errorCode, null);
            ServiceException(logger, errorCode, exception);
        }

        public static void RateCut(ILogger logger, string shardId, int entryCount, double ratePercent) =>
            RateCutMessage(logger, shardId, entryCount, ratePercent, null);

        public static void MissingResults(ILogger logger, int resultCount, int entryCount) =>
            MissingResultsMessage(logger, resultCount, entryCount, null);

        public static void RecordsFailed(ILogger logger, int recordCount, string streamName, string errorCode, Exception? exception)
        {
            RecordsFailedMessage(logger, recordCount, streamName, errorCode, null);
            if (exception is not null)
            {
                ServiceException(logger, errorCode, exception);
            }
        }

        private static void ServiceException(ILogger logger, string errorCode, Exception exception)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                ServiceExceptionMessage(logger, errorCode, exception);
            }
        }

        public static void RecordFailedKey(ILogger logger, string partitionKey, string errorCode, int attempts)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                RecordFailedKeyMessage(logger, partitionKey, errorCode, attempts, null);
            }
        }

        public static void HandlerFailed(ILogger logger, string errorCode, Exception exception) =>
            HandlerFailedMessage(logger, errorCode, exception);

        public static void ShardMapFailed(ILogger logger, string streamName, Exception exception) =>
            ShardMapFailedMessage(logger, streamName, exception);

        public static void ShardMapLoaded(ILogger logger, string streamName, int shardCount, int retiredCount) =>
            ShardMapLoadedMessage(logger, streamName, shardCount, retiredCount, null);

        public static void PipelineFault(ILogger logger, Exception exception) => PipelineFaultMessage(logger, exception);

        public static void ReshardSuspected(ILogger logger, string predictedShardId, string actualShardId) =>
            ReshardSuspectedMessage(logger, predictedShardId, actualShardId, null);
    }
}
