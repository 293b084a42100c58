using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The Kinesis types the rules look for, resolved once per compilation.
    /// <see cref="TryCreate"/> returns null when the compilation does not reference
    /// Amazon.Kinesis, so such projects register no action and pay nothing.
    /// </summary>
    internal sealed class KinesisSymbols
    {
        private readonly ImmutableArray<IMethodSymbol> _putRecordMethods;
        private readonly ImmutableArray<IMethodSymbol> _putRecordsMethods;
        private readonly ImmutableArray<IMethodSymbol> _retryingPutRecordsMethods;

        private KinesisSymbols(Compilation compilation, INamedTypeSymbol client)
        {
            Compilation = compilation;
            AmazonKinesis = client;
            PutRecordRequest = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordRequest");
            PutRecordsRequest = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordsRequest");
            PutRecordsRequestEntry = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordsRequestEntry");
            PutRecordsResponse = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordsResponse");
            PutRecordsResultEntry = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordsResultEntry");
            ProvisionedThroughputExceededException = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.ProvisionedThroughputExceededException");
            AmazonKinesisException = compilation.GetTypeByMetadataName("Amazon.Kinesis.AmazonKinesisException");
            AmazonServiceException = compilation.GetTypeByMetadataName("Amazon.Runtime.AmazonServiceException");
            KinesisProducer = compilation.GetTypeByMetadataName("KinesisAnalyzers.Runtime.KinesisProducer");

            _putRecordMethods = Members(client, "PutRecord", "PutRecordAsync");
            _putRecordsMethods = Members(client, "PutRecords", "PutRecordsAsync");

            // The binding this package generates: sends the request as it is (no splitting), retrying failed entries.
            var extensions = compilation.GetTypeByMetadataName("Amazon.Kinesis.KinesisAnalyzersExtensions");
            _retryingPutRecordsMethods = extensions is null ? ImmutableArray<IMethodSymbol>.Empty : Members(extensions, RetryingPutRecordsName);
        }

        public Compilation Compilation { get; }
        public INamedTypeSymbol AmazonKinesis { get; }
        public INamedTypeSymbol? PutRecordRequest { get; }
        public INamedTypeSymbol? PutRecordsRequest { get; }
        public INamedTypeSymbol? PutRecordsRequestEntry { get; }
        public INamedTypeSymbol? PutRecordsResponse { get; }
        public INamedTypeSymbol? PutRecordsResultEntry { get; }
        public INamedTypeSymbol? ProvisionedThroughputExceededException { get; }
        public INamedTypeSymbol? AmazonKinesisException { get; }
        public INamedTypeSymbol? AmazonServiceException { get; }

        /// <summary>The bundled runtime producer, when the compilation references it.</summary>
        public INamedTypeSymbol? KinesisProducer { get; }

        public static KinesisSymbols? TryCreate(Compilation compilation)
        {
            var client = compilation.GetTypeByMetadataName("Amazon.Kinesis.IAmazonKinesis");
            return client is null || client.TypeKind != TypeKind.Interface ? null : new KinesisSymbols(compilation, client);
        }

        /// <summary>Names a PutRecord call can have: what the rules search the files' text for, before any binding.</summary>
        public static readonly ImmutableArray<string> PutRecordNames = ImmutableArray.Create("PutRecord", "PutRecordAsync");

        /// <summary>Names a PutRecords call can have.</summary>
        public static readonly ImmutableArray<string> PutRecordsNames = ImmutableArray.Create("PutRecords", "PutRecordsAsync");

        /// <summary>Names of either put.</summary>
        public static readonly ImmutableArray<string> PutNames = PutRecordNames.AddRange(PutRecordsNames);

        /// <summary>Names of the runtime KinesisProducer's record-adding methods.</summary>
        public static readonly ImmutableArray<string> ProducerCallNames = ImmutableArray.Create("AddAsync", "PutAsync", "TryAdd");

        public static bool IsPutRecordName(string name) => PutRecordNames.Contains(name);

        public static bool IsPutRecordsName(string name) => PutRecordsNames.Contains(name);

        /// <summary>The generated binding's PutRecords with retries (one request, sent as it is).</summary>
        public const string RetryingPutRecordsName = "PutRecordsWithRetryAsync";

        /// <summary>True for the generated binding's <c>PutRecordsWithRetryAsync(request)</c> (called as an extension or not).</summary>
        public bool IsRetryingPutRecords(IMethodSymbol? method)
        {
            if (method is null || method.Name != RetryingPutRecordsName)
            {
                return false;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            foreach (var candidate in _retryingPutRecordsMethods)
            {
                if (SymbolEqualityComparer.Default.Equals(definition, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsPutName(string name) => PutNames.Contains(name);

        public static bool IsProducerCallName(string name) => ProducerCallNames.Contains(name);

        /// <summary>PutRecord or PutRecordAsync of IAmazonKinesis, or its implementation in a type implementing it.</summary>
        public bool IsPutRecord(IMethodSymbol? method) => IsKinesisMethod(method, _putRecordMethods);

        /// <summary>PutRecords or PutRecordsAsync of IAmazonKinesis, or its implementation in a type implementing it.</summary>
        public bool IsPutRecords(IMethodSymbol? method) => IsKinesisMethod(method, _putRecordsMethods);

        public bool IsPut(IMethodSymbol? method) => IsPutRecord(method) || IsPutRecords(method);

        private bool IsKinesisMethod(IMethodSymbol? method, ImmutableArray<IMethodSymbol> interfaceMethods)
        {
            // Most invocations are not Kinesis puts: rule them out by name before any symbol work.
            // (Calls cannot bind to explicit implementations, so the interface's names suffice.)
            if (method is null || !HasNameOf(method, interfaceMethods))
            {
                return false;
            }

            method = method.OriginalDefinition;
            foreach (var interfaceMethod in interfaceMethods)
            {
                if (SymbolEqualityComparer.Default.Equals(method, interfaceMethod))
                {
                    return true;
                }
            }

            var type = method.ContainingType;
            if (type is null || method.IsStatic || !Implements(type))
            {
                return false;
            }

            // An override or a re-implementation in a subclass still implements the interface member.
            foreach (var interfaceMethod in interfaceMethods)
            {
                for (var candidate = method; candidate is not null; candidate = candidate.OverriddenMethod)
                {
                    var implementation = candidate.ContainingType.FindImplementationForInterfaceMember(interfaceMethod);
                    if (SymbolEqualityComparer.Default.Equals(implementation?.OriginalDefinition, candidate.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasNameOf(IMethodSymbol method, ImmutableArray<IMethodSymbol> candidates)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Name == method.Name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="type"/> is IAmazonKinesis or implements it.</summary>
        public bool Implements(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, AmazonKinesis))
            {
                return true;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, AmazonKinesis))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<IMethodSymbol> Members(INamedTypeSymbol type, params string[] names)
        {
            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        builder.Add(method);
                    }
                }
            }

            return builder.ToImmutable();
        }
    }
}
