using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The producer's instruments, on a Meter named "KinesisAnalyzers.Runtime" so OpenTelemetry can export
    /// them. Every measurement carries the stream name; failures carry the error code. One Meter per
    /// producer, disposed with it, so observable gauges read the right producer.
    /// </summary>
    internal sealed class ProducerMetrics : IDisposable
    {
        private readonly Meter _meter;
        private readonly KeyValuePair<string, object?> _stream;
        private readonly Counter<long> _recordsPut;
        private readonly Counter<long> _bytesPut;
        private readonly Counter<long> _recordsFailed;
        private readonly Counter<long> _recordsRetried;
        private readonly Counter<long> _recordsThrottled;
        private readonly Counter<long> _duplicatesPossible;
        private readonly Counter<long> _requests;
        private readonly Counter<long> _shardMapLoads;
        private readonly Counter<long> _rateCuts;
        private readonly Histogram<int> _batchEntries;
        private readonly Histogram<int> _batchBytes;
        private readonly Histogram<double> _bufferedTime;
        private readonly Histogram<int> _userRecordsPerKinesisRecord;

        public ProducerMetrics(string streamName, Func<long> bufferedRecords, Func<long> bufferedBytes)
        {
            _meter = new Meter(ProducerDiagnostics.Name, typeof(ProducerMetrics).Assembly.GetName().Version?.ToString());
            _stream = new KeyValuePair<string, object?>("kinesis.stream", streamName);
            _recordsPut = _meter.CreateCounter<long>("kinesis.producer.records.put", "{record}", "User records written to Kinesis.");
            _bytesPut = _meter.CreateCounter<long>("kinesis.producer.bytes.put", "By", "User data bytes written to Kinesis.");
            _recordsFailed = _meter.CreateCounter<long>("kinesis.producer.records.failed", "{record}", "User records that finally failed (tagged with the error code).");
            _recordsRetried = _meter.CreateCounter<long>("kinesis.producer.records.retried", "{record}", "User records scheduled for another try.");
            _recordsThrottled = _meter.CreateCounter<long>("kinesis.producer.records.throttled", "{record}", "User records in entries a shard throttled.");
            _duplicatesPossible = _meter.CreateCounter<long>("kinesis.producer.records.duplicates_possible", "{record}", "User records re-sent after an ambiguous outcome (timeout, 5xx, missing result): they may be written twice.");
            _requests = _meter.CreateCounter<long>("kinesis.producer.requests", "{request}", "PutRecords requests sent (tagged with the outcome).");
            _shardMapLoads = _meter.CreateCounter<long>("kinesis.producer.shard_map.loads", "{load}", "Shard map loads through ListShards (tagged with the outcome).");
            _rateCuts = _meter.CreateCounter<long>("kinesis.producer.rate_limit.cuts", "{cut}", "Times a shard's send rate was halved after throttling.");
            _batchEntries = _meter.CreateHistogram<int>("kinesis.producer.batch.entries", "{entry}", "Entries per PutRecords request.");
            _batchBytes = _meter.CreateHistogram<int>("kinesis.producer.batch.bytes", "By", "Bytes per PutRecords request.");
            _bufferedTime = _meter.CreateHistogram<double>("kinesis.producer.record.buffered_time", "ms", "Time from acceptance to a record's first send.");
            _userRecordsPerKinesisRecord = _meter.CreateHistogram<int>("kinesis.producer.user_records_per_kinesis_record", "{record}", "User records per Kinesis record written (aggregation ratio).");
            _meter.CreateObservableGauge("kinesis.producer.buffered.records", () => new Measurement<long>(bufferedRecords(), _stream), "{record}", "Records accepted and not yet completed.");
            _meter.CreateObservableGauge("kinesis.producer.buffered.bytes", () => new Measurement<long>(bufferedBytes(), _stream), "By", "Bytes of records accepted and not yet completed.");
        }

        public void RecordsPut(int records, long bytes)
        {
            _recordsPut.Add(records, _stream);
            _bytesPut.Add(bytes, _stream);
            _userRecordsPerKinesisRecord.Record(records, _stream);
        }

        public void RecordsFailed(int records, string errorCode) =>
            _recordsFailed.Add(records, _stream, new KeyValuePair<string, object?>("error.code", errorCode));

        public void RecordsRetried(int records) => _recordsRetried.Add(records, _stream);

        public void RecordsThrottled(int records) => _recordsThrottled.Add(records, _stream);

        public void DuplicatesPossible(int records) => _duplicatesPossible.Add(records, _stream);

        public void RequestSent(int entries, int bytes)
        {
            _batchEntries.Record(entries, _stream);
            _batchBytes.Record(bytes, _stream);
        }

        public void RequestCompleted(string outcome) => _requests.Add(1, _stream, new KeyValuePair<string, object?>("outcome", outcome));

        public void BufferedTime(TimeSpan time) => _bufferedTime.Record(time.TotalMilliseconds, _stream);

        public void ShardMapLoaded(bool succeeded) => _shardMapLoads.Add(1, _stream, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));

        public void RateCut(string shardId) => _rateCuts.Add(1, _stream, new KeyValuePair<string, object?>("kinesis.shard", shardId));

        public void Dispose() => _meter.Dispose();
    }
}
