using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>One edited copy of a corpus source, with where and how it was edited.</summary>
internal sealed record SourceVariant(string Kind, int Position, string Text, string Detail);

/// <summary>
/// Edits that imitate code while it is typed or broken: the file cut off at a token boundary or a
/// line end (typed up to there), a line cut off at a token with the rest of the file kept (typing in
/// the middle), an identifier typed halfway (resp.FailedRecordCoun), one token or one line deleted,
/// and unbalanced braces and parentheses (one deleted or one extra). Cut-offs take every k-th token
/// boundary and line end; the other edits are sampled. A fixed seed gives every run the same variants.
/// </summary>
internal static class SourceMutations
{
    /// <summary>How many variants of each kind one source gets, at most.</summary>
    public sealed record Budget(int TruncateAtToken, int TruncateAtLineEnd, int CutLineAtToken, int DeleteToken, int ShortenIdentifier, int DeleteLine, int Unbalance);

    public static IReadOnlyList<SourceVariant> Create(string source, Budget budget, int seed)
    {
        var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions);
        var tokens = tree.GetRoot().DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0).ToList();
        var lines = SourceText.From(source).Lines.Where(l => l.Span.Length > 0 && !string.IsNullOrWhiteSpace(source.Substring(l.Start, l.Span.Length))).ToList();
        var random = new Random(seed);
        var variants = new List<SourceVariant>();

        foreach (var token in Stride(tokens, budget.TruncateAtToken, random))
        {
            variants.Add(new SourceVariant("truncated before token", token.SpanStart, source.Substring(0, token.SpanStart), Quote(token)));
        }

        foreach (var line in Stride(lines, budget.TruncateAtLineEnd, random))
        {
            variants.Add(new SourceVariant("truncated at line end", line.End, source.Substring(0, line.End), "after line " + (line.LineNumber + 1)));
        }

        foreach (var token in Sample(tokens, budget.CutLineAtToken, random))
        {
            var lineEnd = tree.GetText().Lines.GetLineFromPosition(token.SpanStart).End;
            variants.Add(new SourceVariant("rest of line cut from token", token.SpanStart, source.Remove(token.SpanStart, lineEnd - token.SpanStart), Quote(token)));
        }

        foreach (var token in Sample(tokens, budget.DeleteToken, random))
        {
            variants.Add(new SourceVariant("token deleted", token.SpanStart, source.Remove(token.SpanStart, token.Span.Length), Quote(token)));
        }

        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Text.Length >= 3).ToList();
        foreach (var identifier in Sample(identifiers, budget.ShortenIdentifier, random))
        {
            var kept = 1 + random.Next(identifier.Text.Length - 1);
            variants.Add(new SourceVariant("identifier half typed", identifier.SpanStart, source.Remove(identifier.SpanStart + kept, identifier.Span.Length - kept), $"{Quote(identifier)} as '{identifier.Text.Substring(0, kept)}'"));
        }

        foreach (var line in Sample(lines, budget.DeleteLine, random))
        {
            variants.Add(new SourceVariant("line deleted", line.Start, source.Remove(line.Start, line.EndIncludingLineBreak - line.Start), "line " + (line.LineNumber + 1)));
        }

        var brackets = tokens.Where(t => t.Kind() is SyntaxKind.OpenBraceToken or SyntaxKind.CloseBraceToken or SyntaxKind.OpenParenToken or SyntaxKind.CloseParenToken).ToList();
        foreach (var bracket in Sample(brackets, (budget.Unbalance + 1) / 2, random))
        {
            variants.Add(new SourceVariant("bracket deleted", bracket.SpanStart, source.Remove(bracket.SpanStart, 1), Quote(bracket)));
        }

        foreach (var token in Sample(tokens, budget.Unbalance / 2, random))
        {
            var extra = "{}()"[random.Next(4)].ToString();
            variants.Add(new SourceVariant("bracket inserted", token.SpanStart, source.Insert(token.SpanStart, extra), $"'{extra}' before {Quote(token)}"));
        }

        // The same text can come from two edits (deleting a one-token line, say): analyse it once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return variants.Where(v => seen.Add(v.Text)).ToList();
    }

    /// <summary>Every k-th item from a random offset, about <paramref name="count"/> in all, in source order.</summary>
    private static IEnumerable<T> Stride<T>(IReadOnlyList<T> items, int count, Random random)
    {
        if (count <= 0 || items.Count == 0)
        {
            yield break;
        }

        var step = Math.Max(1, items.Count / count);
        for (var i = random.Next(step); i < items.Count; i += step)
        {
            yield return items[i];
        }
    }

    /// <summary><paramref name="count"/> distinct items picked at random, in source order.</summary>
    private static IEnumerable<T> Sample<T>(IReadOnlyList<T> items, int count, Random random) =>
        Enumerable.Range(0, items.Count).OrderBy(_ => random.Next()).Take(count).Order().Select(i => items[i]);

    private static string Quote(SyntaxToken token)
    {
        var text = token.Text.Length > 40 ? token.Text.Substring(0, 37) + "..." : token.Text;
        return $"'{text}'";
    }

    /// <summary>"line 12, column 5" of <paramref name="position"/> in <paramref name="source"/> (1-based).</summary>
    public static string Where(string source, int position)
    {
        var line = SourceText.From(source).Lines.GetLinePosition(Math.Min(position, source.Length));
        return $"line {line.Line + 1}, column {line.Character + 1}";
    }

    /// <summary>The line of <paramref name="source"/> holding <paramref name="position"/>, with a caret under it.</summary>
    public static string Excerpt(string source, int position)
    {
        var text = SourceText.From(source);
        var line = text.Lines.GetLineFromPosition(Math.Min(position, source.Length));
        var content = text.ToString(line.Span);
        var column = Math.Min(position, source.Length) - line.Start;
        var trimmed = content.TrimStart();
        var indent = content.Length - trimmed.Length;
        return new StringBuilder()
            .Append("    ").AppendLine(trimmed)
            .Append("    ").Append(' ', Math.Max(0, column - indent)).Append('^')
            .ToString();
    }
}
