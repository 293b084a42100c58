namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>Where the repository and this test project's files are, found from the test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject => Path.Combine(Root, "src", "KinesisAnalyzers.Package", "KinesisAnalyzers.Package.csproj");

    public static string StandIn => Path.Combine(Root, "tests", "StandIns", "AmazonKinesisStandIn.cs");

    public static string FixtureDirectory => Path.Combine(Root, "tests", "KinesisAnalyzers.Hosts.Tests", "Fixture");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KinesisAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No KinesisAnalyzers.sln above {AppContext.BaseDirectory}.");
    }
}
