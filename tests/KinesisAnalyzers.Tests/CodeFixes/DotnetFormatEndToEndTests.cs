using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace KinesisAnalyzers.Tests.CodeFixes;

/// <summary>
/// The code fixes as CI applies them: a copy of samples/ProducerMistakes, with the built analyzers, code fixes and
/// runtime, goes through <c>dotnet format analyzers --diagnostics KIN001 --severity info</c> and then
/// <c>--diagnostics KIN001..KIN006</c>, the order the README gives; the result must build with no errors and without
/// KIN001, KIN003 or KIN004. Uses the Release build that test.sh makes first.
/// </summary>
/// <remarks>
/// In one call with every rule, dotnet format applies whichever fix it meets first on a call that carries two rules:
/// KIN003's rename of a put in a loop leaves a PutRecordWithRetryAsync per iteration, which KIN001 then still reports
/// (rightly: it is still one request per record). KIN001 first gives the batched rewrite every time.
/// </remarks>
public class DotnetFormatEndToEndTests
{
    private static readonly string[] Rules = { "KIN001", "KIN002", "KIN003", "KIN004", "KIN005", "KIN006" };

    private readonly ITestOutputHelper _output;

    public DotnetFormatEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task SampleIsFixedByDotnetFormatAndBuildsClean()
    {
        var repository = RepositoryRoot();
        var project = Path.Combine(Path.GetTempPath(), "kinesis-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(project);
        try
        {
            File.Copy(Path.Combine(repository, "samples", "ProducerMistakes", "Program.cs"), Path.Combine(project, "Program.cs"));
            File.WriteAllText(Path.Combine(project, "ProducerMistakes.csproj"), ProjectFile(repository));
            var csproj = Path.Combine(project, "ProducerMistakes.csproj");

            var before = await BuildAsync(csproj);
            Assert.True(before.Errors.Count == 0, string.Join("\n", before.Errors));
            Assert.Contains("KIN001", before.Counts.Keys);
            Assert.Contains("KIN003", before.Counts.Keys);
            Assert.Contains("KIN004", before.Counts.Keys);

            foreach (var rules in new[] { "KIN001", string.Join(" ", Rules) })
            {
                var format = await RunAsync("dotnet", $"format analyzers \"{csproj}\" --diagnostics {rules} --severity info --no-restore", project);
                Assert.True(format.ExitCode == 0, format.Output);
            }

            var after = await BuildAsync(csproj);
            _output.WriteLine("before: " + Describe(before.Counts));
            _output.WriteLine("after:  " + Describe(after.Counts));
            _output.WriteLine(File.ReadAllText(Path.Combine(project, "Program.cs")));
            Assert.True(after.Errors.Count == 0, string.Join("\n", after.Errors));
            Assert.DoesNotContain("KIN001", after.Counts.Keys);
            Assert.DoesNotContain("KIN003", after.Counts.Keys);
            Assert.DoesNotContain("KIN004", after.Counts.Keys);
            var fixedCode = File.ReadAllText(Path.Combine(project, "Program.cs"));
            // PublishOneByOne carries KIN001 and KIN003 on one call; KIN001's fix ran first and batched it.
            Assert.Matches(@"await kinesis\.PutRecordsInBatchesWithRetryAsync\(\s*Stream,\s*orders\.Select\(", fixedCode);
            Assert.DoesNotContain("PutRecordWithRetryAsync", fixedCode);
            // PublishBatch carries KIN004 and KIN006 on one call, likewise.
            Assert.True(
                fixedCode.Contains("await kinesis.PutRecordsWithRetryAsync(request)")
                || fixedCode.Contains("await kinesis.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records)"),
                "PublishBatch was not rewritten");
            Assert.Contains("PartitionKey = order.Id,", fixedCode);
            Assert.Contains("if (bytes.Length > 1048576)", fixedCode);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", Rules.Select(rule => $"{rule}={(counts.TryGetValue(rule, out var count) ? count : 0)}"));

    /// <summary>The sample's project, pointing at this repository's built analyzer, code fix and runtime assemblies.</summary>
    private static string ProjectFile(string repository)
    {
        string Built(string project, string framework) => Path.Combine(repository, "src", project, "bin", "Release", framework, project + ".dll");
        return $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <DefineConstants>$(DefineConstants);AWS_SDK_V4</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.Core" Version="4.0.102.19" />
                <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="8.0.2" />
                <Compile Include="{{Path.Combine(repository, "tests", "StandIns", "AmazonKinesisStandIn.cs")}}" Link="StandIn/AmazonKinesisStandIn.cs" />
                <Reference Include="{{Built("KinesisAnalyzers.Runtime", "net8.0")}}" />
                <Analyzer Include="{{Built("KinesisAnalyzers", "netstandard2.0")}}" />
                <Analyzer Include="{{Built("KinesisAnalyzers.CodeFixes", "netstandard2.0")}}" />
              </ItemGroup>
            </Project>
            """;
    }

    private async Task<(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Errors)> BuildAsync(string csproj)
    {
        var build = await RunAsync("dotnet", $"build \"{csproj}\" --no-incremental -nologo -v q -p:TreatWarningsAsErrors=false", Path.GetDirectoryName(csproj)!);
        var lines = build.Output.Split('\n').Select(line => line.Trim()).Distinct().ToList();
        var counts = lines
            .Select(line => Regex.Match(line, @"Program\.cs\(\d+,\d+\): (?:warning|error) (KIN00\d)"))
            .Where(match => match.Success)
            .GroupBy(match => match.Groups[1].Value)
            .ToDictionary(group => group.Key, group => group.Count());
        var errors = lines.Where(line => Regex.IsMatch(line, @": error (?!KIN)")).ToList();
        if (build.ExitCode != 0 && errors.Count == 0)
        {
            errors.Add(build.Output);
        }

        return (counts, errors);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        _output.WriteLine($"$ {file} {arguments} -> {process.ExitCode}");
        return (process.ExitCode, text);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KinesisAnalyzers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KinesisAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
