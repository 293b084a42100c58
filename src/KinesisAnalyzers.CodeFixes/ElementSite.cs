using System.Linq;
using System.Threading;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// Where a put runs once per element, in a shape whose whole per-element work is that put: the body of a foreach,
    /// or the lambda of <c>Task.WhenAll(items.Select(..))</c> or <c>Parallel.ForEachAsync(items, ..)</c> awaited as a
    /// statement or returned from a non-async Task method. Knows the items, the element, and what to replace.
    /// </summary>
    internal sealed class ElementSite
    {
        private readonly IParameterSymbol? _lambdaToken;
        private readonly ExpressionSyntax? _outerToken;

        private ElementSite(SyntaxNode target, bool targetIsReturnedTask, ExpressionSyntax items, ISymbol element, IParameterSymbol? lambdaToken, ExpressionSyntax? outerToken)
        {
            Target = target;
            TargetIsReturnedTask = targetIsReturnedTask;
            Items = items;
            Element = element;
            _lambdaToken = lambdaToken;
            _outerToken = outerToken;
        }

        /// <summary>The node a rewrite replaces: the foreach, the <c>await ..;</c> statement, or the returned call.</summary>
        public SyntaxNode Target { get; }

        /// <summary>True when <see cref="Target"/> is a Task expression returned to the caller (no await there).</summary>
        public bool TargetIsReturnedTask { get; }

        public ExpressionSyntax Items { get; }

        /// <summary>The loop variable or the lambda's element parameter.</summary>
        public ISymbol Element { get; }

        /// <summary>True for symbols that take a new value per element: the element, and ForEachAsync's per-call token.</summary>
        public bool IsPerElement(ISymbol? symbol) =>
            SymbolEqualityComparer.Default.Equals(symbol, Element) || (_lambdaToken is not null && SymbolEqualityComparer.Default.Equals(symbol, _lambdaToken));

        /// <summary>True when <paramref name="expression"/> is ForEachAsync's token parameter (which follows its token argument).</summary>
        public bool IsItsToken(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
            _lambdaToken is not null && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, cancellationToken).Symbol, _lambdaToken);

        /// <summary>
        /// The token the rewrite passes: the put's own, or ForEachAsync's token argument when the put passes the lambda's
        /// token or none. False when the put and ForEachAsync each have a different one.
        /// </summary>
        public bool TryGetToken(ExpressionSyntax? putToken, SemanticModel model, CancellationToken cancellationToken, out ExpressionSyntax? token)
        {
            if (putToken is null || IsItsToken(putToken, model, cancellationToken))
            {
                token = _outerToken;
                return true;
            }

            token = putToken;
            return _outerToken is null;
        }

        public static ElementSite? Of(InvocationExpressionSyntax put, SemanticModel model, CancellationToken cancellationToken)
        {
            var awaited = put.Parent as AwaitExpressionSyntax;
            if (awaited?.Parent is ExpressionStatementSyntax statement && LoopOf(statement) is { } loop)
            {
                var info = model.GetForEachStatementInfo(loop);
                return model.GetDeclaredSymbol(loop, cancellationToken) is { } local
                    && info.ElementConversion.IsIdentity
                    && !info.IsAsynchronous
                    && IsEnumerableOf(model.GetTypeInfo(loop.Expression, cancellationToken).Type, local.Type, model)
                        ? new ElementSite(loop, false, loop.Expression, local, null, null)
                        : null;
            }

            var lambda = LambdaAround(awaited ?? (ExpressionSyntax)put);
            if (lambda?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                || model.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: > 0 } function
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol called)
            {
                return null;
            }

            var element = function.Parameters[0];
            var tasks = TaskSymbols.Create(model.Compilation);
            // items.Select(element => put): the extension call (its reduced form has one parameter, the selector).
            if (called is { Name: "Select", ContainingType.Name: "Enumerable", ReducedFrom.Parameters.Length: 2 }
                && function.Parameters.Length == 1
                && call.Expression is MemberAccessExpressionSyntax { Expression: var items }
                && IsEnumerableOf(model.GetTypeInfo(items, cancellationToken).Type, element.Type, model)
                && call.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax whenAll } }
                && tasks.IsWhenAll(model.GetSymbolInfo(whenAll, cancellationToken).Symbol as IMethodSymbol)
                && TargetOf(whenAll, tasks, model, cancellationToken) is var (target, returned) && target is not null)
            {
                return new ElementSite(target, returned, items, element, null, null);
            }

            var arguments = call.ArgumentList.Arguments;
            if (called is { Name: "ForEachAsync", ContainingType.Name: "Parallel" }
                && called.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks"
                && function.Parameters.Length == 2
                && arguments.Count is 2 or 3
                && arguments[arguments.Count - 1].Expression == lambda
                && (arguments.Count == 2 || called.Parameters[1].Type.Name == "CancellationToken")
                && IsEnumerableOf(model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type, element.Type, model)
                && TargetOf(call, tasks, model, cancellationToken) is var (forEachTarget, forEachReturned) && forEachTarget is not null)
            {
                return new ElementSite(forEachTarget, forEachReturned, arguments[0].Expression, element, function.Parameters[1], arguments.Count == 3 ? arguments[1].Expression : null);
            }

            return null;
        }

        /// <summary>The foreach whose whole body is <paramref name="statement"/>.</summary>
        private static ForEachStatementSyntax? LoopOf(StatementSyntax statement)
        {
            var parent = statement.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : statement.Parent;
            return parent is ForEachStatementSyntax loop && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) ? loop : null;
        }

        /// <summary>The lambda whose whole body is <paramref name="expression"/> (as its value, or its one statement).</summary>
        private static AnonymousFunctionExpressionSyntax? LambdaAround(ExpressionSyntax expression)
        {
            var parent = expression.Parent;
            if (parent is ExpressionStatementSyntax or ReturnStatementSyntax && parent.Parent is BlockSyntax { Statements.Count: 1 } block)
            {
                parent = block.Parent;
            }

            return parent is AnonymousFunctionExpressionSyntax lambda
                && (expression is AwaitExpressionSyntax == lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    ? lambda
                    : null;
        }

        /// <summary><c>await call;</c> as a statement, or <c>call</c> returned from a non-async method returning Task.</summary>
        private static (SyntaxNode? Target, bool Returned) TargetOf(InvocationExpressionSyntax call, TaskSymbols tasks, SemanticModel model, CancellationToken cancellationToken)
        {
            if (call.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement })
            {
                return (statement, false);
            }

            if (call.Parent is ReturnStatementSyntax or ArrowExpressionClauseSyntax
                && call.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) is { } function
                && model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol { IsAsync: false, ReturnType: var returnType }
                && SymbolEqualityComparer.Default.Equals(returnType, tasks.Task))
            {
                return (call, true);
            }

            return (null, false);
        }

        /// <summary>True when <paramref name="type"/> is an IEnumerable&lt;T&gt; of exactly <paramref name="element"/>, so Select sees the same items.</summary>
        private static bool IsEnumerableOf(ITypeSymbol? type, ITypeSymbol element, SemanticModel model)
        {
            var enumerable = model.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
            return type is not null && type.AllInterfaces.Add(type as INamedTypeSymbol ?? enumerable)
                .Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, enumerable)
                    && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], element));
        }
    }
}
