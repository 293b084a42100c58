using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// Checks a PutRecords request as the service does before writing anything, and words the refusal as the service
    /// does: constraint violations of the request's shape as one <c>ValidationException</c> listing each, and the
    /// stream's own limits (record and request size, hash key range) as <c>InvalidArgumentException</c>.
    /// Either refuses the whole request with HTTP 400.
    /// </summary>
    internal static class PutRecordsRequestValidator
    {
        private const string HashKeyPattern = @"0|([1-9]\d{0,38})";

        private static readonly Regex HashKeyRegex = new Regex("^(" + HashKeyPattern + ")$", RegexOptions.CultureInvariant);

        private static readonly BigInteger MaxHashKey = (BigInteger.One << 128) - 1;

        /// <summary>Returns the service's error for the request, or null when it is valid.</summary>
        public static KinesisTransportException? Check(IReadOnlyList<TransportRecord>? records, int maxRecordBytes, int maxRequestBytes)
        {
            if (records is null || records.Count < 1 || records.Count > ShardSimulator.MaxEntriesPerRequest)
            {
                var count = records?.Count ?? 0;
                var bound = count < 1 ? "greater than or equal to 1" : "less than or equal to " + ShardSimulator.MaxEntriesPerRequest.ToString(CultureInfo.InvariantCulture);
                return Validation(new[] { $"Value '[{count} records]' at 'records' failed to satisfy constraint: Member must have length {bound}" });
            }

            var violations = new List<string>();
            string? argument = null;
            long requestBytes = 0;
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var at = "records." + (i + 1).ToString(CultureInfo.InvariantCulture) + ".member.";
                var key = record.PartitionKey;
                if (key.Length < 1 || key.Length > ShardSimulator.MaxPartitionKeyLength)
                {
                    var bound = key.Length < 1 ? "greater than or equal to 1" : "less than or equal to " + ShardSimulator.MaxPartitionKeyLength.ToString(CultureInfo.InvariantCulture);
                    violations.Add($"Value '{key}' at '{at}partitionKey' failed to satisfy constraint: Member must have length {bound}");
                }

                if (record.Data.Length > maxRecordBytes)
                {
                    violations.Add(
                        $"Value 'java.nio.HeapByteBuffer[pos=0 lim={record.Data.Length} cap={record.Data.Length}]' at '{at}data' failed to satisfy constraint: " +
                        $"Member must have length less than or equal to {maxRecordBytes}");
                }

                if (record.ExplicitHashKey is { } explicitHashKey)
                {
                    if (!HashKeyRegex.IsMatch(explicitHashKey))
                    {
                        violations.Add($"Value '{explicitHashKey}' at '{at}explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: {HashKeyPattern}");
                    }
                    else if (BigInteger.Parse(explicitHashKey, NumberStyles.None, CultureInfo.InvariantCulture) > MaxHashKey)
                    {
                        argument ??= $"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {explicitHashKey}";
                    }
                }

                var recordBytes = ShardSimulator.SizeOf(record);
                requestBytes += recordBytes;
                if (argument is null && record.Data.Length <= maxRecordBytes && recordBytes > maxRecordBytes)
                {
                    argument = $"Record {i + 1} is {recordBytes} bytes (data plus partition key), more than the stream's maximum record size of {maxRecordBytes} bytes.";
                }
            }

            if (violations.Count > 0)
            {
                return Validation(violations);
            }

            if (argument is null && requestBytes > maxRequestBytes)
            {
                argument = $"Records size exceeds {maxRequestBytes / (1024 * 1024)} MB limit";
            }

            return argument is null ? null : new KinesisTransportException(argument, "InvalidArgumentException", 400);
        }

        private static KinesisTransportException Validation(IReadOnlyList<string> violations)
        {
            var message = new StringBuilder();
            message.Append(violations.Count.ToString(CultureInfo.InvariantCulture))
                .Append(violations.Count == 1 ? " validation error detected: " : " validation errors detected: ")
                .Append(string.Join("; ", violations));
            return new KinesisTransportException(message.ToString(), "ValidationException", 400);
        }
    }
}
