using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>Adds a using directive a rewrite needs, in order among the file's usings, unless it is there.</summary>
    internal static class UsingDirectives
    {
        public static CompilationUnitSyntax Ensure(CompilationUnitSyntax unit, string namespaceName)
        {
            if (unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName))
            {
                return unit;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
            var index = 0;
            while (index < unit.Usings.Count && string.CompareOrdinal(unit.Usings[index].Name?.ToString(), namespaceName) < 0
                && unit.Usings[index].Alias is null)
            {
                index++;
            }

            if (unit.Usings.Count == 0)
            {
                return unit.WithUsings(unit.Usings.Add(directive));
            }

            if (index == 0)
            {
                // Keep the file's leading comments above the usings.
                var first = unit.Usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                var usings = unit.Usings.Replace(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty)).Insert(0, directive);
                return unit.WithUsings(usings);
            }

            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }
    }
}
