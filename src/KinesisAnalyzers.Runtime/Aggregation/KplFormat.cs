namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Constants of the KPL aggregated record format:
    /// magic (4 bytes) || protobuf(AggregatedRecord) || MD5 of the protobuf bytes (16 bytes).
    /// </summary>
    internal static class KplFormat
    {
        /// <summary>Length of the magic prefix F3 89 9A C2.</summary>
        internal const int MagicLength = 4;

        /// <summary>Length of the trailing MD5 digest.</summary>
        internal const int DigestLength = 16;

        /// <summary>Bytes every aggregated record carries besides its protobuf message.</summary>
        internal const int FixedOverhead = MagicLength + DigestLength;

        // Field numbers of message AggregatedRecord.
        internal const int PartitionKeyTableField = 1;
        internal const int ExplicitHashKeyTableField = 2;
        internal const int RecordsField = 3;

        // Field numbers of message Record.
        internal const int PartitionKeyIndexField = 1;
        internal const int ExplicitHashKeyIndexField = 2;
        internal const int DataField = 3;
        internal const int TagsField = 4;

        // Field numbers of message Tag.
        internal const int TagKeyField = 1;
        internal const int TagValueField = 2;

        // Field tags, (field number << 3) | wire type, as written by the builder.
        internal const byte PartitionKeyTableTag = (PartitionKeyTableField << 3) | ProtobufWire.LengthDelimited;
        internal const byte ExplicitHashKeyTableTag = (ExplicitHashKeyTableField << 3) | ProtobufWire.LengthDelimited;
        internal const byte RecordsTag = (RecordsField << 3) | ProtobufWire.LengthDelimited;
        internal const byte PartitionKeyIndexTag = (PartitionKeyIndexField << 3) | ProtobufWire.Varint;
        internal const byte ExplicitHashKeyIndexTag = (ExplicitHashKeyIndexField << 3) | ProtobufWire.Varint;
        internal const byte DataTag = (DataField << 3) | ProtobufWire.LengthDelimited;

        /// <summary>Writes the magic prefix into the first four bytes of <paramref name="destination"/>.</summary>
        internal static void WriteMagic(byte[] destination)
        {
            destination[0] = 0xF3;
            destination[1] = 0x89;
            destination[2] = 0x9A;
            destination[3] = 0xC2;
        }

        /// <summary>Writes the trailing MD5 of an aggregated record of <paramref name="length"/> bytes (magic, protobuf, then room for the digest).</summary>
        internal static void WriteDigest(byte[] record, int length) =>
            KplText.Md5(
                new System.ReadOnlySpan<byte>(record, MagicLength, length - FixedOverhead),
                new System.Span<byte>(record, length - DigestLength, DigestLength));

        /// <summary>True when <paramref name="data"/> starts with the magic prefix.</summary>
        internal static bool HasMagic(System.ReadOnlySpan<byte> data) =>
            data.Length >= MagicLength && data[0] == 0xF3 && data[1] == 0x89 && data[2] == 0x9A && data[3] == 0xC2;
    }
}
