using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace KinesisAnalyzers.Package.Tests;

/// <summary>
/// What users get from `PackageReference Include="KinesisAnalyzers"`: the analyzers for the compiler and IDE, the
/// runtime for their application on both target frameworks with its dependencies, the metadata a package page
/// shows, and symbols that match the shipped assemblies. Also: a sample builds from the packed package.
/// </summary>
public sealed class PackageTests : IClassFixture<PackedPackage>
{
    private static readonly string[] TargetFrameworks = { "net8.0", "netstandard2.0" };

    private readonly PackedPackage _package;

    public PackageTests(PackedPackage package)
    {
        _package = package;
    }

    private XNamespace Ns => PackedPackage.NuspecNamespace;

    [Fact]
    public void HoldsTheAnalyzersTheRuntimePerTargetAndTheReadmeAndNothingElse()
    {
        var expected = new List<string>
        {
            "KinesisAnalyzers.nuspec",
            "README.md",
            "analyzers/dotnet/cs/KinesisAnalyzers.dll",
            "lib/net8.0/KinesisAnalyzers.Runtime.dll",
            "lib/net8.0/KinesisAnalyzers.Runtime.xml",
            "lib/netstandard2.0/KinesisAnalyzers.Runtime.dll",
            "lib/netstandard2.0/KinesisAnalyzers.Runtime.xml",
        };
        if (File.Exists(Repository.Path("src", "KinesisAnalyzers.CodeFixes", "KinesisAnalyzers.CodeFixes.csproj")))
        {
            expected.Add("analyzers/dotnet/cs/KinesisAnalyzers.CodeFixes.dll");
        }

        Assert.Equal(expected.OrderBy(name => name, StringComparer.Ordinal), PackedPackage.Files(_package.NupkgPath));
    }

