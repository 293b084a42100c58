using System.Text;
using KinesisAnalyzers.Hosts.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.Hosts.Tests;

/// <summary>Quick fixes as Visual Studio and C# Dev Kit load them: from the package, in an MSBuildWorkspace.</summary>
[Collection(PackedFixtureCollection.Name)]
public sealed class QuickFixTests(PackedFixtureProject fixture)
{
    /// <summary>
    /// Rules whose diagnostics in the fixture get no fix, with the reason (issue 7 leaves some cases without
    /// one because any rewrite would be wrong). Every fixture diagnostic today is a case issue 7 gives a fix,
    /// so the list is empty; add a rule here only with the reason its fixture case has none.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> RulesWithoutFix = new Dictionary<string, string>();

    private Task<WorkspaceSession> Session => fixture.SharedAsync(() => WorkspaceSession.OpenAsync(fixture));

    [Fact]
    public async Task Package_analyzers_report_the_expected_diagnostics_in_the_opened_project()
    {
        var session = await Session;

        Assert.Empty(await WorkspaceSession.ErrorsAsync(session.Project));
        var diagnostics = await session.KinDiagnosticsAsync(session.Project);
        Assert.Equal(ExpectedDiagnostic.Describe(fixture.Expected), ExpectedDiagnostic.Describe(diagnostics.Select(AsExpected)));
    }

    [Fact]
    public async Task Every_reported_rule_gets_a_fix_from_the_package_that_compiles_and_removes_the_diagnostic()
    {
        var session = await Session;
        Assert.True(session.CodeFixProviders.Count > 0,
            "The package carries no code fix provider; its analyzer assemblies: " +
            string.Join(", ", session.PackageReferences.Select(r => Path.GetFileName(r.FullPath))));

        var diagnostics = await session.KinDiagnosticsAsync(session.Project);
        var report = new StringBuilder();
        var problems = new List<string>();
        foreach (var rule in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var working = 0;
            foreach (var diagnostic in rule)
            {
                foreach (var (provider, action) in await OfferedFixesAsync(session, diagnostic))
                {
                    var outcome = await ApplyAsync(session, action, rule.Key, before: rule.Count());
                    report.AppendLine($"{rule.Key} line {AsExpected(diagnostic).Line}: {provider.GetType().Name} '{action.Title}': {outcome ?? "compiles, diagnostic gone"}");
                    if (outcome is null)
                    {
                        working++;
                    }
                    else
                    {
                        // A fix that breaks the build or leaves the mistake is worse than none (issue 7).
                        problems.Add($"{rule.Key} '{action.Title}': {outcome}");
                    }
                }
            }
            if (working == 0 && !RulesWithoutFix.ContainsKey(rule.Key))
            {
                problems.Add($"{rule.Key}: no provider from the package offers a fix that compiles and removes it");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\nOffered fixes:\n" + report);
    }

    /// <summary>Every code action the package's providers register for a diagnostic, nested ones flattened.</summary>
    private static async Task<IReadOnlyList<(CodeFixProvider Provider, CodeAction Action)>> OfferedFixesAsync(WorkspaceSession session, Diagnostic diagnostic)
    {
        var document = session.Project.GetDocument(diagnostic.Location.SourceTree)!;
        var offered = new List<(CodeFixProvider, CodeAction)>();
        foreach (var provider in session.CodeFixProviders.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            offered.AddRange(actions.SelectMany(Flatten).Select(a => (provider, a)));
        }
        return offered;
    }

    private static IEnumerable<CodeAction> Flatten(CodeAction action) =>
        action.NestedActions.IsDefaultOrEmpty ? [action] : action.NestedActions.SelectMany(Flatten);

    /// <summary>Applies a fix to an in-memory copy of the solution; null when it compiles and the rule has fewer reports.</summary>
    private static async Task<string?> ApplyAsync(WorkspaceSession session, CodeAction action, string ruleId, int before)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changes = operations.OfType<ApplyChangesOperation>().SingleOrDefault();
        if (changes is null)
        {
            return "offers no solution change";
        }
        var fixedProject = changes.ChangedSolution.GetProject(session.Project.Id)!;
        var errors = await WorkspaceSession.ErrorsAsync(fixedProject);
        if (errors.Length > 0)
        {
            return "the fixed project does not compile: " + string.Join("; ", errors.Take(5));
        }
        var after = (await session.KinDiagnosticsAsync(fixedProject)).Count(d => d.Id == ruleId);
        return after < before ? null : $"{ruleId} still reported {after} time(s) after the fix (was {before})";
    }

    private static ExpectedDiagnostic AsExpected(Diagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
}
