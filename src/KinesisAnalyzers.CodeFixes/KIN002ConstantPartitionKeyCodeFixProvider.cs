using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN002: replaces a partition key that does not vary with one that does: an <c>Id</c>, <c>Key</c> or <c>*Id</c>
    /// property of the element being sent, or the loop index, else a random key per record. Offered only where the key
    /// expression is evaluated once per record (in the put's own statement, or in the lambda that builds each entry); a
    /// key set once before a loop would stay constant whatever it is replaced with. Either way the records that shared
    /// one key lose their relative order, and the titles say so.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN002ConstantPartitionKeyCodeFixProvider)), Shared]
    public sealed class KIN002ConstantPartitionKeyCodeFixProvider : CodeFixProvider
    {
        public const string ElementKeyEquivalenceKey = "KIN002.ElementKey";
        public const string RandomKeyEquivalenceKey = "KIN002.RandomKey";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.ConstantPartitionKeyId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
            var key = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (key is null || model is null
                || model.GetTypeInfo(key, context.CancellationToken).ConvertedType?.SpecialType != SpecialType.System_String
                || PerRecordScope(key) is not { } scope)
            {
                return;
            }

            var element = ElementKey(scope, model, context.CancellationToken);
            if (element is not null)
            {
                var shown = element.NormalizeWhitespace().ToString();
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use '{shown}' as the partition key (records that shared one key lose their relative order)",
                        token => ReplaceAsync(context.Document, key, element, "System.Globalization", token),
                        ElementKeyEquivalenceKey),
                    context.Diagnostics);
            }

            var random = SyntaxFactory.ParseExpression("Guid.NewGuid().ToString()");
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use a random partition key per record (records lose their relative order)",
                    token => ReplaceAsync(context.Document, key, random, "System", token),
                    RandomKeyEquivalenceKey),
                context.Diagnostics);
        }

        /// <summary>
        /// The lambda, foreach or for that the key is evaluated in once per record, or the key's own statement when it
        /// holds the put; null when the key is computed once for many records.
        /// </summary>
        private static SyntaxNode? PerRecordScope(ExpressionSyntax key)
        {
            var ownStatement = true;
            foreach (var ancestor in key.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda;
                    case MemberDeclarationSyntax:
                    case CommonForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax when !ownStatement:
                        return null;
                    case StatementSyntax statement when ownStatement:
                        ownStatement = false;
                        var holdsPut = statement.DescendantNodesAndSelf()
                            .OfType<InvocationExpressionSyntax>()
                            .Any(call => CandidateOperations.CalledName(call) is { } name
                                && (KinesisSymbols.IsPutName(name) || KinesisSymbols.IsProducerCallName(name))
                                && call.ArgumentList.Span.Contains(key.Span));
                        if (holdsPut)
                        {
                            return statement.Ancestors().FirstOrDefault(a => a is ForEachStatementSyntax or ForStatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax)
                                ?? statement;
                        }

                        // Not the put's statement: only a lambda building each entry evaluates it once per record.
                        break;
                }
            }

            return null;
        }

        /// <summary>A varying key read from the element (or the index) the scope iterates, when one is there.</summary>
        private static ExpressionSyntax? ElementKey(SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (scope)
            {
                case ForEachStatementSyntax loop when model.GetDeclaredSymbol(loop, cancellationToken) is { } variable:
                    return MemberKey(loop.Identifier.ValueText, variable.Type);
                case SimpleLambdaExpressionSyntax lambda when model.GetDeclaredSymbol(lambda.Parameter, cancellationToken) is { } parameter:
                    return MemberKey(lambda.Parameter.Identifier.ValueText, parameter.Type);
                case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } lambda
                    when model.GetDeclaredSymbol(lambda.ParameterList.Parameters[0], cancellationToken) is { } parameter:
                    return MemberKey(parameter.Name, parameter.Type);
                case ForStatementSyntax { Declaration.Variables.Count: 1 } loop
                    when model.GetDeclaredSymbol(loop.Declaration.Variables[0], cancellationToken) is ILocalSymbol { Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } index:
                    return Formatted(SyntaxFactory.IdentifierName(index.Name));
                default:
                    return null;
            }
        }

        private static ExpressionSyntax? MemberKey(string variable, ITypeSymbol type)
        {
            var candidates = type.GetMembers().OfType<IPropertySymbol>()
                .Where(p => !p.IsStatic && !p.IsIndexer && p.GetMethod is { DeclaredAccessibility: Accessibility.Public } && p.DeclaredAccessibility == Accessibility.Public)
                .ToList();
            var chosen = candidates.FirstOrDefault(p => p.Name == "Id")
                ?? candidates.FirstOrDefault(p => p.Name == "Key")
                ?? candidates.FirstOrDefault(p => p.Name.EndsWith("Id", System.StringComparison.Ordinal) && p.Name.Length > 2);
            if (chosen is null)
            {
                return null;
            }

            var access = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(variable), SyntaxFactory.IdentifierName(chosen.Name));
            switch (chosen.Type.SpecialType)
            {
                // A string that may be null would fail where the constant did not.
                case SpecialType.System_String when chosen.NullableAnnotation != NullableAnnotation.Annotated:
                    return access;
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                    return Formatted(access);
            }

            return chosen.Type is INamedTypeSymbol { Name: "Guid", ContainingNamespace.Name: "System" }
                ? SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access, SyntaxFactory.IdentifierName("ToString")))
                : null;
        }

        /// <summary><c>value.ToString(CultureInfo.InvariantCulture)</c>: the same key on every machine.</summary>
        private static ExpressionSyntax Formatted(ExpressionSyntax value) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, value, SyntaxFactory.IdentifierName("ToString")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.ParseExpression("CultureInfo.InvariantCulture")))));

        /// <param name="import">The namespace the replacement's names come from (added when the file lacks it).</param>
        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax key, ExpressionSyntax replacement, string import, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit)
            {
                return document;
            }

            var replaced = unit.ReplaceNode(key, replacement.WithTriviaFrom(key));
            var needsImport = replacement.ToString().Contains(import == "System" ? "Guid." : "CultureInfo.");
            return document.WithSyntaxRoot(needsImport ? UsingDirectives.Ensure(replaced, import) : replaced);
        }
    }
}
