using System;
using System.Collections.Generic;
using System.IO;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Turns Kinesis records written in the KPL aggregated format (by <c>KinesisProducer</c>, the Java
    /// KPL or aws-kinesis-agg) back into the user records they hold, for consumers and Lambda handlers.
    /// </summary>
    /// <remarks>
    /// Like the KCL, a record without the magic prefix F3 89 9A C2, too short to hold the MD5, or whose
    /// MD5 does not match, is not aggregated and comes back whole as one record. A record whose magic
    /// and MD5 are right but whose protobuf content is malformed was corrupted by its producer, and
    /// throws <see cref="InvalidDataException"/> rather than being delivered as garbage.
    /// </remarks>
    /// <example>
    /// In a Lambda handler for a Kinesis event:
    /// <code>
    /// foreach (var record in kinesisEvent.Records)
    /// {
    ///     var kinesis = record.Kinesis;
    ///     foreach (var user in KinesisDeaggregator.Deaggregate(kinesis.Data.ToArray(), kinesis.PartitionKey, null, kinesis.SequenceNumber))
    ///     {
    ///         Handle(user.PartitionKey, user.Data);
    ///     }
    /// }
    /// </code>
    /// </example>
    public static class KinesisDeaggregator
    {
        /// <summary>
        /// Returns the user records held by one Kinesis record, in order, or the record itself when it is
        /// not a KPL aggregated record.
        /// </summary>
        /// <param name="data">The Kinesis record's data. The returned records' data are slices of it.</param>
        /// <param name="partitionKey">The Kinesis record's partition key, used for a plain record.</param>
        /// <param name="explicitHashKey">The Kinesis record's explicit hash key, used for a plain record.</param>
        /// <exception cref="InvalidDataException">The record has a valid magic and MD5 but malformed content.</exception>
        public static IReadOnlyList<DeaggregatedRecord> Deaggregate(ReadOnlyMemory<byte> data, string partitionKey, string? explicitHashKey = null) =>
            Deaggregate(data, partitionKey, explicitHashKey, sequenceNumber: null);

        /// <summary>
        /// Returns the user records held by one Kinesis record, in order, each carrying
        /// <paramref name="sequenceNumber"/> and its sub-sequence number (its index in the aggregated record);
        /// or the record itself (sub-sequence number 0) when it is not a KPL aggregated record.
        /// </summary>
        /// <param name="data">The Kinesis record's data. The returned records' data are slices of it.</param>
        /// <param name="partitionKey">The Kinesis record's partition key, used for a plain record.</param>
        /// <param name="explicitHashKey">The Kinesis record's explicit hash key, used for a plain record.</param>
        /// <param name="sequenceNumber">The Kinesis record's sequence number, copied to every user record.</param>
        /// <exception cref="InvalidDataException">The record has a valid magic and MD5 but malformed content.</exception>
        public static IReadOnlyList<DeaggregatedRecord> Deaggregate(ReadOnlyMemory<byte> data, string partitionKey, string? explicitHashKey, string? sequenceNumber)
        {
            if (partitionKey is null)
            {
                throw new ArgumentNullException(nameof(partitionKey));
            }

            if (!IsAggregated(data.Span))
            {
                return new[] { new DeaggregatedRecord(partitionKey, explicitHashKey, data, 0, sequenceNumber, isAggregated: false) };
            }

            var message = data.Slice(KplFormat.MagicLength, data.Length - KplFormat.FixedOverhead);
            return Parse(message, sequenceNumber);
        }

        /// <summary>
        /// True when <paramref name="data"/> is a KPL aggregated record: it starts with the magic prefix,
        /// and its trailing MD5 matches its protobuf content.
        /// </summary>
        public static bool IsAggregated(ReadOnlySpan<byte> data)
        {
            if (data.Length < KplFormat.FixedOverhead || !KplFormat.HasMagic(data))
            {
                return false;
            }

            var message = data.Slice(KplFormat.MagicLength, data.Length - KplFormat.FixedOverhead);
            Span<byte> digest = stackalloc byte[KplFormat.DigestLength];
            KplText.Md5(message, digest);
            return digest.SequenceEqual(data.Slice(data.Length - KplFormat.DigestLength));
        }

        // Fields may come in any order (tables after records is legal protobuf), so the tables are
        // collected first and the records resolved against them afterwards.
        private static DeaggregatedRecord[] Parse(ReadOnlyMemory<byte> message, string? sequenceNumber)
        {
            var partitionKeys = new List<string>();
            var explicitHashKeys = new List<string>();
            var recordRanges = new List<(int Start, int Length)>();

            var reader = new ProtobufReader(message.Span);
            while (!reader.AtEnd)
            {
                reader.ReadTag(out var field, out var wireType);
                if (wireType != ProtobufWire.LengthDelimited)
                {
                    reader.SkipField(field, wireType);
                    continue;
                }

                switch (field)
                {
                    case KplFormat.PartitionKeyTableField:
                        partitionKeys.Add(KplText.DecodeUtf8(reader.ReadLengthDelimited()));
                        break;
                    case KplFormat.ExplicitHashKeyTableField:
                        explicitHashKeys.Add(KplText.DecodeUtf8(reader.ReadLengthDelimited()));
                        break;
                    case KplFormat.RecordsField:
                        var start = reader.ReadLengthDelimitedRange(out var length);
                        recordRanges.Add((start, length));
                        break;
                    default:
                        reader.SkipField(field, wireType);
                        break;
                }
            }

            var records = new DeaggregatedRecord[recordRanges.Count];
            for (var i = 0; i < records.Length; i++)
            {
                var (start, length) = recordRanges[i];
                records[i] = ParseRecord(message.Slice(start, length), i, sequenceNumber, partitionKeys, explicitHashKeys);
            }

            return records;
        }

        private static DeaggregatedRecord ParseRecord(
            ReadOnlyMemory<byte> record, int index, string? sequenceNumber, List<string> partitionKeys, List<string> explicitHashKeys)
        {
            ulong? pkIndex = null;
            ulong? ehkIndex = null;
            ReadOnlyMemory<byte>? data = null;
            List<KeyValuePair<string, string?>>? tags = null;

            var reader = new ProtobufReader(record.Span);
            while (!reader.AtEnd)
            {
                reader.ReadTag(out var field, out var wireType);

                // A known field with an unexpected wire type is an unknown field to protobuf: skip it.
                if (field == KplFormat.PartitionKeyIndexField && wireType == ProtobufWire.Varint)
                {
                    pkIndex = reader.ReadVarint();
                }
                else if (field == KplFormat.ExplicitHashKeyIndexField && wireType == ProtobufWire.Varint)
                {
                    ehkIndex = reader.ReadVarint();
                }
                else if (field == KplFormat.DataField && wireType == ProtobufWire.LengthDelimited)
                {
                    var start = reader.ReadLengthDelimitedRange(out var length);
                    data = record.Slice(start, length);
                }
                else if (field == KplFormat.TagsField && wireType == ProtobufWire.LengthDelimited)
                {
                    (tags ??= new List<KeyValuePair<string, string?>>()).Add(ParseTag(reader.ReadLengthDelimited(), index));
                }
                else
                {
                    reader.SkipField(field, wireType);
                }
            }

            if (pkIndex is null)
            {
                throw new InvalidDataException($"User record {index} of the aggregated record has no partition key index (a required field).");
            }

            if (data is null)
            {
                throw new InvalidDataException($"User record {index} of the aggregated record has no data (a required field).");
            }

            if (pkIndex.Value >= (ulong)partitionKeys.Count)
            {
                throw new InvalidDataException(
                    $"User record {index} of the aggregated record refers to partition key {pkIndex.Value}, but the table holds {partitionKeys.Count}.");
            }

            string? explicitHashKey = null;
            if (ehkIndex is not null)
            {
                if (ehkIndex.Value >= (ulong)explicitHashKeys.Count)
                {
                    throw new InvalidDataException(
                        $"User record {index} of the aggregated record refers to explicit hash key {ehkIndex.Value}, but the table holds {explicitHashKeys.Count}.");
                }

                explicitHashKey = explicitHashKeys[(int)ehkIndex.Value];
            }

            return new DeaggregatedRecord(partitionKeys[(int)pkIndex.Value], explicitHashKey, data.Value, index, sequenceNumber, isAggregated: true, tags);
        }

        private static KeyValuePair<string, string?> ParseTag(ReadOnlySpan<byte> tag, int index)
        {
            string? key = null;
            string? value = null;
            var reader = new ProtobufReader(tag);
            while (!reader.AtEnd)
            {
                reader.ReadTag(out var field, out var wireType);
                if (field == KplFormat.TagKeyField && wireType == ProtobufWire.LengthDelimited)
                {
                    key = KplText.DecodeUtf8(reader.ReadLengthDelimited());
                }
                else if (field == KplFormat.TagValueField && wireType == ProtobufWire.LengthDelimited)
                {
                    value = KplText.DecodeUtf8(reader.ReadLengthDelimited());
                }
                else
                {
                    reader.SkipField(field, wireType);
                }
            }

            if (key is null)
            {
                throw new InvalidDataException($"A tag of user record {index} of the aggregated record has no key (a required field).");
            }

            return new KeyValuePair<string, string?>(key, value);
        }
    }
}
