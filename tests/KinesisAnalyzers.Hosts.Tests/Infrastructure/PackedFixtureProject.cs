using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>
/// The fixture project as a user has it: KinesisAnalyzers packed from this repository under a version unique
/// to the run (so a copy left in the global packages folder is never used), served from a local folder source
/// next to the machine's usual sources, and restored into a temp copy of the project. Restore uses the normal
/// global packages folder, so a warm cache downloads nothing new. Shared by every host test in the collection.
/// </summary>
public sealed class PackedFixtureProject : IAsyncLifetime
{
    public const string PackageId = "KinesisAnalyzers";

    private Task<BuildOutput>? build;
    private readonly Dictionary<Type, object> shared = new();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "kinesis-hosts-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Only this project lives here: csharp-ls scans its root folder for projects.</summary>
    public string ProjectDirectory => Path.Combine(Root, "project");

    public string ProjectPath => Path.Combine(ProjectDirectory, "HostFixture.csproj");

    public string ProgramPath => Path.Combine(ProjectDirectory, "Program.cs");

    public string PackageSource => Path.Combine(Root, "packages");

    public string PackageVersion { get; } = "0.0.0-hosts." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Where restore extracted this run's package (its analyzers/dotnet/cs folder is what hosts load).</summary>
    public string RestoredPackageDirectory { get; private set; } = "";

    public IReadOnlyList<ExpectedDiagnostic> Expected { get; } =
        ExpectedDiagnostic.ReadMarkers(Path.Combine(RepositoryPaths.FixtureDirectory, "Program.cs"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ProjectDirectory);

        var pack = await ProcessRunner.DotnetAsync(RepositoryPaths.Root,
            "pack", RepositoryPaths.PackageProject, "-c", "Release", "-o", PackageSource, "-p:PackageVersion=" + PackageVersion, "-nologo");
        Require(pack.ExitCode == 0, pack);

        // The machine's sources as seen from the temp folder, before this folder's own config exists.
        var sources = await ProcessRunner.DotnetAsync(Root, "nuget", "list", "source", "--format", "Short");
        Require(sources.ExitCode == 0, sources);
        WriteNuGetConfig(Regex.Matches(sources.Output, @"^E\s+(?<url>\S+)\s*$", RegexOptions.Multiline).Select(m => m.Groups["url"].Value));

        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), new XDocument(
            new XElement("Project",
                new XComment(" Stops the search for outer Directory.Build.props files; picks this run's package. "),
                new XElement("PropertyGroup", new XElement("KinesisAnalyzersVersion", PackageVersion)))).ToString());
        foreach (var file in new[] { "HostFixture.csproj", "Program.cs" })
        {
            File.Copy(Path.Combine(RepositoryPaths.FixtureDirectory, file), Path.Combine(ProjectDirectory, file));
        }
        File.Copy(RepositoryPaths.StandIn, Path.Combine(ProjectDirectory, "AmazonKinesisStandIn.cs"));

        var restore = await ProcessRunner.DotnetAsync(ProjectDirectory, "restore", ProjectPath, "-nologo");
        Require(restore.ExitCode == 0, restore);

        var globalPackages = await ProcessRunner.DotnetAsync(ProjectDirectory, "nuget", "locals", "global-packages", "--list");
        var folder = Regex.Match(globalPackages.Output, @"global-packages:\s*(?<path>.+?)\s*$", RegexOptions.Multiline);
        Require(folder.Success, globalPackages);
        RestoredPackageDirectory = Path.Combine(folder.Groups["path"].Value, PackageId.ToLowerInvariant(), PackageVersion.ToLowerInvariant());
        Require(Directory.Exists(RestoredPackageDirectory), restore);
    }

    /// <summary>
    /// One command-line build (as CI runs it) with a SARIF 2.1 error log, done once and shared. The comma in
    /// <c>ErrorLog=path,version=2.1</c> must be escaped as %2C: MSBuild splits -p values on commas.
    /// </summary>
    public Task<BuildOutput> BuildWithSarifAsync() => build ??= BuildAsync();

    public string SarifPath => Path.Combine(Root, "build.sarif");

    private async Task<BuildOutput> BuildAsync()
    {
        var result = await ProcessRunner.DotnetAsync(ProjectDirectory,
            "build", ProjectPath, "--no-restore", "--no-incremental", "-nologo", "-clp:NoSummary",
            "-p:ErrorLog=" + SarifPath + "%2Cversion=2.1");
        return new BuildOutput(result, SarifPath);
    }

    /// <summary>A costly host session (an opened workspace, a started server) created once for the collection.</summary>
    public Task<T> SharedAsync<T>(Func<Task<T>> create)
    {
        lock (shared)
        {
            if (!shared.TryGetValue(typeof(T), out var task))
            {
                shared[typeof(T)] = task = create();
            }
            return (Task<T>)task;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var task in shared.Values.Cast<Task>())
        {
            if (task.IsCompletedSuccessfully && task.GetType().GetProperty("Result")!.GetValue(task) is IDisposable session)
            {
                session.Dispose();
            }
        }
        await Task.Yield();
        TryDelete(Root);
        // The unique version must not pile up in the user's global packages folder.
        if (RestoredPackageDirectory.Length > 0)
        {
            TryDelete(RestoredPackageDirectory);
        }
    }

    private void WriteNuGetConfig(IEnumerable<string> machineSources)
    {
        var named = machineSources.Select((url, i) => (Key: "machine" + i, Url: url)).ToList();
        var sources = new XElement("packageSources", new XElement("clear"),
            new XElement("add", new XAttribute("key", "local"), new XAttribute("value", PackageSource)));
        var mapping = new XElement("packageSourceMapping",
            new XElement("packageSource", new XAttribute("key", "local"),
                new XElement("package", new XAttribute("pattern", PackageId))));
        foreach (var (key, url) in named)
        {
            sources.Add(new XElement("add", new XAttribute("key", key), new XAttribute("value", url)));
            mapping.Add(new XElement("packageSource", new XAttribute("key", key),
                new XElement("package", new XAttribute("pattern", "*"))));
        }
        new XDocument(new XElement("configuration", sources, mapping)).Save(Path.Combine(Root, "nuget.config"));
    }

    private static void Require(bool condition, ProcessResult result)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Setting up the packed fixture failed: " + result);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file; the temp folder is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What the command-line build printed, and where its SARIF log is.</summary>
public sealed record BuildOutput(ProcessResult Result, string SarifPath);

[CollectionDefinition(Name)]
public sealed class PackedFixtureCollection : ICollectionFixture<PackedFixtureProject>
{
    public const string Name = "Packed fixture project";
}
