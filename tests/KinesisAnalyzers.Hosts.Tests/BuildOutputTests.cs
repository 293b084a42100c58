using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KinesisAnalyzers.Hosts.Tests.Infrastructure;

namespace KinesisAnalyzers.Hosts.Tests;

/// <summary>What CI shows: `dotnet build` of a project that restored the packed package.</summary>
[Collection(PackedFixtureCollection.Name)]
public sealed class BuildOutputTests(PackedFixtureProject fixture)
{
    private static readonly string[] AllRules = ["KIN001", "KIN002", "KIN003", "KIN004", "KIN005", "KIN006"];

    [Fact]
    public void Fixture_expects_every_rule()
    {
        Assert.Equal(AllRules, fixture.Expected.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Build_prints_exactly_the_expected_KIN_warnings_by_id_and_line()
    {
        var build = await fixture.BuildWithSarifAsync();

        Assert.True(build.Result.ExitCode == 0, build.Result.ToString());
        var reported = ReportedOnProgram(build.Result.Output, "warning");
        Assert.Equal(ExpectedDiagnostic.Describe(fixture.Expected), ExpectedDiagnostic.Describe(reported));
        Assert.DoesNotMatch(@"error KIN\d{3}", build.Result.Output);
    }

    [Fact]
    public async Task Warnings_as_errors_fails_the_build_with_every_KIN_diagnostic_as_an_error()
    {
        var build = await ProcessRunner.DotnetAsync(fixture.ProjectDirectory,
            "build", fixture.ProjectPath, "--no-restore", "--no-incremental", "-nologo", "-clp:NoSummary",
            "-p:TreatWarningsAsErrors=true", "-p:OutDir=" + Path.Combine(fixture.Root, "warnings-as-errors") + "/");

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(ExpectedDiagnostic.Describe(fixture.Expected), ExpectedDiagnostic.Describe(ReportedOnProgram(build.Output, "error")));
    }

    [Fact]
    public async Task Sarif_2_1_log_has_every_KIN_result_with_its_rule_metadata_and_help_uri()
    {
        var build = await fixture.BuildWithSarifAsync();
        Assert.True(File.Exists(build.SarifPath), build.Result.ToString());

        var log = JsonNode.Parse(File.ReadAllText(build.SarifPath))!;
        Assert.Equal("2.1.0", (string?)log["version"]);
        Assert.Contains("sarif-2.1.0", (string?)log["$schema"]);
        var run = Assert.Single(log["runs"]!.AsArray())!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        var results = run["results"]!.AsArray().Where(r => ((string?)r!["ruleId"])!.StartsWith("KIN", StringComparison.Ordinal)).ToList();

        var reported = results.Select(r => new ExpectedDiagnostic(
            (string)r!["ruleId"]!, (int)r["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!));
        Assert.Equal(ExpectedDiagnostic.Describe(fixture.Expected), ExpectedDiagnostic.Describe(reported));

        foreach (var result in results)
        {
            var id = (string)result!["ruleId"]!;
            Assert.Equal("warning", (string?)result["level"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)result["message"]!["text"]), id);
            var location = result["locations"]![0]!["physicalLocation"]!;
            Assert.Equal(fixture.ProgramPath, new Uri((string)location["artifactLocation"]!["uri"]!).LocalPath);
            Assert.Equal(id, (string?)rules[(int)result["ruleIndex"]!]!["id"]);
        }

        foreach (var id in fixture.Expected.Select(d => d.Id).Distinct())
        {
            var rule = Assert.Single(rules, r => (string?)r!["id"] == id)!;
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["shortDescription"]?["text"]), id + " shortDescription");
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["fullDescription"]?["text"]), id + " fullDescription");
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["properties"]?["category"]), id + " category");
            // The help URI is the rule's page in this repository (what dashboards link to).
            var helpUri = new Uri((string)rule["helpUri"]!);
            Assert.Equal("https", helpUri.Scheme);
            Assert.EndsWith("/docs/rules/" + id + ".md", helpUri.AbsolutePath, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md")), helpUri.ToString());
        }
    }

    /// <summary>Distinct KIN diagnostics the console logger printed for Program.cs (it prints each twice without NoSummary).</summary>
    private IReadOnlyList<ExpectedDiagnostic> ReportedOnProgram(string output, string severity) =>
        Regex.Matches(output, @"^\s*(?<file>[^\r\n]+?)\((?<line>\d+),\d+\): " + severity + @" (?<id>KIN\d{3}):", RegexOptions.Multiline)
            .Where(m => m.Groups["file"].Value == fixture.ProgramPath)
            .Select(m => new ExpectedDiagnostic(m.Groups["id"].Value, int.Parse(m.Groups["line"].Value)))
            .Distinct()
            .ToList();
}
