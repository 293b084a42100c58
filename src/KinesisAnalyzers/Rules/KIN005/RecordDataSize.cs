using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    internal enum DataSizeKind
    {
        /// <summary>Nothing in this method tells the size (a parameter, a field, a serializer...).</summary>
        Unknown,

        /// <summary>The size is a compile-time fact: <c>new byte[2_000_000]</c>.</summary>
        Known,

        /// <summary>The data is a whole file or stream, of any size.</summary>
        Unbounded,
    }

    /// <summary>What is known about the size of a record's data or of a text.</summary>
    internal readonly struct DataSize
    {
        private DataSize(DataSizeKind kind, long bytes, string? source)
        {
            Kind = kind;
            Bytes = bytes;
            Source = source;
        }

        public DataSizeKind Kind { get; }

        /// <summary>The size in bytes (Known) — for a text, in the unit the caller asked for.</summary>
        public long Bytes { get; }

        /// <summary>The unbounded source, as written (Unbounded).</summary>
        public string? Source { get; }

        public static DataSize Unknown => default;

        public static DataSize Known(long bytes) => new DataSize(DataSizeKind.Known, bytes, null);

        public static DataSize Unbounded(string source) => new DataSize(DataSizeKind.Unbounded, 0, source);
    }

    /// <summary>
    /// Follows a record's data (a MemoryStream, byte[] or ReadOnlyMemory&lt;byte&gt;) back through
    /// locals to where it is made, and says whether its size is fixed and known
    /// (<c>new byte[N]</c>, <c>new MemoryStream(new byte[N])</c>, the bytes of a constant or
    /// <c>new string(c, N)</c>), or unbounded (<c>File.ReadAllBytes</c>/<c>ReadAllText</c>(Async),
    /// <c>TextReader.ReadToEnd</c>(Async), a stream or HTTP body copied whole into a MemoryStream). Every local,
    /// path and source stream it passes is handed to a <see cref="SizeCheckFinder"/>, so a size
    /// check on any of them can be found.
    /// </summary>
    internal sealed class RecordDataSize
    {
        private readonly MethodBody _body;
        private readonly SizeCheckFinder _checks;
        private readonly HashSet<ILocalSymbol> _visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

        public RecordDataSize(MethodBody body, SizeCheckFinder checks)
        {
            _body = body;
            _checks = checks;
        }

        /// <summary>The size of record data in bytes.</summary>
        public DataSize OfData(IOperation? value)
        {
            if (BoundCode.IsInvalid(value))
            {
                return DataSize.Unknown;
            }

            value = OperationValues.UnwrapAwait(value);
            if (BoundCode.IsInvalid(value))
            {
                return DataSize.Unknown;
            }

            switch (value)
            {
                case IObjectCreationOperation creation when TypeHierarchy.Is(creation.Type, "System.IO", "MemoryStream"):
                    return OfMemoryStream(creation);

                case IArrayCreationOperation array:
                    return OfArray(array);

                case IInvocationOperation invocation:
                    return OfDataCall(invocation);

                case ILocalReferenceOperation local:
                    return OfLocal(local, OfData, isStream: TypeHierarchy.Is(local.Type, "System.IO", "MemoryStream"));

                default:
                    return DataSize.Unknown;
            }
        }

        /// <summary>
        /// The length of a text: in characters (code points) when <paramref name="byteCount"/> is
        /// null, else in the bytes that function counts for it.
        /// </summary>
        public DataSize OfText(IOperation? value, System.Func<string, long>? byteCount)
        {
            if (BoundCode.IsInvalid(value))
            {
                return DataSize.Unknown;
            }

            value = OperationValues.UnwrapAwait(value);
            if (BoundCode.IsInvalid(value))
            {
                return DataSize.Unknown;
            }

            if (OperationValues.ConstantString(value) is { } constant)
            {
                return DataSize.Known(byteCount is null ? CodePoints(constant) : byteCount(constant));
            }

            switch (value)
            {
                case IFieldReferenceOperation { Field.Name: "Empty", Field.ContainingType.SpecialType: SpecialType.System_String }:
                    return DataSize.Known(0);

                case IObjectCreationOperation { Type.SpecialType: SpecialType.System_String, Arguments.Length: 2 } repeated
                    when repeated.Arguments[0].Value.ConstantValue is { HasValue: true, Value: char c }
                        && OperationValues.TryGetInteger(repeated.Arguments[1].Value, out var count)
                        && count >= 0:
                    // new string(c, N)
                    var unit = byteCount is null ? 1 : byteCount(new string(c, 1));
                    return DataSize.Known(unit * count);

                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (method.Name is "ReadAllText" or "ReadAllTextAsync" && OperationValues.IsDeclaredBy(method, "System.IO", "File"))
                    {
                        _checks.WatchPath(OperationValues.Argument(invocation, "path"));
                        return DataSize.Unbounded(OperationValues.Describe(invocation));
                    }

                    if (method.Name is "ReadToEnd" or "ReadToEndAsync" && TypeHierarchy.DerivesFrom(method.ContainingType, "System.IO", "TextReader"))
                    {
                        _checks.Watch(invocation.Instance);
                        return DataSize.Unbounded(OperationValues.Describe(invocation));
                    }

                    return DataSize.Unknown;

                case ILocalReferenceOperation local:
                    return OfLocal(local, v => OfText(v, byteCount), isStream: false);

                default:
                    return DataSize.Unknown;
            }
        }

        private DataSize OfLocal(ILocalReferenceOperation local, System.Func<IOperation, DataSize> follow, bool isStream)
        {
            _checks.Watch(local.Local);
            if (!_visited.Add(local.Local) || !_body.TryGetSingleValue(local.Local, out var value))
            {
                return DataSize.Unknown;
            }

            var size = follow(value);
            if (size.Kind == DataSizeKind.Unknown && isStream && OperationValues.Unwrap(value) is IObjectCreationOperation { Arguments.Length: <= 1 } empty
                && TypeHierarchy.Is(empty.Type, "System.IO", "MemoryStream")
                && (empty.Arguments.Length == 0 || empty.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32))
            {
                // var buffer = new MemoryStream(); source.CopyTo(buffer): the whole source, of any size.
                return OfFilledStream(local.Local);
            }

            return size;
        }

        private DataSize OfFilledStream(ILocalSymbol stream)
        {
            foreach (var operation in _body.Operations)
            {
                // Stream.CopyTo(destination) or HttpContent.CopyToAsync(stream): the whole source or body.
                if (operation is IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync", Arguments.Length: > 0 } copy
                    && (TypeHierarchy.DerivesFrom(copy.TargetMethod.ContainingType, "System.IO", "Stream") || TypeHierarchy.DerivesFrom(copy.TargetMethod.ContainingType, "System.Net.Http", "HttpContent"))
                    && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(copy.Arguments[0].Value), stream))
                {
                    _checks.Watch(copy.Instance);
                    return DataSize.Unbounded(OperationValues.Describe(copy));
                }
            }

            return DataSize.Unknown;
        }

        private DataSize OfMemoryStream(IObjectCreationOperation creation)
        {
            var buffer = OperationValues.Argument(creation, "buffer");
            if (buffer is null)
            {
                // new MemoryStream() or new MemoryStream(capacity): filled later, seen through its local.
                return DataSize.Unknown;
            }

            if (OperationValues.Argument(creation, "count") is { } count)
            {
                // new MemoryStream(buffer, index, count): only count bytes are sent.
                return OperationValues.TryGetInteger(count, out var bytes) ? DataSize.Known(bytes) : DataSize.Unknown;
            }

            return OfData(buffer);
        }

        private static DataSize OfArray(IArrayCreationOperation array) =>
            OperationValues.TryGetLength(array, out var length) ? DataSize.Known(length) : DataSize.Unknown;

        private DataSize OfDataCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "ReadAllBytes" or "ReadAllBytesAsync" when OperationValues.IsDeclaredBy(method, "System.IO", "File"):
                    _checks.WatchPath(OperationValues.Argument(invocation, "path"));
                    return DataSize.Unbounded(OperationValues.Describe(invocation));

                case "GetBytes" when TypeHierarchy.DerivesFrom(method.ContainingType, "System.Text", "Encoding")
                    && invocation.Arguments.Length == 1
                    && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return OfText(invocation.Arguments[0].Value, ByteCounterOf(invocation.Instance));

                case "ToArray" or "GetBuffer" when TypeHierarchy.Is(method.ContainingType, "System.IO", "MemoryStream"):
                    return OfData(invocation.Instance);

                case "AsMemory" or "AsSpan" when OperationValues.IsDeclaredBy(method, "System", "MemoryExtensions") && invocation.Arguments.Length == 1:
                    return OfData(invocation.Arguments[0].Value);

                default:
                    return DataSize.Unknown;
            }
        }

        /// <summary>
        /// How many bytes an encoding makes of a text: exact for Encoding.UTF8/ASCII/Latin1/Unicode/
        /// BigEndianUnicode/UTF32 and new UTF8Encoding(...); otherwise one byte per character, the
        /// least any encoding in use needs, so a size found is never overstated.
        /// </summary>
        private static System.Func<string, long> ByteCounterOf(IOperation? instance)
        {
            Encoding? encoding = null;
            switch (OperationValues.Unwrap(instance))
            {
                case IPropertyReferenceOperation { Property.IsStatic: true } property when TypeHierarchy.Is(property.Property.ContainingType, "System.Text", "Encoding"):
                    encoding = property.Property.Name switch
                    {
                        "UTF8" => Utf8,
                        "ASCII" => Encoding.ASCII,
                        "Unicode" => Encoding.Unicode,
                        "BigEndianUnicode" => Encoding.BigEndianUnicode,
                        "UTF32" => Encoding.UTF32,
                        _ => null,
                    };
                    break;
                case IObjectCreationOperation creation when TypeHierarchy.Is(creation.Type, "System.Text", "UTF8Encoding"):
                    encoding = Utf8;
                    break;
            }

            if (encoding is null)
            {
                return text => text.Length;
            }

            return text => encoding.GetByteCount(text);
        }

        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private static long CodePoints(string text)
        {
            long count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
                {
                    count++;
                }
            }

            return count;
        }
    }
}
