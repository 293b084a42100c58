using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using System.Linq;
using KinesisAnalyzers.Shared;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN005: inserts a size check before the statement that sends a record read from an unbounded source, throwing
    /// an ArgumentException that names the record limit (the .editorconfig limit, 1 MiB by default). Data over the limit
    /// alone can never be written, so the check rejects only records the service would reject. Offered when the data is
    /// a local or parameter (a byte array, or a MemoryStream, or <c>new MemoryStream(bytes)</c>) and the put's statement
    /// sits in a block. Sizes known to be over the limit (errors), partition keys (empty or over 256 characters) get no
    /// fix: there is nothing to check, the code has to change.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN005RecordOverLimitCodeFixProvider)), Shared]
    public sealed class KIN005RecordOverLimitCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "KIN005.SizeCheck";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.RecordOverLimitId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Severity != DiagnosticSeverity.Warning)
                {
                    continue;
                }

                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax data
                    || model is null
                    || MeasuredVariable(data, model, context.CancellationToken) is not { } measured
                    || StatementInBlock(data) is not { } statement)
                {
                    continue;
                }

                var limit = RecordSizeLimit.Get(context.Document.Project.AnalyzerOptions, data.SyntaxTree);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Throw ArgumentException when '{measured.Identifier.ValueText}' is over the {RecordSizeLimit.Format(limit)} record limit",
                        token => InsertCheckAsync(context.Document, statement, measured.Identifier.ValueText, limit, token),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The local or parameter holding the bytes: <c>bytes</c>, <c>stream</c>, or the <c>bytes</c> of <c>new MemoryStream(bytes)</c>.</summary>
        private static IdentifierNameSyntax? MeasuredVariable(ExpressionSyntax data, SemanticModel model, CancellationToken cancellationToken)
        {
            var candidate = data switch
            {
                IdentifierNameSyntax name => name,
                ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation => creation.ArgumentList!.Arguments[0].Expression as IdentifierNameSyntax,
                _ => null,
            };
            if (candidate is null)
            {
                return null;
            }

            var symbol = model.GetSymbolInfo(candidate, cancellationToken).Symbol;
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            var isBytes = type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 };
            var isStream = type is { Name: "MemoryStream", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } };
            return isBytes || isStream ? candidate : null;
        }

        /// <summary>The statement to put the check before: the data's own statement, in a block, with no lambda in between.</summary>
        private static StatementSyntax? StatementInBlock(SyntaxNode data)
        {
            foreach (var ancestor in data.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                    case StatementSyntax statement:
                        return statement.Parent is BlockSyntax ? statement : null;
                }
            }

            return null;
        }

        private static async Task<Document> InsertCheckAsync(Document document, StatementSyntax statement, string variable, long limit, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax)
            {
                return document;
            }

            var limitText = RecordSizeLimit.Format(limit);
            var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
            var text =
                $"if ({variable}.Length > {limit})\n" +
                "{\n" +
                $"    throw new ArgumentException(\"The record data is \" + {variable}.Length + \" bytes; a Kinesis record holds at most {limitText} ({limit} bytes) of data and partition key.\", nameof({variable}));\n" +
                "}\n";
            var check = SyntaxFactory.ParseStatement(text.Replace("\n", "\n" + indentation).TrimEnd(' ', '\n'));
            var indented = check
                .WithLeadingTrivia(SyntaxFactory.Whitespace(indentation))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"));
            var inserted = (CompilationUnitSyntax)root.InsertNodesBefore(statement, new[] { indented });
            return document.WithSyntaxRoot(UsingDirectives.Ensure(inserted, "System"));
        }
    }
}
