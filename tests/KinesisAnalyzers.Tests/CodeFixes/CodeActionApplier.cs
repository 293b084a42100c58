using System.Collections.Immutable;
using KinesisAnalyzers.Tests.Binding;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Tests.CodeFixes;

/// <summary>
/// Applies one chosen code fix to every diagnostic of an analyzer in some code, as a user picking that fix in the IDE
/// would: the code in a workspace project set up like the code fix tests' (SDK v4 stand-in, runtime, generated
/// binding), each diagnostic fixed in turn on the updated document. For fixes dotnet format would not pick (it
/// applies a diagnostic's first fix).
/// </summary>
internal static class CodeActionApplier
{
    public static async Task<string> ApplyAsync(string code, DiagnosticAnalyzer analyzer, CodeFixProvider provider, string equivalenceKey)
    {
        var shape = SdkShape.V4;
        var setup = await ProjectSetup.GetAsync(shape, LanguageVersion.CSharp12);
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Sample",
            "Sample",
            LanguageNames.CSharp,
            compilationOptions: BindingCompiler.CompilationOptions,
            parseOptions: BindingCompiler.ParseOptions(LanguageVersion.CSharp12),
            metadataReferences: shape.References.Concat(BindingCompiler.RuntimeReferences).Concat(setup.References)));
        foreach (var (name, text) in setup.Sources)
        {
            project = project.AddDocument(name, SourceText.From(text)).Project;
        }

        var document = project.AddDocument("Program.cs", SourceText.From(code));
        for (var round = 0; round < 100; round++)
        {
            var compilation = await document.Project.GetCompilationAsync() ?? throw new InvalidOperationException("no compilation");
            var tree = await document.GetSyntaxTreeAsync() ?? throw new InvalidOperationException("no syntax tree");
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
            var fixedOne = false;
            foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree == tree && provider.FixableDiagnosticIds.Contains(d.Id)))
            {
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                var chosen = actions.FirstOrDefault(action => action.EquivalenceKey == equivalenceKey);
                if (chosen is null)
                {
                    continue;
                }

                var operations = await chosen.GetOperationsAsync(CancellationToken.None);
                document = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
                fixedOne = true;
                break;
            }

            if (!fixedOne)
            {
                return (await document.GetTextAsync()).ToString();
            }
        }

        throw new InvalidOperationException("the fix kept finding diagnostics to fix");
    }
}
