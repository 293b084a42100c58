using System.Linq;
using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// What the generated binding and the runtime offer in a compilation. A fix that calls a method the project
    /// does not have would not compile, so every fix asks here first.
    /// </summary>
    internal sealed class BindingMethods
    {
        public const string PutRecordWithRetryAsync = "PutRecordWithRetryAsync";
        public const string PutRecordsWithRetryAsync = "PutRecordsWithRetryAsync";
        public const string PutRecordsInBatchesWithRetryAsync = "PutRecordsInBatchesWithRetryAsync";
        public const string CreateKinesisProducer = "CreateKinesisProducer";

        private const string ExtensionsMetadataName = "Amazon.Kinesis.KinesisAnalyzersExtensions";

        private readonly INamedTypeSymbol? _extensions;

        private BindingMethods(Compilation compilation)
        {
            Compilation = compilation;
            _extensions = compilation.GetTypeByMetadataName(ExtensionsMetadataName);
            KinesisClient = compilation.GetTypeByMetadataName("Amazon.Kinesis.IAmazonKinesis");
            PutRecordRequest = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordRequest");
            PutRecordsRequestEntry = compilation.GetTypeByMetadataName("Amazon.Kinesis.Model.PutRecordsRequestEntry");
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? KinesisClient { get; }

        public INamedTypeSymbol? PutRecordRequest { get; }

        public INamedTypeSymbol? PutRecordsRequestEntry { get; }

        public static BindingMethods For(Compilation compilation) => new BindingMethods(compilation);

        /// <summary>True when the generated extension method <paramref name="name"/> is visible to this project.</summary>
        public bool Has(string name) =>
            _extensions is not null
            && _extensions.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.IsExtensionMethod && m.DeclaredAccessibility == Accessibility.Public);

        /// <summary>True when <paramref name="type"/> is IAmazonKinesis or implements it (the binding extends IAmazonKinesis).</summary>
        public bool IsKinesisClient(ITypeSymbol? type) =>
            KinesisClient is not null
            && type is not null
            && (SymbolEqualityComparer.Default.Equals(type, KinesisClient)
                || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, KinesisClient)));
    }
}
