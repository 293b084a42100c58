using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies for test compilations, resolved offline. Restore fetches the packages (PackageDownload items in
/// the test project) into the global packages folder; the testing framework is pointed at a NuGet configuration that
/// has that folder and no package source, so it reads them from there and can never download at test time (parallel
/// first-time downloads into the temp folder broke hundreds of tests on fresh machines).
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<string> OfflineNuGetConfig = new(WriteOfflineNuGetConfig);

    // Declared before the reference sets below: static initializers run in this order.
    /// <summary>The global packages folder restore used for this test assembly.</summary>
    public static string PackageRoot { get; } = FindPackageRoot();

    /// <summary>net8.0 reference assemblies (Microsoft.NETCore.App.Ref 8.0.0).</summary>
    public static ReferenceAssemblies Net80 { get; } = Offline(ReferenceAssemblies.Net.Net80);

    /// <summary>net8.0 plus the given packages, all of which the test project must download at restore.</summary>
    public static ReferenceAssemblies Net80With(params PackageIdentity[] packages) =>
        Offline(ReferenceAssemblies.Net.Net80.AddPackages(packages.ToImmutableArray()));

    private static ReferenceAssemblies Offline(ReferenceAssemblies references) =>
        references.WithNuGetConfigFilePath(OfflineNuGetConfig.Value);

    private static string FindPackageRoot()
    {
        var fromBuild = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "NuGetPackageRoot")?.Value;
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment ? fromEnvironment : fromBuild;
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            throw new InvalidOperationException(
                $"The global packages folder ('{root}') is missing: restore the test project before running it.");
        }

        return root;
    }

    private static string WriteOfflineNuGetConfig()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kinesis-analyzers-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "nuget.config");
        var root = System.Security.SecurityElement.Escape(PackageRoot);
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{root}" /></config>
              <packageSources><clear /></packageSources>
            </configuration>
            """);
        return path;
    }
}
