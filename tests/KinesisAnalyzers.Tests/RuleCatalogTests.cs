using System.Collections.Immutable;
using System.Reflection;
using KinesisAnalyzers.Shared;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace KinesisAnalyzers.Tests;

/// <summary>Checks that hold for every rule: help pages, release tracking, and no cost without Kinesis.</summary>
public class RuleCatalogTests
{
    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in AnalyzerTypes())
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Fact]
    public void EveryRuleIdHasExactlyOneAnalyzer()
    {
        var ids = AnalyzerTypes().SelectMany(t => Create(t.Name).SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id);
        Assert.Equal(new[] { "KIN001", "KIN002", "KIN003", "KIN004", "KIN005", "KIN006" }, ids);
        foreach (var id in ids)
        {
            Assert.Single(AnalyzerTypes(), t => t.Name.StartsWith(id, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void EveryDescriptorLinksToAnExistingRulePage(string analyzerName)
    {
        foreach (var descriptor in Create(analyzerName).SupportedDiagnostics)
        {
            Assert.StartsWith(KinesisRules.HelpLinkBase, descriptor.HelpLinkUri, StringComparison.Ordinal);
            var relative = descriptor.HelpLinkUri.Substring(KinesisRules.HelpLinkBase.Length);
            Assert.Equal(descriptor.Id + ".md", relative);
            var page = Path.Combine(RepositoryRoot(), "docs", "rules", relative);
            Assert.True(File.Exists(page), $"{descriptor.Id}: help page {page} is missing");
            var text = File.ReadAllText(page);
            foreach (var section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Example" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void EveryRuleIsTrackedAsUnshippedWithItsSeverity(string analyzerName)
    {
        var unshipped = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "KinesisAnalyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Create(analyzerName).SupportedDiagnostics)
        {
            Assert.Contains(unshipped, line => line.StartsWith(descriptor.Id + " ", StringComparison.Ordinal)
                && line.Contains(descriptor.DefaultSeverity.ToString(), StringComparison.Ordinal)
                && line.Contains(descriptor.Category, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void EveryAnalyzerIsGatedOnAmazonKinesis(string analyzerName)
    {
        Assert.IsAssignableFrom<KinesisAnalyzer>(Create(analyzerName));
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public async Task ProjectsWithoutKinesisRegisterNoActions(string analyzerName)
    {
        var analyzer = Create(analyzerName);
        var telemetry = await TelemetryAsync(analyzer, "class C { void M() { for (var i = 0; i < 3; i++) System.Console.WriteLine(i); } }", withKinesis: false);
        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount
            + telemetry.SyntaxNodeActionsCount + telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount
            + telemetry.SemanticModelActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.CodeBlockActionsCount
            + telemetry.CodeBlockStartActionsCount + telemetry.CompilationEndActionsCount);

        var withKinesis = await TelemetryAsync(analyzer, "class C { }", withKinesis: true);
        Assert.True(withKinesis.SemanticModelActionsCount > 0, "registers its actions when Amazon.Kinesis is referenced");

        // Per-node actions make the driver walk every declaration (syntax nodes) or build every body's
        // operation tree (operations): that dispatch cost more than the rules' own work. The rules search each file once.
        Assert.Equal(0, withKinesis.OperationActionsCount + withKinesis.OperationBlockStartActionsCount + withKinesis.OperationBlockActionsCount
            + withKinesis.SyntaxNodeActionsCount + withKinesis.CodeBlockActionsCount + withKinesis.CodeBlockStartActionsCount);
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(DiagnosticAnalyzer analyzer, string source, bool withKinesis)
    {
        var shape = SdkShape.V3;
        var references = shape.References;
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source) };
        if (withKinesis)
        {
            trees.Add(CSharpSyntaxTree.ParseText(shape.StandIn));
        }

        var compilation = CSharpCompilation.Create("Telemetry", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }

    private static IEnumerable<Type> AnalyzerTypes() =>
        typeof(KinesisRules).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name);

    private static DiagnosticAnalyzer Create(string name) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(AnalyzerTypes().Single(t => t.Name == name))!;

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KinesisAnalyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KinesisAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
