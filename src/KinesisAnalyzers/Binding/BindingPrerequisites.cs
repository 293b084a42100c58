using System;
using System.Collections.Generic;
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
    /// referenced assembly already exposes the binding. When both are referenced but a member is missing or of
    /// another type, nothing is emitted (code that does not compile would break the user's build) and the
    /// evaluation names each such member for KIN100.
    /// </summary>
    internal static class BindingPrerequisites
    {
        /// <summary>The emitted public extension class; a referenced assembly that exposes it already provides the binding.</summary>
        public const string ExtensionsMetadataName = "Amazon.Kinesis.KinesisAnalyzersExtensions";

        private const string Model = "Amazon.Kinesis.Model.";
        private const string Runtime = "KinesisAnalyzers.Runtime.";

        /// <summary>More problems than this are counted, not listed: the first ones say what is wrong.</summary>
        private const int ListedProblems = 4;

        private static readonly string[] RuntimeTypes =
        {
            "IKinesisTransport", "KinesisProducer", "KinesisProducerOptions", "TransportRecord", "TransportRecordResult",
            "TransportPutResult", "TransportShard", "TransportShardPage", "KinesisTransportException", "KinesisBackoff",
            "KinesisErrors", "KinesisErrorKind", "KinesisPutRecordsException", "KinesisFailedEntry",
        };

        /// <summary>What to emit or report for this compilation.</summary>
        public static BindingEvaluation Evaluate(Compilation compilation, CancellationToken cancellationToken)
        {
            if (compilation is not CSharpCompilation csharp)
            {
                return BindingEvaluation.Nothing;
            }

            // Both sides referenced is what says the project wants the binding; otherwise there is nothing to bind.
            var client = compilation.GetTypeByMetadataName("Amazon.Kinesis.IAmazonKinesis");
            var transport = compilation.GetTypeByMetadataName(Runtime + "IKinesisTransport");
            if (client is null || transport is null)
            {
                return BindingEvaluation.Nothing;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (IsProvidedByReference(compilation))
            {
                return BindingEvaluation.Nothing;
            }

            var shape = new ShapeReader(compilation);
            if (client.TypeKind != TypeKind.Interface)
            {
                shape.Report($"'{Display(client)}' is a {client.TypeKind.ToString().ToLowerInvariant()}, not an interface");
            }
            else
            {
                ReadRuntime(shape);
                ReadSdkShape(shape, client);
            }

            return shape.Problems.Count == 0
                ? BindingEvaluation.Emit(new BindingModel(nullableAnnotations: csharp.LanguageVersion >= LanguageVersion.CSharp8))
                : BindingEvaluation.Fail(Describe(shape.Problems));
        }

        private static string Describe(List<string> problems)
        {
            var listed = string.Join("; ", problems.Take(ListedProblems));
            return problems.Count <= ListedProblems ? listed : $"{listed}; and {problems.Count - ListedProblems} more";
        }

        // A library built with the package exposes its own public copy; emitting a second one here would make
        // every call ambiguous (CS0121), so this compilation uses the referenced one.
        private static bool IsProvidedByReference(Compilation compilation) =>
            compilation.GetTypesByMetadataName(ExtensionsMetadataName).Any(type =>
                !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
                && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly));

        private static void ReadRuntime(ShapeReader shape)
        {
            var found = RuntimeTypes.Select(name => shape.Type(Runtime + name)).ToArray();
            if (found.Any(type => type is null))
            {
                return;
            }

            // The emitted CreateKinesisProducer calls this constructor.
            var producer = shape.Type(Runtime + "KinesisProducer")!;
            var transport = shape.Type(Runtime + "IKinesisTransport");
            var options = shape.Type(Runtime + "KinesisProducerOptions");
            shape.Require(
                producer.InstanceConstructors.Any(constructor =>
                    constructor.DeclaredAccessibility == Accessibility.Public
                    && constructor.Parameters.Length == 3
                    && Same(constructor.Parameters[0].Type, transport)
                    && constructor.Parameters[1].Type.SpecialType == SpecialType.System_String
                    && Same(constructor.Parameters[2].Type, options)),
                () => $"'{Display(producer)}' has no public constructor (IKinesisTransport, string, KinesisProducerOptions)");
        }

        private static void ReadSdkShape(ShapeReader shape, INamedTypeSymbol client)
        {
            var stream = shape.Type("System.IO.MemoryStream");
            var list = shape.Type("System.Collections.Generic.List`1");
            var task = shape.Type("System.Threading.Tasks.Task`1");
            var token = shape.Type("System.Threading.CancellationToken");
            var statusCode = shape.Type("System.Net.HttpStatusCode");
            var serviceException = shape.Type("Amazon.Runtime.AmazonServiceException");
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
            if (shape.Problems.Count > 0)
            {
                return;
            }

            var compilation = shape.Compilation;
            var entries = list!.Construct(requestEntry!);
            var results = list.Construct(resultEntry!);
            var shards = list.Construct(shard!);
            var string_ = compilation.GetSpecialType(SpecialType.System_String);
            var int_ = compilation.GetSpecialType(SpecialType.System_Int32);
            var nullableInt = compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(int_);

            shape.Method(client, "PutRecordAsync", task!.Construct(putRecordResponse!), putRecordRequest!, token!);
            shape.Method(client, "PutRecordsAsync", task.Construct(putRecordsResponse!), putRecordsRequest!, token!);
            shape.Method(client, "ListShardsAsync", task.Construct(listShardsResponse!), listShardsRequest!, token!);

            shape.Property(putRecordRequest!, "Data", settable: true, stream!);
            shape.Property(requestEntry!, "Data", settable: true, stream!);
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
            shape.Property(serviceException!, "StatusCode", settable: false, statusCode!);
            shape.Constructible(putRecordsRequest!, requestEntry!, resultEntry!, listShardsRequest!, shardFilter!);
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

        private static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        private static string Display(ITypeSymbol[] types) => string.Join("' or '", types.Select(Display));

        /// <summary>Looks members up and records, in words, each one that is missing or of another type.</summary>
        private sealed class ShapeReader
        {
            public ShapeReader(Compilation compilation)
            {
                Compilation = compilation;
            }

            public Compilation Compilation { get; }

            public List<string> Problems { get; } = new List<string>();

            public INamedTypeSymbol? Type(string metadataName)
            {
                var type = Compilation.GetTypeByMetadataName(metadataName);
                Require(IsPublic(type), () => type is null ? $"type '{metadataName}' is missing" : $"type '{metadataName}' is not public");
                return type;
            }

            public void Method(INamedTypeSymbol type, string name, ITypeSymbol returnType, params ITypeSymbol[] parameters) =>
                Require(
                    type.GetMembers(name).OfType<IMethodSymbol>().Any(method =>
                        !method.IsStatic
                        && method.TypeParameters.IsEmpty
                        && Same(method.ReturnType, returnType)
                        && method.Parameters.Length == parameters.Length
                        && method.Parameters.Select(parameter => parameter.Type).SequenceEqual(parameters, SymbolEqualityComparer.Default)),
                    () => $"'{Display(returnType)} {Display(type)}.{name}({string.Join(", ", parameters.Select(Display))})' is missing");

            /// <summary>A public instance property, inherited or declared, of one of <paramref name="types"/>.</summary>
            public void Property(INamedTypeSymbol type, string name, bool settable, params ITypeSymbol[] types)
            {
                var member = $"'{Display(type)}.{name}'";
                for (var current = type; current is not null; current = current.BaseType)
                {
                    var property = current.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(candidate => !candidate.IsStatic && candidate.Parameters.IsEmpty);
                    if (property is not null)
                    {
                        Require(
                            types.Any(expected => Same(property.Type, expected)),
                            () => $"{member} is '{Display(property.Type)}', expected '{Display(types)}'");
                        Require(
                            property.DeclaredAccessibility == Accessibility.Public && property.GetMethod?.DeclaredAccessibility == Accessibility.Public,
                            () => $"{member} has no public getter");
                        Require(
                            !settable || property.SetMethod?.DeclaredAccessibility == Accessibility.Public,
                            () => $"{member} has no public setter");
                        return;
                    }
                }

                Report($"{member} is missing");
            }

            /// <summary>A public static field or property of the type itself (the SDK's ConstantClass values).</summary>
            public void StaticValue(INamedTypeSymbol type, string name) =>
                Require(
                    type.GetMembers(name).Any(member =>
                        member.IsStatic
                        && member.DeclaredAccessibility == Accessibility.Public
                        && ((member as IFieldSymbol)?.Type ?? (member as IPropertySymbol)?.Type) is { } memberType
                        && Same(memberType, type)),
                    () => $"static '{Display(type)}.{name}' of type '{Display(type)}' is missing");

            /// <summary>Types the emitted code creates with <c>new T { ... }</c>.</summary>
            public void Constructible(params INamedTypeSymbol[] types)
            {
                foreach (var type in types)
                {
                    Require(
                        !type.IsAbstract && type.InstanceConstructors.Any(constructor =>
                            constructor.Parameters.IsEmpty && constructor.DeclaredAccessibility == Accessibility.Public),
                        () => $"'{Display(type)}' has no public parameterless constructor");
                }
            }

            public void Require(bool condition, Func<string> problem)
            {
                if (!condition)
                {
                    Report(problem());
                }
            }

            public void Report(string problem) => Problems.Add(problem);
        }
    }
}
