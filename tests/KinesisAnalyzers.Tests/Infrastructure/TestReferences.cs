using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies for test compilations, read by path from the packages restore put in the global packages
/// folder (PackageDownload items in the test project). Nothing is resolved or downloaded at test time: parallel
/// first-time downloads into the temp folder broke hundreds of tests on fresh machines.
/// </summary>
public static class TestReferences
{
    // Declared first: the reference sets below read it in their initializers.
    /// <summary>The global packages folder restore used for this test assembly.</summary>
    public static string PackageRoot { get; } = FindPackageRoot();

    /// <summary>For the testing framework: resolves to nothing, so tests pass their references explicitly.</summary>
    public static ReferenceAssemblies None { get; } = new("net8.0");

    /// <summary>net8.0 reference assemblies (Microsoft.NETCore.App.Ref 8.0.0).</summary>
    public static ImmutableArray<MetadataReference> Net80 { get; } = Directory
        .GetFiles(PackageFolder("Microsoft.NETCore.App.Ref", "8.0.0", "ref", "net8.0"), "*.dll")
        .OrderBy(path => path, StringComparer.Ordinal)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToImmutableArray();

    /// <summary>The net8.0 build of AWSSDK.Core <paramref name="version"/>, which has no dependencies there.</summary>
    public static MetadataReference AwsCore(string version) =>
        MetadataReference.CreateFromFile(Path.Combine(PackageFolder("AWSSDK.Core", version, "lib", "net8.0"), "AWSSDK.Core.dll"));

    /// <summary>
    /// Makes <paramref name="test"/> compile against <paramref name="references"/> instead of resolving reference assemblies;
    /// references it already has are not added twice (a test may widen net8.0 to net8.0 plus AWSSDK.Core).
    /// </summary>
    public static void UseReferences<TVerifier>(this AnalyzerTest<TVerifier> test, IEnumerable<MetadataReference> references)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = None;
        var present = test.TestState.AdditionalReferences.OfType<PortableExecutableReference>().Select(r => r.FilePath).ToHashSet();
        test.TestState.AdditionalReferences.AddRange(
            references.Where(r => r is not PortableExecutableReference { FilePath: { } path } || !present.Contains(path)));
    }

    private static string PackageFolder(string id, string version, params string[] below)
    {
        var folder = Path.Combine(new[] { PackageRoot, id.ToLowerInvariant(), version }.Concat(below).ToArray());
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException(
                $"'{folder}' is missing: the test project downloads {id} {version} at restore (PackageDownload); restore it first.");
    }

    private static string FindPackageRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        var fromBuild = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "NuGetPackageRoot")?.Value;
        var root = string.IsNullOrEmpty(fromEnvironment) ? fromBuild : fromEnvironment;
        return !string.IsNullOrEmpty(root) && Directory.Exists(root)
            ? root
            : throw new InvalidOperationException($"The global packages folder ('{root}') is missing: restore the test project first.");
    }
}
