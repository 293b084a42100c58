using System;
using System.IO;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>The few protobuf wire-format primitives the KPL record format needs, written by hand.</summary>
    internal static class ProtobufWire
    {
        internal const int Varint = 0;
        internal const int Fixed64 = 1;
        internal const int LengthDelimited = 2;
        internal const int StartGroup = 3;
        internal const int EndGroup = 4;
        internal const int Fixed32 = 5;

        /// <summary>A varint holds at most 64 bits: ten bytes of seven bits.</summary>
        internal const int MaxVarintLength = 10;

        /// <summary>Number of bytes the varint encoding of <paramref name="value"/> takes.</summary>
        internal static int VarintSize(ulong value)
        {
            var size = 1;
            while (value >= 0x80)
            {
                value >>= 7;
                size++;
            }

            return size;
        }

        /// <summary>Writes <paramref name="value"/> as a varint at <paramref name="offset"/> and returns the offset after it.</summary>
        internal static int WriteVarint(byte[] buffer, int offset, ulong value)
        {
            while (value >= 0x80)
            {
                buffer[offset++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[offset++] = (byte)value;
            return offset;
        }

        /// <summary>Writes a length-delimited field (tag, length, bytes) and returns the offset after it.</summary>
        internal static int WriteLengthDelimited(byte[] buffer, int offset, byte tag, ReadOnlySpan<byte> value)
        {
            buffer[offset++] = tag;
            offset = WriteVarint(buffer, offset, (uint)value.Length);
            value.CopyTo(buffer.AsSpan(offset));
            return offset + value.Length;
        }

        /// <summary>Size of a length-delimited field with a one-byte tag and a payload of <paramref name="length"/> bytes.</summary>
        internal static int LengthDelimitedSize(int length) => 1 + VarintSize((uint)length) + length;
    }

    /// <summary>
    /// Reads protobuf wire format from a span. Every malformation (truncation, an over-long varint,
    /// a length past the end, an unknown wire type) throws <see cref="InvalidDataException"/>; nothing
    /// reads outside the span.
    /// </summary>
    internal ref struct ProtobufReader
    {
        // Unknown groups nest; a bound keeps hostile input from exhausting the stack.
        private const int MaxGroupDepth = 64;

        private readonly ReadOnlySpan<byte> _buffer;
        private int _position;

        internal ProtobufReader(ReadOnlySpan<byte> buffer)
        {
            _buffer = buffer;
            _position = 0;
        }

        /// <summary>Offset of the next unread byte.</summary>
        internal int Position => _position;

        /// <summary>True when every byte has been read.</summary>
        internal bool AtEnd => _position >= _buffer.Length;

        /// <summary>Reads a field key and splits it into field number and wire type.</summary>
        internal void ReadTag(out int fieldNumber, out int wireType)
        {
            var key = ReadVarint();
            wireType = (int)(key & 7);
            var number = key >> 3;
            if (number == 0 || number > 0x1FFFFFFF)
            {
                throw new InvalidDataException($"Invalid protobuf field number {number} at offset {_position}.");
            }

            fieldNumber = (int)number;
        }

        /// <summary>Reads a varint of up to 64 bits.</summary>
        internal ulong ReadVarint()
        {
            ulong result = 0;
            for (var i = 0; i < ProtobufWire.MaxVarintLength; i++)
            {
                if (_position >= _buffer.Length)
                {
                    throw new InvalidDataException("Truncated protobuf varint.");
                }

                var b = _buffer[_position++];

                // The tenth byte may only carry the 64th bit.
                if (i == ProtobufWire.MaxVarintLength - 1 && b > 1)
                {
                    throw new InvalidDataException("Protobuf varint overflows 64 bits.");
                }

                result |= (ulong)(b & 0x7F) << (7 * i);
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("Protobuf varint overflows 64 bits.");
        }

        /// <summary>Reads the payload of a length-delimited field.</summary>
        internal ReadOnlySpan<byte> ReadLengthDelimited() => _buffer.Slice(ReadLengthDelimitedRange(out var length), length);

        /// <summary>Reads a length-delimited field's length and returns the offset of its payload, advancing past it.</summary>
        internal int ReadLengthDelimitedRange(out int length)
        {
            var declared = ReadVarint();
            var remaining = _buffer.Length - _position;
            if (declared > (ulong)remaining)
            {
                throw new InvalidDataException($"Protobuf field length {declared} runs past the end of the message ({remaining} bytes left).");
            }

            length = (int)declared;
            var start = _position;
            _position += length;
            return start;
        }

        /// <summary>Skips the value of a field of the given wire type (an unknown field).</summary>
        internal void SkipField(int fieldNumber, int wireType) => SkipField(fieldNumber, wireType, 0);

        private void SkipField(int fieldNumber, int wireType, int depth)
        {
            switch (wireType)
            {
                case ProtobufWire.Varint:
                    ReadVarint();
                    break;
                case ProtobufWire.Fixed64:
                    Skip(8);
                    break;
                case ProtobufWire.LengthDelimited:
                    ReadLengthDelimitedRange(out _);
                    break;
                case ProtobufWire.Fixed32:
                    Skip(4);
                    break;
                case ProtobufWire.StartGroup:
                    SkipGroup(fieldNumber, depth + 1);
                    break;
                case ProtobufWire.EndGroup:
                    throw new InvalidDataException($"Unexpected protobuf end-group for field {fieldNumber}.");
                default:
                    throw new InvalidDataException($"Invalid protobuf wire type {wireType} for field {fieldNumber}.");
            }
        }

        private void SkipGroup(int groupFieldNumber, int depth)
        {
            if (depth > MaxGroupDepth)
            {
                throw new InvalidDataException("Protobuf groups nested too deeply.");
            }

            while (true)
            {
                if (AtEnd)
                {
                    throw new InvalidDataException($"Truncated protobuf group {groupFieldNumber}.");
                }

                ReadTag(out var fieldNumber, out var wireType);
                if (wireType == ProtobufWire.EndGroup)
                {
                    if (fieldNumber != groupFieldNumber)
                    {
                        throw new InvalidDataException($"Protobuf end-group {fieldNumber} does not close group {groupFieldNumber}.");
                    }

                    return;
                }

                SkipField(fieldNumber, wireType, depth);
            }
        }

        private void Skip(int count)
        {
            if (_buffer.Length - _position < count)
            {
                throw new InvalidDataException($"Truncated protobuf fixed-width field ({count} bytes needed).");
            }

            _position += count;
        }
    }
}
