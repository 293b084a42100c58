using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN001 "Send in batches": a foreach whose body only awaits
    /// <c>client.PutRecordAsync(new PutRecordRequest { StreamName, PartitionKey, Data, ExplicitHashKey })</c> (or the
    /// binding's PutRecordWithRetryAsync, still one request per record) becomes
    /// <c>await client.PutRecordsInBatchesWithRetryAsync(streamName, items.Select(item =&gt; new PutRecordsRequestEntry { .. }))</c>.
    /// The helper takes the entries lazily (bounded memory), sends requests of at most 500 entries and 5 MiB one at a
    /// time with at most one entry per partition key, so each key's records are written in loop order; every record is
    /// written before the method goes on, and a record that cannot be written raises.
    /// No fix when: the response is read (sequence numbers), the stream name (or client) varies per iteration, the
    /// request sets anything else (SequenceNumberForOrdering, StreamARN), the loop body does more than the put, or a
    /// catch around the loop would see a different exception type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN001PutRecordInLoopCodeFixProvider)), Shared]
    public sealed class KIN001PutRecordInLoopCodeFixProvider : CodeFixProvider
    {
        public const string BatchEquivalenceKey = "KIN001.SendInBatches";

        private static readonly string[] EntryMembers = { "PartitionKey", "Data", "ExplicitHashKey" };

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.PutRecordInLoopId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation || model is null)
            {
                return;
            }

            var plan = BatchPlan.TryCreate(invocation, model, context.CancellationToken);
            if (plan is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Send in batches with PutRecordsInBatchesWithRetryAsync (up to 500 records per request, per-key order kept)",
                    token => plan.ApplyAsync(context.Document, token),
                    BatchEquivalenceKey),
                context.Diagnostics);
        }

        private sealed class BatchPlan
        {
            private readonly ForEachStatementSyntax _loop;
            private readonly ExpressionSyntax _client;
            private readonly ExpressionSyntax _streamName;
            private readonly InitializerExpressionSyntax _initializer;
            private readonly ArgumentSyntax? _cancellationToken;

            private BatchPlan(ForEachStatementSyntax loop, ExpressionSyntax client, ExpressionSyntax streamName, InitializerExpressionSyntax initializer, ArgumentSyntax? cancellationToken)
            {
                _loop = loop;
                _client = client;
                _streamName = streamName;
                _initializer = initializer;
                _cancellationToken = cancellationToken;
            }

            public static BatchPlan? TryCreate(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
            {
                // PutRecordWithRetryAsync too: KIN003's fix may have renamed the put first (dotnet format applies rules in any order).
                if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "PutRecordAsync" or BindingMethods.PutRecordWithRetryAsync } access
                    || invocation.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement }
                    || LoopOf(statement) is not { } loop
                    || invocation.ArgumentList.Arguments.Count is 0 or > 2
                    || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null)
                    || invocation.ArgumentList.Arguments[0].Expression is not ObjectCreationExpressionSyntax
                    {
                        // The entry type is written the same way, so it resolves through the same using.
                        Type: IdentifierNameSyntax { Identifier.ValueText: "PutRecordRequest" },
                        Initializer: { } initializer,
                    }
                    || IsInsideTryWithCatch(loop))
                {
                    return null;
                }

                // Only the members an entry has, each a plain assignment; StreamName set once, outside the entry.
                ExpressionSyntax? streamName = null;
                foreach (var expression in initializer.Expressions)
                {
                    if (expression is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax member } assignment
                        || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        return null;
                    }

                    if (member.Identifier.ValueText == "StreamName")
                    {
                        streamName = assignment.Right;
                    }
                    else if (!EntryMembers.Contains(member.Identifier.ValueText))
                    {
                        return null;
                    }
                }

                var binding = BindingMethods.For(model.Compilation);
                var element = model.GetDeclaredSymbol(loop, cancellationToken);
                var token = invocation.ArgumentList.Arguments.Count == 2 ? invocation.ArgumentList.Arguments[1] : null;
                if (streamName is null
                    || element is null
                    || !binding.Has(BindingMethods.PutRecordsInBatchesWithRetryAsync)
                    || !binding.IsKinesisClient(model.GetTypeInfo(access.Expression, cancellationToken).Type)
                    || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type, binding.PutRecordRequest)
                    || !IsSameEveryIteration(streamName, element, model, cancellationToken)
                    || !IsSameEveryIteration(access.Expression, element, model, cancellationToken)
                    || (token is not null && !IsSameEveryIteration(token.Expression, element, model, cancellationToken))
                    || !EnumeratesPlainly(loop, element, model, cancellationToken))
                {
                    return null;
                }

                return new BatchPlan(loop, access.Expression, streamName, initializer, token);
            }

            public async Task<Document> ApplyAsync(Document document, CancellationToken cancellationToken)
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is not CompilationUnitSyntax unit)
                {
                    return document;
                }

                var entryMembers = _initializer.Expressions
                    .OfType<AssignmentExpressionSyntax>()
                    .Where(a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText != "StreamName")
                    .Select(a => a.WithoutTrivia().ToString());
                var variable = _loop.Identifier.ValueText;
                var token = _cancellationToken is null ? string.Empty : ", " + _cancellationToken.ToString();
                var text =
                    $"await {_client.WithoutTrivia()}.{BindingMethods.PutRecordsInBatchesWithRetryAsync}(\n" +
                    $"    {_streamName.WithoutTrivia()},\n" +
                    $"    {_loop.Expression.WithoutTrivia()}.Select({variable} => new PutRecordsRequestEntry\n" +
                    "    {\n" +
                    string.Concat(entryMembers.Select(m => $"        {m},\n")) +
                    $"    }}){token});";
                var indentation = _loop.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
                var indented = text.Replace("\n", "\n" + indentation);
                var replacement = SyntaxFactory.ParseStatement(indented)
                    .WithLeadingTrivia(_loop.GetLeadingTrivia())
                    .WithTrailingTrivia(_loop.GetTrailingTrivia());
                var rewritten = unit.ReplaceNode(_loop, replacement);
                rewritten = UsingDirectives.Ensure(rewritten, "System.Linq");
                return document.WithSyntaxRoot(rewritten);
            }

            /// <summary>The foreach whose whole body is <paramref name="statement"/>.</summary>
            private static ForEachStatementSyntax? LoopOf(StatementSyntax statement)
            {
                var parent = statement.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : statement.Parent;
                return parent is ForEachStatementSyntax loop && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) ? loop : null;
            }

            /// <summary>A catch around the loop could expect the exception PutRecordAsync throws; the helper throws others.</summary>
            private static bool IsInsideTryWithCatch(SyntaxNode node) =>
                node.Ancestors()
                    .TakeWhile(a => a is not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
                    .OfType<TryStatementSyntax>()
                    .Any(t => t.Catches.Count > 0 && t.Block.Span.Contains(node.Span));

            /// <summary>A constant, or names that do not mention the loop variable and call nothing.</summary>
            private static bool IsSameEveryIteration(ExpressionSyntax expression, ILocalSymbol element, SemanticModel model, CancellationToken cancellationToken)
            {
                if (model.GetConstantValue(expression, cancellationToken).HasValue)
                {
                    return true;
                }

                return expression.DescendantNodesAndSelf().All(n =>
                        n is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax)
                    && !expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n =>
                        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, element));
            }

            /// <summary>The collection is an IEnumerable&lt;T&gt; of exactly the loop variable's type, so Select sees the same items.</summary>
            private static bool EnumeratesPlainly(ForEachStatementSyntax loop, ILocalSymbol element, SemanticModel model, CancellationToken cancellationToken)
            {
                var info = model.GetForEachStatementInfo(loop);
                if (!info.ElementConversion.IsIdentity || info.IsAsynchronous)
                {
                    return false;
                }

                var type = model.GetTypeInfo(loop.Expression, cancellationToken).Type;
                var enumerable = model.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
                return type is not null && (type.AllInterfaces.Add(type as INamedTypeSymbol ?? enumerable).OfType<INamedTypeSymbol>())
                    .Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, enumerable)
                        && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], element.Type));
            }
        }
    }
}
