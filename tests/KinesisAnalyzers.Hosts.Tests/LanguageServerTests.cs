using System.Text.Json.Nodes;
using KinesisAnalyzers.Hosts.Tests.Infrastructure;

namespace KinesisAnalyzers.Hosts.Tests;

/// <summary>
/// Squiggles as an editor shows them: csharp-ls (a Roslyn language server; test.sh installs it under
/// artifacts/tools) opens the fixture over stdio and publishes the package's KIN diagnostics for an open file.
/// </summary>
[Collection(PackedFixtureCollection.Name)]
public sealed class LanguageServerTests(PackedFixtureProject fixture)
{
    // Only against a server that never publishes: it loads the project and runs analyzers in 10-20 s when idle.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static string ServerPath =>
        Environment.GetEnvironmentVariable("CSHARP_LS_PATH") is { Length: > 0 } path
            ? path
            : Path.Combine(RepositoryPaths.Root, "artifacts", "tools", "csharp-ls", OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");

    [Fact]
    public async Task Open_file_gets_the_KIN_diagnostics_with_the_compiler_ranges_and_severities()
    {
        Assert.True(File.Exists(ServerPath),
            $"csharp-ls is not at {ServerPath}: run test.sh, or `dotnet tool update --tool-path artifacts/tools/csharp-ls csharp-ls --version 0.28.0`.");
        // The compiler's own SARIF regions (1-based) are what the server's ranges (0-based) must match.
        var build = await fixture.BuildWithSarifAsync();
        var expected = CompilerDiagnostics(build.SarifPath);
        Assert.Equal(ExpectedDiagnostic.Describe(fixture.Expected), ExpectedDiagnostic.Describe(expected.Select(d => new ExpectedDiagnostic(d.Id, d.StartLine + 1))));

        await using var server = LanguageServerClient.Start(ServerPath, fixture.ProjectDirectory, AnswerServerRequest);
        var root = new Uri(fixture.ProjectDirectory + Path.DirectorySeparatorChar).AbsoluteUri;
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "fixture" }),
            ["capabilities"] = new JsonObject
            {
                // Settings reach csharp-ls only through workspace/configuration.
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                // No textDocument.diagnostic (pull) capability: the server then pushes publishDiagnostics.
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["didSave"] = true },
                    ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = false },
                },
            },
        }, Patience);
        await server.NotifyAsync("initialized", new JsonObject());
        await server.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject
            {
                ["uri"] = new Uri(fixture.ProgramPath).AbsoluteUri,
                ["languageId"] = "csharp",
                ["version"] = 1,
                ["text"] = File.ReadAllText(fixture.ProgramPath),
            },
        });

        // The server may publish compiler diagnostics first and the analyzers' later: wait for the KIN lines.
        var wanted = ExpectedDiagnostic.Describe(fixture.Expected);
        var diagnostics = await server.WaitForDiagnosticsAsync(fixture.ProgramPath,
            published => ExpectedDiagnostic.Describe(Kin(published).Select(d => new ExpectedDiagnostic(d.Id, d.StartLine + 1))) == wanted,
            Patience);

        Assert.Equal(Describe(expected), Describe(Kin(diagnostics)));
    }

    /// <summary>Answers the server's requests: the C# settings turn analyzers on; everything else needs no answer.</summary>
    private static JsonNode? AnswerServerRequest(string method, JsonNode? parameters) =>
        method == "workspace/configuration"
            ? new JsonArray(parameters!["items"]!.AsArray()
                .Select(item => (string?)item!["section"] == "csharp" ? new JsonObject { ["analyzersEnabled"] = true } : null)
                .ToArray<JsonNode?>())
            : null;

    private sealed record RangedDiagnostic(string Id, int StartLine, int StartCharacter, int EndLine, int EndCharacter, int Severity)
    {
        public override string ToString() => $"{Id} {StartLine}:{StartCharacter}-{EndLine}:{EndCharacter} severity {Severity}";
    }

    private static string Describe(IEnumerable<RangedDiagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal));

    private static IEnumerable<RangedDiagnostic> Kin(JsonArray published) =>
        published
            .Where(d => ((string?)d!["code"])?.StartsWith("KIN", StringComparison.Ordinal) == true)
            .Select(d =>
            {
                var range = d!["range"]!;
                return new RangedDiagnostic((string)d["code"]!,
                    (int)range["start"]!["line"]!, (int)range["start"]!["character"]!,
                    (int)range["end"]!["line"]!, (int)range["end"]!["character"]!,
                    (int)d["severity"]!);
            });

    /// <summary>The compiler's KIN results, in LSP terms (0-based UTF-16 positions; SARIF's columnKind is utf16CodeUnits).</summary>
    private static IReadOnlyList<RangedDiagnostic> CompilerDiagnostics(string sarifPath)
    {
        var run = JsonNode.Parse(File.ReadAllText(sarifPath))!["runs"]![0]!;
        Assert.Equal("utf16CodeUnits", (string?)run["columnKind"]);
        return run["results"]!.AsArray()
            .Where(r => ((string)r!["ruleId"]!).StartsWith("KIN", StringComparison.Ordinal))
            .Select(r =>
            {
                var region = r!["locations"]![0]!["physicalLocation"]!["region"]!;
                var severity = (string?)r["level"] switch { "error" => 1, "warning" => 2, "note" => 3, _ => 4 };
                return new RangedDiagnostic((string)r["ruleId"]!,
                    (int)region["startLine"]! - 1, (int)region["startColumn"]! - 1,
                    (int)region["endLine"]! - 1, (int)region["endColumn"]! - 1, severity);
            })
            .ToList();
    }
}
