using System.IO.Compression;
using System.Xml.Linq;

namespace KinesisAnalyzers.Package.Tests;

/// <summary>
/// The package packed once per test run with the command a release uses (`dotnet pack`, Release), into a fresh
/// folder, with its symbols package; entries are read from the .nupkg itself.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("kinesis-pack-").FullName;

    public PackedPackage()
    {
        Version = Repository.BuildProperty("KinesisAnalyzersVersion");
        DotnetCli.Run(
            Repository.Root,
            "pack", Repository.Path("src", "KinesisAnalyzers.Package", "KinesisAnalyzers.Package.csproj"),
            "-c", "Release", "-o", _output, "-nologo");
        NupkgPath = System.IO.Path.Combine(_output, $"KinesisAnalyzers.{Version}.nupkg");
        SnupkgPath = System.IO.Path.Combine(_output, $"KinesisAnalyzers.{Version}.snupkg");
    }

    public string Version { get; }

    public string NupkgPath { get; }

    public string SnupkgPath { get; }

    public static XNamespace NuspecNamespace => "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    /// <summary>Every file of a package, without the OPC bookkeeping NuGet adds.</summary>
    public static IReadOnlyList<string> Files(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(entry => entry.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/services/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
    }

    public static byte[] Read(string package, string entryName)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(entryName) ?? throw new FileNotFoundException(entryName + " is not in " + package);
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public XElement Metadata(string package)
    {
        var nuspec = XDocument.Load(new MemoryStream(Read(package, "KinesisAnalyzers.nuspec")));
        return nuspec.Root!.Element(NuspecNamespace + "metadata")!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_output, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind does no harm.
        }
    }
}
