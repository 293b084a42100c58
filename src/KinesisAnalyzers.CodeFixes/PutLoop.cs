using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// A foreach whose whole body awaits one <c>client.PutRecordAsync(new PutRecordRequest { .. })</c> (or the binding's
    /// PutRecordWithRetryAsync), with the same client, stream and token every iteration, no response read, and no catch
    /// around the loop; and the two rewrites KIN001 offers for it. Both keep what the loop promised: each key's records
    /// written in loop order, every record written before the method goes on, and an exception for a record that
    /// cannot be written.
    /// </summary>
    internal sealed class PutLoop
    {
        private static readonly string[] EntryMembers = { "PartitionKey", "Data", "ExplicitHashKey" };

        private readonly ForEachStatementSyntax _loop;
        private readonly ExpressionSyntax _client;
        private readonly ExpressionSyntax _streamName;
        private readonly InitializerExpressionSyntax _initializer;
        private readonly ArgumentSyntax? _cancellationToken;
        private readonly string _producerName;

        private PutLoop(
            ForEachStatementSyntax loop,
            ExpressionSyntax client,
            ExpressionSyntax streamName,
            InitializerExpressionSyntax initializer,
            ArgumentSyntax? cancellationToken,
            bool canUseProducer,
            string producerName)
        {
            _loop = loop;
            _client = client;
            _streamName = streamName;
            _initializer = initializer;
            _cancellationToken = cancellationToken;
            CanUseProducer = canUseProducer;
            _producerName = producerName;
        }

        /// <summary>
        /// True when the project can hold a KinesisProducer in <c>await using</c> (C# 8 or later, the binding's
        /// CreateKinesisProducer) and the request has the key and data AddAsync takes.
        /// </summary>
        public bool CanUseProducer { get; }

        public static PutLoop? TryCreate(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
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
            var members = new HashSet<string>();
            foreach (var expression in initializer.Expressions)
            {
                if (expression is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax member } assignment
                    || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                {
                    return null;
                }

                var name = member.Identifier.ValueText;
                if (name == "StreamName")
                {
                    streamName = assignment.Right;
                }
                else if (!EntryMembers.Contains(name) || !members.Add(name))
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

            var canUseProducer = members.Contains("PartitionKey")
                && members.Contains("Data")
                && loop.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 }
                && binding.Has(BindingMethods.CreateKinesisProducer)
                && model.Compilation.GetTypeByMetadataName("KinesisAnalyzers.Runtime.KinesisProducerOptions") is not null;
            return new PutLoop(loop, access.Expression, streamName, initializer, token, canUseProducer, FreeName("producer", loop, model));
        }

        /// <summary>
        /// <c>await client.PutRecordsInBatchesWithRetryAsync(stream, items.Select(item =&gt; new PutRecordsRequestEntry { .. }))</c>:
        /// the helper takes the entries lazily (bounded memory) and sends requests of at most 500 entries and 5 MiB one
        /// at a time, with at most one entry per partition key, so each key's records are written in loop order.
        /// Compiles in C# 7.3.
        /// </summary>
        public Task<Document> RewriteAsBatchesAsync(Document document, CancellationToken cancellationToken)
        {
            var variable = _loop.Identifier.ValueText;
            var token = _cancellationToken is null ? string.Empty : ", " + _cancellationToken;
            var text =
                $"await {_client.WithoutTrivia()}.{BindingMethods.PutRecordsInBatchesWithRetryAsync}(\n" +
                $"    {_streamName.WithoutTrivia()},\n" +
                $"    {_loop.Expression.WithoutTrivia()}.Select({variable} => new PutRecordsRequestEntry\n" +
                "    {\n" +
                string.Concat(EntryAssignments().Select(m => $"        {m},\n")) +
                $"    }}){token});";
            return ReplaceLoopAsync(document, text, "System.Linq", cancellationToken);
        }

        /// <summary>
        /// The loop inside <c>await using (var producer = client.CreateKinesisProducer(stream, new KinesisProducerOptions
        /// { StrictOrdering = true })) { .. }</c>, adding each record with AddAsync. The producer aggregates and batches per
        /// shard; strict ordering keeps each key's records in loop order through retries; leaving the block waits for every
        /// record and throws for those that failed.
        /// </summary>
        public Task<Document> RewriteWithProducerAsync(Document document, CancellationToken cancellationToken)
        {
            string Member(string name) =>
                _initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                    .First(a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText == name).Right.WithoutTrivia().ToString();

            var arguments = new List<string> { Member("PartitionKey"), Member("Data") };
            if (EntryAssignments().Any(a => a.StartsWith("ExplicitHashKey", System.StringComparison.Ordinal)))
            {
                arguments.Add("explicitHashKey: " + Member("ExplicitHashKey"));
            }

            if (_cancellationToken is not null)
            {
                arguments.Add("cancellationToken: " + _cancellationToken);
            }

            var text =
                $"await using (var {_producerName} = {_client.WithoutTrivia()}.{BindingMethods.CreateKinesisProducer}({_streamName.WithoutTrivia()}, new KinesisProducerOptions {{ StrictOrdering = true }}))\n" +
                "{\n" +
                $"    foreach ({_loop.Type.WithoutTrivia()} {_loop.Identifier.ValueText} in {_loop.Expression.WithoutTrivia()})\n" +
                "    {\n" +
                $"        await {_producerName}.AddAsync({string.Join(", ", arguments)});\n" +
                "    }\n" +
                "}";
            return ReplaceLoopAsync(document, text, "KinesisAnalyzers.Runtime", cancellationToken);
        }

        private IEnumerable<string> EntryAssignments() =>
            _initializer.Expressions
                .OfType<AssignmentExpressionSyntax>()
                .Where(a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText != "StreamName")
                .Select(a => a.WithoutTrivia().ToString());

        private async Task<Document> ReplaceLoopAsync(Document document, string text, string requiredNamespace, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit)
            {
                return document;
            }

            var indentation = _loop.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
            var indented = text.Replace("\n", "\n" + indentation);
            var replacement = SyntaxFactory.ParseStatement(indented, options: (CSharpParseOptions)_loop.SyntaxTree.Options)
                .WithLeadingTrivia(_loop.GetLeadingTrivia())
                .WithTrailingTrivia(_loop.GetTrailingTrivia());
            var rewritten = unit.ReplaceNode(_loop, replacement);
            return document.WithSyntaxRoot(UsingDirectives.Ensure(rewritten, requiredNamespace));
        }

        /// <summary>The foreach whose whole body is <paramref name="statement"/>.</summary>
        private static ForEachStatementSyntax? LoopOf(StatementSyntax statement)
        {
            var parent = statement.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : statement.Parent;
            return parent is ForEachStatementSyntax loop && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) ? loop : null;
        }

        /// <summary>A catch around the loop could expect the exception PutRecordAsync throws; the rewrites throw others.</summary>
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

        /// <summary><paramref name="name"/>, or name2, name3.. when the loop would see another symbol by that name.</summary>
        private static string FreeName(string name, ForEachStatementSyntax loop, SemanticModel model)
        {
            var declaredInLoop = new HashSet<string>(loop.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var candidate = name;
            for (var i = 2; declaredInLoop.Contains(candidate) || !model.LookupSymbols(loop.SpanStart, name: candidate).IsEmpty; i++)
            {
                candidate = name + i;
            }

            return candidate;
        }
    }
}