    [Theory]
    [InlineData("lib/net8.0/KinesisAnalyzers.Runtime.dll", ".NETCoreApp,Version=v8.0")]
    [InlineData("lib/netstandard2.0/KinesisAnalyzers.Runtime.dll", ".NETStandard,Version=v2.0")]
    [InlineData("analyzers/dotnet/cs/KinesisAnalyzers.dll", ".NETStandard,Version=v2.0")]
    public void EachAssemblyIsBuiltForItsFolderAndCarriesThePackageVersion(string entry, string targetFramework)
    {
        using var pe = new PEReader(new MemoryStream(PackedPackage.Read(_package.NupkgPath, entry)));
        var metadata = pe.GetMetadataReader();
        Assert.Equal(System.Version.Parse(_package.Version + ".0"), metadata.GetAssemblyDefinition().Version);
        Assert.Equal(targetFramework, AttributeArgument(metadata, "TargetFrameworkAttribute"));
        Assert.StartsWith(_package.Version, AttributeArgument(metadata, "AssemblyInformationalVersionAttribute"), StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaresTheRuntimeDependenciesPerTargetFramework()
    {
        // The runtime's PackageReferences (all targets, or netstandard2.0 only), at their central versions.
        var runtimeProject = XDocument.Load(Repository.Path("src", "KinesisAnalyzers.Runtime", "KinesisAnalyzers.Runtime.csproj"));
        var versions = Repository.PackageVersions();
        var expected = TargetFrameworks.ToDictionary(tfm => tfm, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var reference in runtimeProject.Descendants("PackageReference"))
        {
            if ((string?)reference.Attribute("PrivateAssets") == "all")
            {
                continue; // build-time only (PublicApiAnalyzers)
            }

            var condition = (string?)reference.Parent!.Attribute("Condition") ?? string.Empty;
            var id = (string)reference.Attribute("Include")!;
            foreach (var tfm in TargetFrameworks.Where(tfm => condition.Length == 0 || condition.Contains($"'{tfm}'", StringComparison.Ordinal)))
            {
                expected[tfm].Add($"{id} {versions[id]}");
            }
        }

        var groups = _package.Metadata(_package.NupkgPath).Element(Ns + "dependencies")!.Elements(Ns + "group").ToList();
        Assert.Equal(new[] { ".NETStandard2.0", "net8.0" }, groups.Select(g => (string)g.Attribute("targetFramework")!).Order(StringComparer.Ordinal));
        foreach (var group in groups)
        {
            var tfm = (string)group.Attribute("targetFramework")! == "net8.0" ? "net8.0" : "netstandard2.0";
            var declared = group.Elements(Ns + "dependency").Select(d => $"{(string)d.Attribute("id")!} {(string)d.Attribute("version")!}");
            Assert.Equal(expected[tfm], declared.Order(StringComparer.Ordinal));
        }

        Assert.NotEmpty(expected["net8.0"]);
        Assert.True(expected["netstandard2.0"].Count > expected["net8.0"].Count);
    }

    [Fact]
    public void CarriesTheMetadataAPackagePageShows()
    {
        var metadata = _package.Metadata(_package.NupkgPath);
        string Value(string name) => metadata.Element(Ns + name)?.Value ?? string.Empty;

        Assert.Equal("KinesisAnalyzers", Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("expression", (string?)metadata.Element(Ns + "license")!.Attribute("type"));
        Assert.Contains(_package.Version, Value("releaseNotes"), StringComparison.Ordinal);
        Assert.NotEmpty(Value("description"));
        Assert.NotEmpty(Value("authors"));
        Assert.Equal(Repository.BuildProperty("RepositoryUrl"), Value("projectUrl"));
        var tags = Value("tags").Split(' ');
        Assert.Contains("kinesis", tags);
        Assert.Contains("analyzers", tags);

        var repository = metadata.Element(Ns + "repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(Repository.BuildProperty("RepositoryUrl"), (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? string.Empty); // from source control (SourceLink)

        // The package's own readme, not the repository's.
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal(
            File.ReadAllBytes(Repository.Path("src", "KinesisAnalyzers.Package", "README.md")),
            PackedPackage.Read(_package.NupkgPath, "README.md"));
    }

    [Fact]
    public void TheRuntimeFlowsToTheApplication()
    {
        // A development dependency (like most analyzer-only packages) would keep the runtime out of the app.
        var metadata = _package.Metadata(_package.NupkgPath);
        Assert.NotEqual("true", metadata.Element(Ns + "developmentDependency")?.Value);
        Assert.DoesNotContain(PackedPackage.Files(_package.NupkgPath), name => name.StartsWith("build", StringComparison.Ordinal));
        foreach (var dependency in metadata.Descendants(Ns + "dependency"))
        {
            // Its dependencies reach the application too (only their build and analyzer assets are left out).
            var excluded = ((string?)dependency.Attribute("exclude") ?? string.Empty).Split(',');
            Assert.DoesNotContain("Compile", excluded);
            Assert.DoesNotContain("Runtime", excluded);
        }
    }

    [Fact]
    public void TheSymbolsPackageHasThePdbOfEachShippedRuntimeAssembly()
    {
        Assert.Equal(
            new[] { "KinesisAnalyzers.nuspec", "lib/net8.0/KinesisAnalyzers.Runtime.pdb", "lib/netstandard2.0/KinesisAnalyzers.Runtime.pdb" },
            PackedPackage.Files(_package.SnupkgPath));
        foreach (var tfm in TargetFrameworks)
        {
            using var pe = new PEReader(new MemoryStream(PackedPackage.Read(_package.NupkgPath, $"lib/{tfm}/KinesisAnalyzers.Runtime.dll")));
            var codeView = pe.ReadCodeViewDebugDirectoryData(pe.ReadDebugDirectory().Single(entry => entry.Type == DebugDirectoryEntryType.CodeView));
            Assert.True(pe.ReadDebugDirectory().Any(entry => entry.IsPortableCodeView), $"{tfm}: not a portable PDB");

            using var pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(PackedPackage.Read(_package.SnupkgPath, $"lib/{tfm}/KinesisAnalyzers.Runtime.pdb")));
            var pdbId = new BlobContentId(pdb.GetMetadataReader().DebugMetadataHeader!.Id);
            Assert.Equal(codeView.Guid, pdbId.Guid); // the PDB belongs to exactly this build of the dll
        }
    }

    [Fact]
    public void TheFixedSampleBuildsFromThePackedPackageWithNoKinesisDiagnostic()
    {
        // ProducerFixed makes KIN001-KIN006 and KIN100 errors: it builds only if it is clean and the binding is generated.
        DotnetCli.Run(Repository.Root, "build", Repository.Path("samples", "ProducerFixed"), "-nologo");

        using var assets = JsonDocument.Parse(File.ReadAllText(Repository.Path("samples", "ProducerFixed", "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries");
        var package = libraries.GetProperty($"KinesisAnalyzers/{_package.Version}");
        Assert.Equal("package", package.GetProperty("type").GetString());
        Assert.Equal("project", libraries.EnumerateObject().Single(library => library.Name.StartsWith("AwsKinesisStandIn/", StringComparison.Ordinal)).Value.GetProperty("type").GetString());
        Assert.DoesNotContain(libraries.EnumerateObject(), library => library.Name.StartsWith("KinesisAnalyzers.Runtime/", StringComparison.Ordinal));
    }

    private static string? AttributeArgument(MetadataReader metadata, string attributeName)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind == HandleKind.TypeReference && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) == attributeName)
            {
                var blob = metadata.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString();
            }
        }

        return null;
    }
}
