using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Builds one KPL aggregated record: magic F3 89 9A C2, then the protobuf AggregatedRecord
    /// (partition key table, explicit hash key table, records), then the MD5 of the protobuf bytes.
    /// Keys are stored once per table. Sizes are tracked exactly, so the caller can fill a record
    /// up to its limit without encoding twice. Not thread-safe.
    /// </summary>
    /// <remarks>
    /// Each user record is encoded into an internal buffer when it is added (the data is copied, so the
    /// caller may reuse its buffer). <see cref="Build"/> writes the key tables in front of that buffer:
    /// tables first, then records, as KPL writes them.
    /// </remarks>
    internal sealed class AggregatedRecordBuilder
    {
        private readonly int _maxSizeBytes;
        private readonly KeyTable _partitionKeys = new KeyTable();
        private readonly KeyTable _explicitHashKeys = new KeyTable();
        private const int InitialCapacity = 256;

        private byte[] _records = new byte[InitialCapacity];
        private int _recordsLength;

        /// <summary>Creates an empty builder.</summary>
        /// <param name="maxSizeBytes">The largest <see cref="EncodedSize"/> that adding may reach (KPL's AggregationMaxSize, 51,200 by default).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSizeBytes"/> is below the 20-byte fixed overhead.</exception>
        public AggregatedRecordBuilder(int maxSizeBytes)
        {
            if (maxSizeBytes < KplFormat.FixedOverhead)
            {
                throw new ArgumentOutOfRangeException(nameof(maxSizeBytes), maxSizeBytes, $"An aggregated record takes at least {KplFormat.FixedOverhead} bytes.");
            }

            _maxSizeBytes = maxSizeBytes;
        }

        /// <summary>The size limit given at construction.</summary>
        public int MaxSizeBytes => _maxSizeBytes;

        /// <summary>Number of user records added since construction or the last <see cref="Reset"/>.</summary>
        public int Count { get; private set; }

        /// <summary>The exact length of what <see cref="Build"/> returns now, magic and MD5 included (20 when empty).</summary>
        public int EncodedSize => KplFormat.FixedOverhead + _partitionKeys.EncodedSize + _explicitHashKeys.EncodedSize + _recordsLength;

        /// <summary>
        /// The exact <see cref="EncodedSize"/> after adding a record with these keys and
        /// <paramref name="dataLength"/> bytes of data; keys already in the tables cost nothing more.
        /// </summary>
        /// <exception cref="ArgumentException">A key is empty or not valid UTF-16 (a lone surrogate).</exception>
        public int SizeIfAdded(string partitionKey, string? explicitHashKey, int dataLength)
        {
            if (dataLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dataLength), dataLength, "The data length must not be negative.");
            }

            return Measure(partitionKey, explicitHashKey, dataLength, out _, out _, out _, out _);
        }

        /// <summary>
        /// Adds a user record when the result stays within the size limit. The first record is always
        /// accepted, whatever its size, so a single large record still travels alone.
        /// </summary>
        /// <returns>True when added; false when it would exceed the limit, in which case nothing changed.</returns>
        /// <exception cref="ArgumentException">A key is empty or not valid UTF-16 (a lone surrogate).</exception>
        public bool TryAdd(string partitionKey, string? explicitHashKey, ReadOnlyMemory<byte> data)
        {
            var size = Measure(partitionKey, explicitHashKey, data.Length, out var pkIndex, out var newPk, out var ehkIndex, out var newEhk);
            if (Count > 0 && size > _maxSizeBytes)
            {
                return false;
            }

            if (newPk >= 0)
            {
                _partitionKeys.Add(partitionKey, newPk);
            }

            if (newEhk >= 0)
            {
                _explicitHashKeys.Add(explicitHashKey!, newEhk);
            }

            AppendRecord(pkIndex, ehkIndex, data.Span);
            Count++;
            return true;
        }

        /// <summary>
        /// Encodes the aggregated record: magic || protobuf || MD5(protobuf). The builder keeps its
        /// content; call <see cref="Reset"/> to start the next record.
        /// </summary>
        /// <exception cref="InvalidOperationException">No record was added: an empty aggregated record carries nothing.</exception>
        public byte[] Build()
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("An aggregated record needs at least one user record.");
            }

            var output = new byte[EncodedSize];
            BuildInto(output);
            return output;
        }

        /// <summary>
        /// Encodes the aggregated record into the start of <paramref name="output"/> (at least <see cref="EncodedSize"/>
        /// bytes, e.g. a recycled buffer) and returns its length; see <see cref="Build"/>. Without
        /// <paramref name="withDigest"/> the trailing MD5 is left for <see cref="KplFormat.WriteDigest"/> (another thread may write it).
        /// </summary>
        /// <exception cref="InvalidOperationException">No record was added.</exception>
        /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <see cref="EncodedSize"/>.</exception>
        public int BuildInto(byte[] output, bool withDigest = true)
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("An aggregated record needs at least one user record.");
            }

            if (output.Length < EncodedSize)
            {
                throw new ArgumentException($"The aggregated record takes {EncodedSize} bytes; the buffer has {output.Length}.", nameof(output));
            }

            KplFormat.WriteMagic(output);
            var offset = KplFormat.MagicLength;
            offset = _partitionKeys.WriteTo(output, offset, KplFormat.PartitionKeyTableTag);
            offset = _explicitHashKeys.WriteTo(output, offset, KplFormat.ExplicitHashKeyTableTag);
            Buffer.BlockCopy(_records, 0, output, offset, _recordsLength);
            offset += _recordsLength;
            var length = offset + KplFormat.DigestLength;
            if (withDigest)
            {
                KplFormat.WriteDigest(output, length);
            }

            return length;
        }

        /// <summary>Empties the builder, keeping its buffers for the next record.</summary>
        public void Reset()
        {
            _partitionKeys.Clear();
            _explicitHashKeys.Clear();
            _recordsLength = 0;
            Count = 0;

            // A lone oversized record (up to 10 MiB) grew the buffer; a builder per shard should not keep that.
            if (_records.Length > 2L * _maxSizeBytes)
            {
                _records = new byte[InitialCapacity];
            }
        }

        // Size after adding, per the format: a new key costs its table entry; the record costs
        // 1 + varint(L) + L, L = (1 + varint(pkIndex)) + [1 + varint(ehkIndex)] + (1 + varint(len)) + len.
        // A new key's UTF-8 length comes back (-1 for a key already in its table), so adding it need not count again.
        private int Measure(string partitionKey, string? explicitHashKey, int dataLength,
            out int pkIndex, out int newPk, out int ehkIndex, out int newEhk)
        {
            if (partitionKey is null)
            {
                throw new ArgumentNullException(nameof(partitionKey));
            }

            if (partitionKey.Length == 0)
            {
                throw new ArgumentException("The partition key must not be empty.", nameof(partitionKey));
            }

            if (explicitHashKey is not null && explicitHashKey.Length == 0)
            {
                throw new ArgumentException("The explicit hash key must be null or non-empty.", nameof(explicitHashKey));
            }

            long size = EncodedSize;
            size += _partitionKeys.Resolve(partitionKey, nameof(partitionKey), out pkIndex, out newPk);
            var inner = 1 + ProtobufWire.VarintSize((uint)pkIndex);

            ehkIndex = -1;
            newEhk = -1;
            if (explicitHashKey is not null)
            {
                size += _explicitHashKeys.Resolve(explicitHashKey, nameof(explicitHashKey), out ehkIndex, out newEhk);
                inner += 1 + ProtobufWire.VarintSize((uint)ehkIndex);
            }

            long innerLength = inner + 1 + ProtobufWire.VarintSize((uint)dataLength) + (long)dataLength;
            size += 1 + ProtobufWire.VarintSize((ulong)innerLength) + innerLength;
            if (size > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(dataLength), dataLength, "The aggregated record would exceed 2 GiB.");
            }

            return (int)size;
        }

        private void AppendRecord(int pkIndex, int ehkIndex, ReadOnlySpan<byte> data)
        {
            var inner = 1 + ProtobufWire.VarintSize((uint)pkIndex)
                + (ehkIndex >= 0 ? 1 + ProtobufWire.VarintSize((uint)ehkIndex) : 0)
                + ProtobufWire.LengthDelimitedSize(data.Length);
            EnsureCapacity(ProtobufWire.LengthDelimitedSize(inner));

            var buffer = _records;
            var offset = _recordsLength;
            buffer[offset++] = KplFormat.RecordsTag;
            offset = ProtobufWire.WriteVarint(buffer, offset, (uint)inner);

            // Required field: written even for index 0, unlike proto3 defaults.
            buffer[offset++] = KplFormat.PartitionKeyIndexTag;
            offset = ProtobufWire.WriteVarint(buffer, offset, (uint)pkIndex);
            if (ehkIndex >= 0)
            {
                buffer[offset++] = KplFormat.ExplicitHashKeyIndexTag;
                offset = ProtobufWire.WriteVarint(buffer, offset, (uint)ehkIndex);
            }

            offset = ProtobufWire.WriteLengthDelimited(buffer, offset, KplFormat.DataTag, data);
            _recordsLength = offset;
        }

        private void EnsureCapacity(int additional)
        {
            var needed = (long)_recordsLength + additional;
            if (needed <= _records.Length)
            {
                return;
            }

            var capacity = Math.Max(needed, Math.Min((long)_records.Length * 2, int.MaxValue));
            var grown = new byte[checked((int)capacity)];
            Buffer.BlockCopy(_records, 0, grown, 0, _recordsLength);
            _records = grown;
        }

        /// <summary>
        /// A de-duplicated key table: index by key, and the UTF-8 bytes of every key back to back in index order in
        /// one buffer kept across records, so adding a key allocates nothing once the buffers have grown.
        /// </summary>
        private sealed class KeyTable
        {
            private readonly Dictionary<string, int> _indexes = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly List<int> _ends = new List<int>();
            private byte[] _bytes = new byte[256];

            public int EncodedSize { get; private set; }

            /// <summary>Finds the key's index (<paramref name="newLength"/> -1), or the index and UTF-8 length it would get; returns the bytes the table would grow by.</summary>
            public int Resolve(string key, string parameterName, out int index, out int newLength)
            {
                newLength = -1;
                if (_indexes.TryGetValue(key, out index))
                {
                    return 0;
                }

                try
                {
                    newLength = KplText.StrictUtf8.GetByteCount(key);
                }
                catch (ArgumentException exception)
                {
                    throw new ArgumentException("The key is not valid UTF-16 (it holds a lone surrogate), so it has no UTF-8 form.", parameterName, exception);
                }

                index = _ends.Count;
                return ProtobufWire.LengthDelimitedSize(newLength);
            }

            /// <summary>Adds a key <see cref="Resolve"/> found new, with the UTF-8 length it gave.</summary>
            public void Add(string key, int length)
            {
                var start = _ends.Count == 0 ? 0 : _ends[_ends.Count - 1];
                if (start + length > _bytes.Length)
                {
                    var grown = new byte[Math.Max(start + length, _bytes.Length * 2)];
                    Buffer.BlockCopy(_bytes, 0, grown, 0, start);
                    _bytes = grown;
                }

                KplText.StrictUtf8.GetBytes(key, 0, key.Length, _bytes, start);
                _indexes.Add(key, _ends.Count);
                _ends.Add(start + length);
                EncodedSize += ProtobufWire.LengthDelimitedSize(length);
            }

            public int WriteTo(byte[] buffer, int offset, byte tag)
            {
                var start = 0;
                foreach (var end in _ends)
                {
                    offset = ProtobufWire.WriteLengthDelimited(buffer, offset, tag, new ReadOnlySpan<byte>(_bytes, start, end - start));
                    start = end;
                }

                return offset;
            }

            public void Clear()
            {
                _indexes.Clear();
                _ends.Clear();
                EncodedSize = 0;
            }
        }
    }
}
