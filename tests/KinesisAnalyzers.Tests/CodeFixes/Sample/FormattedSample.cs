using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KinesisAnalyzers.Tests.CodeFixes.Sample;

/// <summary>
/// samples/ProducerMistakes as CI fixes it, done once for every test that looks at the result: a copy of the sample,
/// with this repository's built analyzers, code fixes and runtime, is built (before), goes through one
/// <c>dotnet format analyzers --diagnostics KIN001 KIN002 KIN003 KIN004 KIN005 KIN006 --severity info</c>, and is built
/// again (after). Uses the Release build that test.sh makes first.
/// </summary>
public sealed class FormattedSample : IAsyncLifetime
{
    public static readonly string[] Rules = { "KIN001", "KIN002", "KIN003", "KIN004", "KIN005", "KIN006" };

    private readonly StringBuilder _log = new();
    private string _project = "";

    public string BeforeCode { get; private set; } = "";

    public string AfterCode { get; private set; } = "";

    public SampleBuild Before { get; private set; } = SampleBuild.Empty;

    public SampleBuild After { get; private set; } = SampleBuild.Empty;

    public (int ExitCode, string Output) Format { get; private set; }

    /// <summary>The commands run and their exit codes, for the test output.</summary>
    public string Log => _log.ToString();

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        _project = Path.Combine(Path.GetTempPath(), "kinesis-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_project);
        var program = Path.Combine(_project, "Program.cs");
        File.Copy(Path.Combine(repository, "samples", "ProducerMistakes", "Program.cs"), program);
        var csproj = Path.Combine(_project, "ProducerMistakes.csproj");
        File.WriteAllText(csproj, ProjectFile(repository));

        BeforeCode = File.ReadAllText(program);
        Before = await BuildAsync(csproj);
        Format = await RunAsync("dotnet", $"format analyzers \"{csproj}\" --diagnostics {string.Join(" ", Rules)} --severity info --no-restore", _project);
        AfterCode = File.ReadAllText(program);
        After = await BuildAsync(csproj);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_project))
        {
            Directory.Delete(_project, recursive: true);
        }

        return Task.CompletedTask;
    }

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

    private async Task<SampleBuild> BuildAsync(string csproj)
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

        return new SampleBuild(counts, errors);
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
        _log.AppendLine($"$ {file} {arguments} -> {process.ExitCode}");
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

/// <summary>One build of the sample: KIN diagnostics by id, and compiler errors.</summary>
public sealed record SampleBuild(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Errors)
{
    public static readonly SampleBuild Empty = new(new Dictionary<string, int>(), Array.Empty<string>());

    public string Describe() =>
        string.Join(", ", FormattedSample.Rules.Select(rule => $"{rule}={(Counts.TryGetValue(rule, out var count) ? count : 0)}"));
}

[CollectionDefinition(Name)]
public sealed class FormattedSampleCollection : ICollectionFixture<FormattedSample>
{
    public const string Name = "samples/ProducerMistakes after dotnet format";
}
