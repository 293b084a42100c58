using System.Text.RegularExpressions;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>A KIN diagnostic the fixture expects: rule id and the 1-based line it starts on.</summary>
public sealed record ExpectedDiagnostic(string Id, int Line)
{
    public override string ToString() => $"{Id}@{Line}";

    /// <summary>Reads the fixture's trailing <c>// expect: KIN001 KIN003</c> comments.</summary>
    public static IReadOnlyList<ExpectedDiagnostic> ReadMarkers(string sourcePath)
    {
        var expected = new List<ExpectedDiagnostic>();
        var lines = File.ReadAllLines(sourcePath);
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Regex.Match(lines[i], @"//\s*expect:\s*(?<ids>(KIN\d{3}\s*)+)$");
            if (marker.Success)
            {
                expected.AddRange(marker.Groups["ids"].Value
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(id => new ExpectedDiagnostic(id, i + 1)));
            }
        }
        return expected.OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    public static string Describe(IEnumerable<ExpectedDiagnostic> diagnostics) =>
        string.Join(", ", diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal));
}
