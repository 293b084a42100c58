using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The function an operation runs in (a lambda, a local function, or the member itself)
    /// and, for a lambda, the method it is handed to: that method decides when the lambda
    /// runs and sees what it throws or returns.
    /// </summary>
    internal readonly struct EnclosingFunction
    {
        private EnclosingFunction(IOperation? operation, IMethodSymbol? symbol, IOperation? lambdaReceiver)
        {
            Operation = operation;
            Symbol = symbol;
            LambdaReceiver = lambdaReceiver;
        }

        /// <summary>The lambda or local function; null for the member body (or top-level statements).</summary>
        public IOperation? Operation { get; }

        public IMethodSymbol? Symbol { get; }

        public IAnonymousFunctionOperation? Lambda => Operation as IAnonymousFunctionOperation;

        /// <summary>The invocation or object creation the lambda is passed to, or null.</summary>
        public IOperation? LambdaReceiver { get; }

        /// <summary>An async void function: what escapes it reaches no caller.</summary>
        public bool IsAsyncVoid => Symbol is { IsAsync: true, ReturnsVoid: true };

        /// <param name="operation">An operation inside the function.</param>
        /// <param name="containingSymbol">The member being analyzed (the analysis context's ContainingSymbol).</param>
        public static EnclosingFunction Of(IOperation operation, ISymbol? containingSymbol)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return new EnclosingFunction(lambda, lambda.Symbol, ReceiverOf(lambda));
                    case ILocalFunctionOperation localFunction:
                        return new EnclosingFunction(localFunction, localFunction.Symbol, null);
                }
            }

            return new EnclosingFunction(null, containingSymbol as IMethodSymbol, null);
        }

        /// <summary>The member whose body holds <paramref name="operation"/>, through lambdas and local functions (for an operation of another file's semantic model).</summary>
        public static IMethodSymbol? MemberOf(IOperation operation, CancellationToken cancellationToken) =>
            operation.SemanticModel is { } model ? MemberAt(model, operation.Syntax.SpanStart, cancellationToken) as IMethodSymbol : null;

        /// <summary>The member (method, accessor, constructor, field, top-level statements' Main) whose code holds <paramref name="position"/>, through lambdas and local functions.</summary>
        public static ISymbol? MemberAt(SemanticModel model, int position, CancellationToken cancellationToken)
        {
            var symbol = model.GetEnclosingSymbol(position, cancellationToken);
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                symbol = symbol.ContainingSymbol;
            }

            return symbol;
        }

        /// <summary>The invocation or object creation <paramref name="lambda"/> is passed to as an argument, or null.</summary>
        public static IOperation? ReceiverOf(IAnonymousFunctionOperation lambda)
        {
            var node = lambda.Parent;
            while (node is IDelegateCreationOperation or IConversionOperation)
            {
                node = node.Parent;
            }

            return node is IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation } argument
                ? argument.Parent
                : null;
        }
    }
}
