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
    /// One record put per element, in a shape KIN001 can rewrite: a foreach whose whole body awaits one
    /// <c>client.PutRecordAsync(new PutRecordRequest { .. })</c> (or the binding's PutRecordWithRetryAsync), or the same
    /// put as the per-element lambda of <c>await Task.WhenAll(items.Select(..))</c> or
    /// <c>await Parallel.ForEachAsync(items, ..)</c> (or those returned from a Task method); with the same client, stream
    /// and token for every element, no response read, and no catch around it. And the two rewrites KIN001 offers for it.
    /// Both keep what the loop promised and strengthen what the concurrent forms promised: each key's records written
    /// in element order, every record written before the method goes on, and an exception for a record that cannot be
    /// written.
    /// </summary>
    internal sealed class PutLoop
    {
        private static readonly string[] EntryMembers = { "PartitionKey", "Data", "ExplicitHashKey" };

        private readonly SyntaxNode _target;
        private readonly bool _targetIsReturnedTask;
        private readonly ExpressionSyntax _items;
        private readonly string _element;
        private readonly ExpressionSyntax _client;
        private readonly ExpressionSyntax _streamName;
        private readonly InitializerExpressionSyntax _initializer;
        private readonly string? _cancellationToken;
        private readonly string _producerName;

        private PutLoop(
            SyntaxNode target,
            bool targetIsReturnedTask,
            ExpressionSyntax items,
            string element,
            ExpressionSyntax client,
            ExpressionSyntax streamName,
            InitializerExpressionSyntax initializer,
            string? cancellationToken,
            bool canUseProducer,
            string producerName)
        {
            _target = target;
            _targetIsReturnedTask = targetIsReturnedTask;
            _items = items;
            _element = element;
            _client = client;
            _streamName = streamName;
            _initializer = initializer;
            _cancellationToken = cancellationToken;
            CanUseProducer = canUseProducer && !targetIsReturnedTask;
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
                || invocation.ArgumentList.Arguments.Count is 0 or > 2
                || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null)
                || invocation.ArgumentList.Arguments[0].Expression is not ObjectCreationExpressionSyntax
                {
                    // The entry type is written the same way, so it resolves through the same using.
                    Type: IdentifierNameSyntax { Identifier.ValueText: "PutRecordRequest" },
                    Initializer: { } initializer,
                }
                || ElementSite.Of(invocation, model, cancellationToken) is not { } site
                || IsInsideTryWithCatch(site.Target))
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
            var putToken = invocation.ArgumentList.Arguments.Count == 2 ? invocation.ArgumentList.Arguments[1].Expression : null;
            if (streamName is null
                || !binding.Has(BindingMethods.PutRecordsInBatchesWithRetryAsync)
                || !binding.IsKinesisClient(model.GetTypeInfo(access.Expression, cancellationToken).Type)
                || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type, binding.PutRecordRequest)
                || !IsSameEveryIteration(streamName, site, model, cancellationToken)
                || !IsSameEveryIteration(access.Expression, site, model, cancellationToken)
                || !site.TryGetToken(putToken, model, cancellationToken, out var token)
                || (putToken is not null && !site.IsItsToken(putToken, model, cancellationToken) && !IsSameEveryIteration(putToken, site, model, cancellationToken)))
            {
                return null;
            }

            var canUseProducer = members.Contains("PartitionKey")
                && members.Contains("Data")
                && invocation.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 }
                && binding.Has(BindingMethods.CreateKinesisProducer)
                && model.Compilation.GetTypeByMetadataName("KinesisAnalyzers.Runtime.KinesisProducerOptions") is not null;
            return new PutLoop(
                site.Target,
                site.TargetIsReturnedTask,
                site.Items,
                site.Element.Name,
                access.Expression,
                streamName,
                initializer,
                token?.ToString(),
                canUseProducer,
                FreeName("producer", site.Target, model));
        }

        /// <summary>
        /// <c>await client.PutRecordsInBatchesWithRetryAsync(stream, items.Select(item =&gt; new PutRecordsRequestEntry { .. }))</c>:
        /// the helper takes the entries lazily (bounded memory) and sends requests of at most 500 entries and 5 MiB one
        /// at a time, with at most one entry per partition key, so each key's records are written in loop order.
        /// Compiles in C# 7.3.
        /// </summary>
        public Task<Document> RewriteAsBatchesAsync(Document document, CancellationToken cancellationToken)
        {
            var token = _cancellationToken is null ? string.Empty : ", " + _cancellationToken;
            var call =
                $"{_client.WithoutTrivia()}.{BindingMethods.PutRecordsInBatchesWithRetryAsync}(\n" +
                $"    {_streamName.WithoutTrivia()},\n" +
                $"    {_items.WithoutTrivia()}.Select({_element} => new PutRecordsRequestEntry\n" +
                "    {\n" +
                string.Concat(EntryAssignments().Select(m => $"        {m},\n")) +
                $"    }}){token})";
            return _targetIsReturnedTask
                ? ReplaceTargetAsync(document, call, "System.Linq", cancellationToken)
                : ReplaceTargetAsync(document, "await " + call + ";", "System.Linq", cancellationToken);
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
                $"    foreach (var {_element} in {_items.WithoutTrivia()})\n" +
                "    {\n" +
                $"        await {_producerName}.AddAsync({string.Join(", ", arguments)});\n" +
                "    }\n" +
                "}";
            return ReplaceTargetAsync(document, text, "KinesisAnalyzers.Runtime", cancellationToken);
        }

        private IEnumerable<string> EntryAssignments() =>
            _initializer.Expressions
                .OfType<AssignmentExpressionSyntax>()
                .Where(a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText != "StreamName")
                .Select(a => a.WithoutTrivia().ToString());

        private async Task<Document> ReplaceTargetAsync(Document document, string text, string requiredNamespace, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit)
            {
                return document;
            }

            var options = (CSharpParseOptions)_target.SyntaxTree.Options;
            // The indentation of the line the replaced code starts on, for the lines after the first.
            var line = _target.SyntaxTree.GetText(cancellationToken).Lines.GetLineFromPosition(_target.SpanStart).ToString();
            var indentation = line.Substring(0, line.Length - line.TrimStart().Length);
            var indented = text.Replace("\n", "\n" + indentation);
            SyntaxNode replacement = _targetIsReturnedTask
                ? SyntaxFactory.ParseExpression(indented, options: options)
                : SyntaxFactory.ParseStatement(indented, options: options);
            replacement = replacement.WithLeadingTrivia(_target.GetLeadingTrivia()).WithTrailingTrivia(_target.GetTrailingTrivia());
            var rewritten = unit.ReplaceNode(_target, replacement);
            return document.WithSyntaxRoot(UsingDirectives.Ensure(rewritten, requiredNamespace));
        }

        /// <summary>A catch around the loop could expect the exception PutRecordAsync throws; the rewrites throw others.</summary>
        private static bool IsInsideTryWithCatch(SyntaxNode node) =>
            node.Ancestors()
                .TakeWhile(a => a is not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
                .OfType<TryStatementSyntax>()
                .Any(t => t.Catches.Count > 0 && t.Block.Span.Contains(node.Span));

        /// <summary>A constant, or names that do not mention the loop variable and call nothing.</summary>
        private static bool IsSameEveryIteration(ExpressionSyntax expression, ElementSite site, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetConstantValue(expression, cancellationToken).HasValue)
            {
                return true;
            }

            return expression.DescendantNodesAndSelf().All(n =>
                    n is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax)
                && !expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n =>
                    site.IsPerElement(model.GetSymbolInfo(n, cancellationToken).Symbol));
        }

        /// <summary><paramref name="name"/>, or name2, name3.. when the loop would see another symbol by that name.</summary>
        private static string FreeName(string name, SyntaxNode loop, SemanticModel model)
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
