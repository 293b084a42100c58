using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>
/// Code as it is while being typed: every KIN analyzer runs over broken copies of a realistic corpus
/// (cut off, an identifier half typed, a token or a line deleted, brackets unbalanced). No analyzer may
/// throw (no AD0001), and no KIN diagnostic may sit on code that does not bind.
/// </summary>
/// <remarks>
/// Each variant is analysed on one SDK shape, v3 and v4 in turn, to keep the run short. Set
/// KINESIS_ROBUSTNESS_SCALE=N (N &gt; 1) for a deeper local run: N times the variants, each on both shapes.
/// </remarks>
public class HalfTypedCodeRobustnessTests
{
    // 264 variants in all (about 33 per source), each analysed once: 15-30 s on a 2-core machine, most of it
    // binding the variants. KINESIS_ROBUSTNESS_SCALE=12 analyses 3,400 variants on both shapes in a few minutes.
    private static readonly SourceMutations.Budget Budget = new(
        TruncateAtToken: 6,
        TruncateAtLineEnd: 5,
        CutLineAtToken: 5,
        DeleteToken: 5,
        ShortenIdentifier: 4,
        DeleteLine: 4,
        Unbalance: 4);

    private static readonly int Scale =
        int.TryParse(Environment.GetEnvironmentVariable("KINESIS_ROBUSTNESS_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 1 ? scale : 1;

    private static readonly ConcurrentDictionary<string, Lazy<Task<Findings>>> Results = new();

    public static TheoryData<string> SourceNames()
    {
        var data = new TheoryData<string>();
        foreach (var source in RobustnessCorpus.All)
        {
            data.Add(source.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task CorpusCompilesWithoutErrorsAndTriggersEveryRule(string shapeName)
    {
        var harness = await AnalyzerHarness.ForAsync(SdkShape.Get(shapeName));
        var reported = new HashSet<string>();
        foreach (var source in RobustnessCorpus.All)
        {
            var run = await harness.RunAsync(source.Text, source.IsProgram);
            Assert.True(!run.CompilerErrors.Any(), $"{source.Name} ({shapeName}) does not compile:\n" + string.Join("\n", run.CompilerErrors));
            Assert.True(run.Exceptions.IsEmpty && !run.AnalyzerExceptionDiagnostics.Any(), $"{source.Name} ({shapeName}): an analyzer threw on complete code:\n" + string.Join("\n", run.Exceptions.Select(e => e.Exception)));
            Assert.True(run.KinesisDiagnostics.Any(), $"{source.Name} ({shapeName}) triggers no rule, so its variants would only exercise the analyzers' bail-outs");
            reported.UnionWith(run.KinesisDiagnostics.Select(d => d.Id));
        }

        var expected = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id);
        Assert.Equal(expected, reported.OrderBy(id => id));
    }

    [Fact]
    public async Task TheProbeSeesUnboundCodeThatCarriesNoErrorOfItsOwn()
    {
        var harness = await AnalyzerHarness.ForAsync(SdkShape.V3);
        var source = "class C { void M() { var x = Missing(); var y = x.Length; string s = M; } }";
        var run = await harness.RunAsync(source, isProgram: false);
        var unbound = run.UnboundSpans.Select(span => source.Substring(span.Start, span.Length)).ToHashSet();
        Assert.Contains("Missing()", unbound);
        Assert.Contains("x.Length", unbound); // no error of its own: the compiler reports only CS0103 on Missing
        Assert.Contains("M", unbound); // a method group that does not convert to string
    }

    [Theory]
    [MemberData(nameof(SourceNames))]
    public async Task NoAnalyzerThrowsOnHalfTypedCode(string sourceName)
    {
        var findings = await FindingsAsync(sourceName);
        Assert.True(findings.Analyses >= 28 * Scale, $"only {findings.Analyses} variants of {sourceName} were analysed");
        Assert.True(findings.Crashes.Count == 0, Describe(findings.Crashes, findings.Analyses, "an analyzer threw"));
    }

    [Theory]
    [MemberData(nameof(SourceNames))]
    public async Task NoDiagnosticOnCodeThatDoesNotBind(string sourceName)
    {
        var findings = await FindingsAsync(sourceName);
        Assert.True(findings.ReportsOnUnboundCode.Count == 0, Describe(findings.ReportsOnUnboundCode, findings.Analyses, "a KIN diagnostic on code that does not bind"));
    }

    // Both tests of a source share one pass over its variants.
    private static Task<Findings> FindingsAsync(string sourceName) =>
        Results.GetOrAdd(sourceName, name => new Lazy<Task<Findings>>(() => AnalyseVariantsAsync(RobustnessCorpus.Get(name)))).Value;

    private static async Task<Findings> AnalyseVariantsAsync(RobustnessCorpus.Source source)
    {
        var index = RobustnessCorpus.All.ToList().IndexOf(source);
        var budget = Budget with
        {
            TruncateAtToken = Budget.TruncateAtToken * Scale,
            TruncateAtLineEnd = Budget.TruncateAtLineEnd * Scale,
            CutLineAtToken = Budget.CutLineAtToken * Scale,
            DeleteToken = Budget.DeleteToken * Scale,
            ShortenIdentifier = Budget.ShortenIdentifier * Scale,
            DeleteLine = Budget.DeleteLine * Scale,
            Unbalance = Budget.Unbalance * Scale,
        };
        var variants = SourceMutations.Create(source.Text, budget, seed: 7919 * (index + 1));
        var v3 = await AnalyzerHarness.ForAsync(SdkShape.V3);
        var v4 = await AnalyzerHarness.ForAsync(SdkShape.V4);
        var findings = new Findings();
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var harnesses = Scale > 1 ? new[] { v3, v4 } : (i + index) % 2 == 0 ? new[] { v3 } : new[] { v4 };
            foreach (var harness in harnesses)
            {
                var run = await harness.RunAsync(variant.Text, source.IsProgram);
                findings.Analyses++;
                Check(source, variant, harness.Shape, run, findings);
            }
        }

        return findings;
    }

    private static void Check(RobustnessCorpus.Source source, SourceVariant variant, SdkShape shape, AnalysisRun run, Findings findings)
    {
        var where = $"{source.Name} ({shape}), {variant.Kind} {variant.Detail} at {SourceMutations.Where(source.Text, variant.Position)}:\n"
            + SourceMutations.Excerpt(source.Text, variant.Position);
        foreach (var failure in run.Exceptions)
        {
            findings.Crashes.Add($"{where}\n  {failure.Analyzer} threw {FirstLines(failure.Exception.ToString(), 8)}");
        }

        foreach (var diagnostic in run.AnalyzerExceptionDiagnostics)
        {
            findings.Crashes.Add($"{where}\n  {FirstLines(diagnostic.ToString(), 8)}");
        }

        foreach (var diagnostic in run.KinesisDiagnostics)
        {
            if (UnboundCodeUnder(diagnostic, run) is { } problem)
            {
                var span = diagnostic.Location.SourceSpan;
                findings.ReportsOnUnboundCode.Add(
                    $"{where}\n  {diagnostic.Id} on '{Shorten(run.Tree.GetText().ToString(span))}' at {SourceMutations.Where(variant.Text, span.Start)} of the variant: {problem}");
            }
        }
    }

    /// <summary>
    /// Why the code under a KIN diagnostic does not bind, or null when it does: a syntax error in the
    /// reported node, or an invalid operation, a value of an error type or a conversion that does not
    /// exist inside the reported span (see <see cref="UnboundCodeProbe"/>).
    /// </summary>
    /// <remarks>
    /// Narrower than "a compiler error overlaps the reported span", on purpose: the rules judge the
    /// reported code and report bound code in files with errors (the rule tests BoundPartsOfIncomplete-
    /// CodeAreStillChecked and HalfTypedCodeThatBindsIsReported). Errors that overlap bound reported code
    /// without being its own: an await in a method that lost its async modifier (CS4032) or an enclosing
    /// call that cannot take the reported call's result (CS1503) cover the reported call; the parser puts
    /// "; expected" of the previous statement on the reported call's first token (CS1002); a constraint
    /// that fails because an interface declaration elsewhere is broken (CS0311) lands on the type argument
    /// of nameof(AuditTrail&lt;TEvent&gt;), whose constant value binds regardless. In a deep run (5,300
    /// analyses) the span-overlap check, minus those enclosing and syntax errors, found nothing else.
    /// </remarks>
    private static string? UnboundCodeUnder(Diagnostic diagnostic, AnalysisRun run)
    {
        if (diagnostic.Location.SourceTree != run.Tree)
        {
            return null;
        }

        var span = diagnostic.Location.SourceSpan;
        var text = run.Tree.GetText();
        var node = run.Tree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
        if (node.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } syntaxError)
        {
            return $"{syntaxError.Id} at {Where(text, syntaxError.Location.SourceSpan.Start)}: {syntaxError.GetMessage(CultureInfo.InvariantCulture)}";
        }

        foreach (var unbound in run.UnboundSpans)
        {
            if (span.Contains(unbound))
            {
                return $"'{Shorten(text.ToString(unbound))}' at {Where(text, unbound.Start)} does not bind (an invalid operation, an error type or a conversion that does not exist)";
            }
        }

        return null;
    }

    private static string Where(SourceText text, int position)
    {
        var line = text.Lines.GetLinePosition(position);
        return $"line {line.Line + 1}, column {line.Character + 1}";
    }

    private static string Describe(List<string> findings, int analyses, string what)
    {
        var text = new StringBuilder().Append(findings.Count).Append(" finding(s) in ").Append(analyses).Append(" analysed variants: ").Append(what).AppendLine(":");
        foreach (var finding in findings.Take(Scale > 1 ? int.MaxValue : 8))
        {
            text.AppendLine(finding);
        }

        return text.ToString();
    }

    private static string FirstLines(string text, int count) => string.Join("\n    ", text.Split('\n').Take(count).Select(l => l.TrimEnd()));

    private static string Shorten(string text)
    {
        text = string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
    }

    private sealed class Findings
    {
        public int Analyses { get; set; }

        public List<string> Crashes { get; } = new();

        public List<string> ReportsOnUnboundCode { get; } = new();
    }
}
