using System.Diagnostics;
using System.IO.Compression;

namespace KinesisAnalyzers.Tests.CodeFixes;

/// <summary>The packed KinesisAnalyzers.nupkg carries the code fixes next to the analyzers (packed from test.sh's Release build).</summary>
public class PackageContentTests
{
    [Fact]
    public async Task CodeFixAssemblySitsNextToTheAnalyzers()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "KinesisAnalyzers.sln")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        var output = Path.Combine(Path.GetTempPath(), "kinesis-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo(
                "dotnet",
                $"pack \"{Path.Combine(repository!.FullName, "src", "KinesisAnalyzers.Package", "KinesisAnalyzers.Package.csproj")}\" -c Release --no-build -nologo -o \"{output}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var log = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await log + await errors);

            var package = Directory.GetFiles(output, "KinesisAnalyzers.*.nupkg").Single();
            using var archive = ZipFile.OpenRead(package);
            var entries = archive.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/KinesisAnalyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/KinesisAnalyzers.CodeFixes.dll", entries);
            var codeFixes = archive.GetEntry("analyzers/dotnet/cs/KinesisAnalyzers.CodeFixes.dll")!;
            Assert.True(codeFixes.Length > 10_000, "the code fix assembly is " + codeFixes.Length + " bytes");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
