using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Finds the names the compilation's code uses by searching each file's text and looking only at
    /// the token found there: a string search, instead of a walk over every syntax node of the project
    /// (three such walks were most of the cross-method summaries' cost). Declarations are not names
    /// (a method's own identifier is a token of its declaration), so a name found here is a use.
    /// </summary>
    internal sealed class SourceNames
    {
        private readonly Compilation _compilation;
        private readonly Dictionary<string, List<SimpleNameSyntax>> _uses = new Dictionary<string, List<SimpleNameSyntax>>();

        public SourceNames(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>Every use of <paramref name="name"/> in the compilation (computed once per name).</summary>
        public IReadOnlyList<SimpleNameSyntax> UsesOf(string name, CancellationToken cancellationToken)
        {
            lock (_uses)
            {
                if (_uses.TryGetValue(name, out var known))
                {
                    return known;
                }
            }

            var uses = new List<SimpleNameSyntax>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                uses.AddRange(UsesIn(tree, name, cancellationToken));
            }

            lock (_uses)
            {
                _uses[name] = uses;
            }

            return uses;
        }

        /// <summary>True when some code of the compilation uses <paramref name="name"/> (calls it, or names it as a method group).</summary>
        public bool IsUsed(string name, CancellationToken cancellationToken) => UsesOf(name, cancellationToken).Count > 0;

        /// <summary>The uses of exactly <paramref name="name"/> in <paramref name="tree"/>.</summary>
        public static IEnumerable<SimpleNameSyntax> UsesIn(SyntaxTree tree, string name, CancellationToken cancellationToken)
        {
            foreach (var use in NamesContaining(tree, name, cancellationToken))
            {
                if (use.Identifier.ValueText == name)
                {
                    yield return use;
                }
            }
        }

        /// <summary>The names used in <paramref name="tree"/> whose identifier contains <paramref name="fragment"/>.</summary>
        public static IEnumerable<SimpleNameSyntax> NamesContaining(SyntaxTree tree, string fragment, CancellationToken cancellationToken)
        {
            // A parsed file's text is usually held as one string: ToString hands it out without a copy.
            var text = tree.GetText(cancellationToken).ToString();
            var index = text.IndexOf(fragment, StringComparison.Ordinal);
            if (index < 0)
            {
                yield break;
            }

            var root = tree.GetRoot(cancellationToken);
            while (index >= 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = root.FindToken(index);
                var next = index + fragment.Length;

                // Text in comments, strings and disabled code is trivia or another token: not a name.
                if (token.Span.Contains(index))
                {
                    if (token.Parent is SimpleNameSyntax name && name.Identifier == token)
                    {
                        yield return name;
                    }

                    next = Math.Max(next, token.Span.End);
                }

                index = next < text.Length ? text.IndexOf(fragment, next, StringComparison.Ordinal) : -1;
            }
        }
    
        /// <summary>The invocation that calls <paramref name="name"/> (<c>name(...)</c>, <c>x.name(...)</c>, <c>x?.name(...)</c>), or null.</summary>
        public static InvocationExpressionSyntax? CallOf(SimpleNameSyntax name)
        {
            var called = IsMemberName(name) ? name.Parent! : name;
            return called.Parent is InvocationExpressionSyntax invocation && invocation.Expression == called ? invocation : null;
        }

        /// <summary>The simple assignment (or object initializer entry) whose target is <paramref name="name"/> (<c>name = v</c>, <c>x.name = v</c>, <c>x?.name = v</c>), or null.</summary>
        public static AssignmentExpressionSyntax? AssignmentTo(SimpleNameSyntax name)
        {
            var target = IsMemberName(name) ? name.Parent! : name;
            return target.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left == target
                ? assignment
                : null;
        }

        private static bool IsMemberName(SimpleNameSyntax name) =>
            name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            || name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name;
    }
}
