using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The loop body or per-element lambda that runs an operation once per iteration:
    /// for/foreach/while/do/await foreach bodies, and lambdas handed to LINQ
    /// Select/SelectMany, Parallel.For/ForEach/ForEachAsync, List.ForEach or Array.ForEach.
    /// Lambdas that are not per element (Task.Run, a continuation) are looked through,
    /// so a Task.Run inside a loop body still belongs to that loop.
    /// </summary>
    internal sealed class IterationScope
    {
        private readonly IterationSymbols _symbols;

        private IterationScope(IOperation owner, IOperation body, IterationSymbols symbols)
        {
            Owner = owner;
            Body = body;
            _symbols = symbols;
        }

        /// <summary>The loop (<see cref="ILoopOperation"/>) or the per-element lambda (<see cref="IAnonymousFunctionOperation"/>).</summary>
        public IOperation Owner { get; }

        /// <summary>The part that runs once per iteration.</summary>
        public IOperation Body { get; }

        public ILoopOperation? Loop => Owner as ILoopOperation;

        public IAnonymousFunctionOperation? Lambda => Owner as IAnonymousFunctionOperation;

        /// <summary>
        /// What one iteration is, for messages: "iteration of the foreach loop",
        /// "element processed by 'Parallel.ForEachAsync'".
        /// </summary>
        public string Description
        {
            get
            {
                switch (Owner)
                {
                    case IForEachLoopOperation { IsAsynchronous: true }:
                        return "iteration of the await foreach loop";
                    case IForEachLoopOperation:
                        return "iteration of the foreach loop";
                    case IForLoopOperation:
                        return "iteration of the for loop";
                    case IWhileLoopOperation { ConditionIsTop: false }:
                        return "iteration of the do loop";
                    case ILoopOperation:
                        return "iteration of the while loop";
                    default:
                        var method = PerElementMethod(Lambda!, _symbols);
                        return method is null
                            ? "element"
                            : "element processed by '" + method.ContainingType.Name + "." + method.Name + "'";
                }
            }
        }

        /// <summary>The next scope out that runs this whole scope per iteration, or null.</summary>
        public IterationScope? FindOuter() => Find(Owner, _symbols);

        /// <summary>
        /// The innermost scope that runs <paramref name="operation"/> again for new work, or null.
        /// Like <see cref="Find"/>, but a retry loop that is left once the operation has run
        /// (<see cref="LoopExit"/>) only repeats the same work, so the search goes on to the scope
        /// around it; and a loop paced by a delay (<see cref="LoopPacing"/>) runs once per tick
        /// by design, so the search stops there with null.
        /// </summary>
        public static IterationScope? FindRepeating(IOperation operation, IterationSymbols symbols)
        {
            for (var scope = Find(operation, symbols); scope is not null; scope = scope.FindOuter())
            {
                if (scope.Loop is not { } loop)
                {
                    return scope;
                }

                if (LoopPacing.IsPaced(loop, symbols))
                {
                    return null;
                }

                if (!LoopExit.IsLeftAfter(operation, loop))
                {
                    return scope;
                }
            }

            return null;
        }

        /// <summary>The innermost scope running <paramref name="operation"/> per iteration, or null.</summary>
        public static IterationScope? Find(IOperation operation, IterationSymbols symbols)
        {
            for (var current = operation; current.Parent is { } parent; current = parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop when ReferenceEquals(loop.Body, current):
                        return new IterationScope(loop, current, symbols);
                    case IAnonymousFunctionOperation lambda when IsPerElementLambda(lambda, symbols):
                        return new IterationScope(lambda, lambda.Body, symbols);
                    case ILocalFunctionOperation:
                        // A local function runs where it is called, which this walk cannot see.
                        return null;
                }
            }

            return null;
        }

        /// <summary>True for a lambda that a LINQ, Parallel or ForEach method runs once per element.</summary>
        public static bool IsPerElementLambda(IAnonymousFunctionOperation lambda, IterationSymbols symbols) => PerElementMethod(lambda, symbols) is not null;

        /// <summary>The LINQ, Parallel or ForEach method that runs <paramref name="lambda"/> once per element, or null.</summary>
        private static IMethodSymbol? PerElementMethod(IAnonymousFunctionOperation lambda, IterationSymbols symbols) =>
            EnclosingFunction.ReceiverOf(lambda) is IInvocationOperation invocation && symbols.RunsPerElement(invocation.TargetMethod)
                ? invocation.TargetMethod
                : null;
    }
}
