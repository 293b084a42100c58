using System.Xml.Linq;

namespace KinesisAnalyzers.Package.Tests;

/// <summary>Paths and settings of the repository the tests run in.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine(parts.Prepend(Root).ToArray());

    /// <summary>A property as written in Directory.Build.props (where the version and metadata live, once).</summary>
    public static string BuildProperty(string name) =>
        XDocument.Load(Path("Directory.Build.props")).Descendants(name).Single().Value;

    /// <summary>Central package versions (Directory.Packages.props).</summary>
    public static IReadOnlyDictionary<string, string> PackageVersions() =>
        XDocument.Load(Path("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(item => (string)item.Attribute("Include")!, item => (string)item.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KinesisAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KinesisAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
