using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// Decides whether the binding can be emitted into a compilation: the AWS SDK's Kinesis types and the
    /// runtime are both referenced, every SDK member the emitted code touches exists with a type it can use
    /// (SDK v3 and v4 both qualify: <c>int</c>/<c>int?</c> counts, collections that may be null), and no
    /// referenced assembly already exposes the binding. Anything else emits nothing rather than code that
    /// would break the user's build.
    /// </summary>
    internal static class BindingPrerequisites
    {
        /// <summary>The emitted public extension class; a referenced assembly that exposes it already provides the binding.</summary>
        public const string ExtensionsMetadataName = "Amazon.Kinesis.KinesisAnalyzersExtensions";

        private const string Model = "Amazon.Kinesis.Model.";
        private const string Runtime = "KinesisAnalyzers.Runtime.";

        private static readonly string[] RuntimeTypes =
        {
            "IKinesisTransport", "KinesisProducer", "KinesisProducerOptions", "TransportRecord", "TransportRecordResult",
            "TransportPutResult", "TransportShard", "TransportShardPage", "KinesisTransportException", "KinesisBackoff",
            "KinesisErrors", "KinesisErrorKind", "KinesisPutRecordsException", "KinesisFailedEntry",
        };

        /// <summary>The model to emit with, or null to emit nothing.</summary>
        public static BindingModel? Evaluate(Compilation compilation, CancellationToken cancellationToken)
        {
            if (compilation is not CSharpCompilation csharp)
            {
                return null;
            }

            var client = compilation.GetTypeByMetadataName("Amazon.Kinesis.IAmazonKinesis");
            var transport = compilation.GetTypeByMetadataName(Runtime + "IKinesisTransport");
            if (client is null || client.TypeKind != TypeKind.Interface || transport is null)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (IsProvidedByReference(compilation) || !HasRuntime(compilation) || !HasSdkShape(compilation, client))
            {
                return null;
            }

            return new BindingModel(nullableAnnotations: csharp.LanguageVersion >= LanguageVersion.CSharp8);
        }

        // A library built with the package exposes its own public copy; emitting a second one here would make
        // every call ambiguous (CS0121), so this compilation uses the referenced one.
        private static bool IsProvidedByReference(Compilation compilation) =>
            compilation.GetTypesByMetadataName(ExtensionsMetadataName).Any(type =>
                !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
                && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly));

        private static bool HasRuntime(Compilation compilation)
        {
            foreach (var name in RuntimeTypes)
            {
                if (!IsPublic(compilation.GetTypeByMetadataName(Runtime + name)))
                {
                    return false;
                }
            }

            // The emitted CreateKinesisProducer calls this constructor.
            var producer = compilation.GetTypeByMetadataName(Runtime + "KinesisProducer")!;
            var transport = compilation.GetTypeByMetadataName(Runtime + "IKinesisTransport");
            var options = compilation.GetTypeByMetadataName(Runtime + "KinesisProducerOptions");
            return producer.InstanceConstructors.Any(constructor =>
                constructor.DeclaredAccessibility == Accessibility.Public
                && constructor.Parameters.Length == 3
                && Same(constructor.Parameters[0].Type, transport)
                && constructor.Parameters[1].Type.SpecialType == SpecialType.System_String
                && Same(constructor.Parameters[2].Type, options));
        }

        private static bool HasSdkShape(Compilation compilation, INamedTypeSymbol client)
        {
            var shape = new ShapeReader(compilation);
            var stream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
            var list = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
            var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            var token = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            var statusCode = compilation.GetTypeByMetadataName("System.Net.HttpStatusCode");
            var serviceException = compilation.GetTypeByMetadataName("Amazon.Runtime.AmazonServiceException");
            if (stream is null || list is null || task is null || token is null || statusCode is null || !IsPublic(serviceException))
            {
                return false;
            }

            var putRecordRequest = shape.Type(Model + "PutRecordRequest");
            var putRecordResponse = shape.Type(Model + "PutRecordResponse");
            var putRecordsRequest = shape.Type(Model + "PutRecordsRequest");
            var putRecordsResponse = shape.Type(Model + "PutRecordsResponse");
            var requestEntry = shape.Type(Model + "PutRecordsRequestEntry");
            var resultEntry = shape.Type(Model + "PutRecordsResultEntry");
            var listShardsRequest = shape.Type(Model + "ListShardsRequest");
            var listShardsResponse = shape.Type(Model + "ListShardsResponse");
            var shardFilter = shape.Type(Model + "ShardFilter");
            var shardFilterType = shape.Type("Amazon.Kinesis.ShardFilterType");
            var shard = shape.Type(Model + "Shard");
            var hashKeyRange = shape.Type(Model + "HashKeyRange");
            if (!shape.AllFound)
            {
                return false;
            }

            var entries = list.Construct(requestEntry!);
            var results = list.Construct(resultEntry!);
            var shards = list.Construct(shard!);
            var string_ = compilation.GetSpecialType(SpecialType.System_String);
            var int_ = compilation.GetSpecialType(SpecialType.System_Int32);
            var nullableInt = compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(int_);

            shape.Method(client, "PutRecordAsync", task.Construct(putRecordResponse!), putRecordRequest!, token);
            shape.Method(client, "PutRecordsAsync", task.Construct(putRecordsResponse!), putRecordsRequest!, token);
            shape.Method(client, "ListShardsAsync", task.Construct(listShardsResponse!), listShardsRequest!, token);

            shape.Property(putRecordRequest!, "Data", settable: true, stream);
            shape.Property(requestEntry!, "Data", settable: true, stream);
            shape.Property(requestEntry!, "PartitionKey", settable: true, string_);
            shape.Property(requestEntry!, "ExplicitHashKey", settable: true, string_);
            shape.Property(putRecordsRequest!, "Records", settable: true, entries);
            shape.Property(putRecordsRequest!, "StreamName", settable: true, string_);
            shape.Property(putRecordsResponse!, "Records", settable: true, results);
            shape.Property(putRecordsResponse!, "FailedRecordCount", settable: true, int_, nullableInt);
            shape.Property(resultEntry!, "ErrorCode", settable: true, string_);
            shape.Property(resultEntry!, "ErrorMessage", settable: true, string_);
            shape.Property(resultEntry!, "SequenceNumber", settable: false, string_);
            shape.Property(resultEntry!, "ShardId", settable: false, string_);
            shape.Property(listShardsRequest!, "StreamName", settable: true, string_);
            shape.Property(listShardsRequest!, "NextToken", settable: true, string_);
            shape.Property(listShardsRequest!, "ShardFilter", settable: true, shardFilter!);
            shape.Property(shardFilter!, "Type", settable: true, shardFilterType!);
            shape.StaticValue(shardFilterType!, "AT_LATEST");
            shape.Property(listShardsResponse!, "Shards", settable: false, shards);
            shape.Property(listShardsResponse!, "NextToken", settable: false, string_);
            shape.Property(shard!, "ShardId", settable: false, string_);
            shape.Property(shard!, "ParentShardId", settable: false, string_);
            shape.Property(shard!, "AdjacentParentShardId", settable: false, string_);
            shape.Property(shard!, "HashKeyRange", settable: false, hashKeyRange!);
            shape.Property(hashKeyRange!, "StartingHashKey", settable: false, string_);
            shape.Property(hashKeyRange!, "EndingHashKey", settable: false, string_);
            shape.Property(serviceException!, "ErrorCode", settable: false, string_);
            shape.Property(serviceException!, "StatusCode", settable: false, statusCode);
            shape.Constructible(putRecordsRequest!, requestEntry!, resultEntry!, listShardsRequest!, shardFilter!);
            return shape.AllFound;
        }

        private static bool IsPublic(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return type is not null;
        }

        private static bool Same(ITypeSymbol? left, ITypeSymbol? right) => SymbolEqualityComparer.Default.Equals(left, right);

        /// <summary>Looks members up and remembers whether any was missing or of another type.</summary>
        private sealed class ShapeReader
        {
            private readonly Compilation _compilation;

            public ShapeReader(Compilation compilation)
            {
                _compilation = compilation;
            }

            public bool AllFound { get; private set; } = true;

            public INamedTypeSymbol? Type(string metadataName)
            {
                var type = _compilation.GetTypeByMetadataName(metadataName);
                Require(IsPublic(type));
                return type;
            }

            public void Method(INamedTypeSymbol type, string name, ITypeSymbol returnType, params ITypeSymbol[] parameters) =>
                Require(type.GetMembers(name).OfType<IMethodSymbol>().Any(method =>
                    !method.IsStatic
                    && method.TypeParameters.IsEmpty
                    && Same(method.ReturnType, returnType)
                    && method.Parameters.Length == parameters.Length
                    && method.Parameters.Select(parameter => parameter.Type).SequenceEqual(parameters, SymbolEqualityComparer.Default)));

            /// <summary>A public instance property, inherited or declared, of one of <paramref name="types"/>.</summary>
            public void Property(INamedTypeSymbol type, string name, bool settable, params ITypeSymbol[] types)
            {
                for (var current = type; current is not null; current = current.BaseType)
                {
                    var property = current.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(candidate => !candidate.IsStatic && candidate.Parameters.IsEmpty);
                    if (property is not null)
                    {
                        Require(property.DeclaredAccessibility == Accessibility.Public
                            && property.GetMethod?.DeclaredAccessibility == Accessibility.Public
                            && (!settable || property.SetMethod?.DeclaredAccessibility == Accessibility.Public)
                            && types.Any(expected => Same(property.Type, expected)));
                        return;
                    }
                }

                Require(false);
            }

            /// <summary>A public static field or property of the type itself (the SDK's ConstantClass values).</summary>
            public void StaticValue(INamedTypeSymbol type, string name) =>
                Require(type.GetMembers(name).Any(member =>
                    member.IsStatic
                    && member.DeclaredAccessibility == Accessibility.Public
                    && ((member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type) is { } memberType
                    && Same(memberType, type)));

            /// <summary>Types the emitted code creates with <c>new T { ... }</c>.</summary>
            public void Constructible(params INamedTypeSymbol[] types)
            {
                foreach (var type in types)
                {
                    Require(!type.IsAbstract && type.InstanceConstructors.Any(constructor =>
                        constructor.Parameters.IsEmpty && constructor.DeclaredAccessibility == Accessibility.Public));
                }
            }

            private void Require(bool condition)
            {
                AllFound &= condition;
            }
        }
    }
}
