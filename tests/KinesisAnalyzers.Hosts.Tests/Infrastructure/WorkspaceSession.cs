using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>
/// The fixture project opened the way Visual Studio and C# Dev Kit open it (MSBuildWorkspace), with the
/// analyzers and code fix providers taken from the package's analyzer references, as those IDEs take them.
/// </summary>
public sealed class WorkspaceSession : IDisposable
{
    private WorkspaceSession(MSBuildWorkspace workspace, Project project, IReadOnlyList<AnalyzerFileReference> packageReferences)
    {
        Workspace = workspace;
        Project = project;
        PackageReferences = packageReferences;
        Analyzers = packageReferences.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        CodeFixProviders = packageReferences.SelectMany(r => CodeFixProvidersIn(r.GetAssembly())).ToList();
    }

    public MSBuildWorkspace Workspace { get; }

    public Project Project { get; }

    /// <summary>The analyzer references that come from the packed package (analyzers/dotnet/cs/*.dll).</summary>
    public IReadOnlyList<AnalyzerFileReference> PackageReferences { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public IReadOnlyList<CodeFixProvider> CodeFixProviders { get; }

    public static async Task<WorkspaceSession> OpenAsync(PackedFixtureProject fixture)
    {
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e => failures.Add(e.Diagnostic.Message));
        var project = await workspace.OpenProjectAsync(fixture.ProjectPath);

        var packageFolder = Path.GetFullPath(fixture.RestoredPackageDirectory) + Path.DirectorySeparatorChar;
        var fromPackage = project.AnalyzerReferences.OfType<AnalyzerFileReference>()
            .Where(r => Path.GetFullPath(r.FullPath).StartsWith(packageFolder, StringComparison.Ordinal))
            .ToList();
        if (fromPackage.Count == 0)
        {
            throw new InvalidOperationException(
                $"The opened project has no analyzer reference from {packageFolder}. Its references: " +
                string.Join(", ", project.AnalyzerReferences.Select(r => r.FullPath)) +
                ". Workspace failures: " + string.Join(" | ", failures));
        }
        return new WorkspaceSession(workspace, project, fromPackage);
    }

    /// <summary>The KIN diagnostics of a project (the original or a fixed one), with the package's analyzers.</summary>
    public async Task<ImmutableArray<Diagnostic>> KinDiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("KIN", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>Compiler errors of a project, including those in source-generated files (the binding).</summary>
    public static async Task<ImmutableArray<Diagnostic>> ErrorsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    public void Dispose() => Workspace.Dispose();

    /// <summary>What an IDE's MEF catalog finds in an analyzer assembly: exported C# code fix providers.</summary>
    private static IEnumerable<CodeFixProvider> CodeFixProvidersIn(Assembly assembly) =>
        LoadableTypes(assembly)
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>()
                .Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
