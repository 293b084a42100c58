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
        private IterationScope(IOperation owner, IOperation body)
        {
            Owner = owner;
            Body = body;
        }

        /// <summary>The loop (<see cref="ILoopOperation"/>) or the per-element lambda (<see cref="IAnonymousFunctionOperation"/>).</summary>
        public IOperation Owner { get; }

        /// <summary>The part that runs once per iteration.</summary>
        public IOperation Body { get; }

        public ILoopOperation? Loop => Owner as ILoopOperation;

        public IAnonymousFunctionOperation? Lambda => Owner as IAnonymousFunctionOperation;

        /// <summary>The innermost scope running <paramref name="operation"/> per iteration, or null.</summary>
        public static IterationScope? Find(IOperation operation)
        {
            for (var current = operation; current.Parent is { } parent; current = parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop when ReferenceEquals(loop.Body, current):
                        return new IterationScope(loop, current);
                    case IAnonymousFunctionOperation lambda when IsPerElementLambda(lambda):
                        return new IterationScope(lambda, lambda.Body);
                    case ILocalFunctionOperation:
                        // A local function runs where it is called, which this walk cannot see.
                        return null;
                }
            }

            return null;
        }

        /// <summary>True for a lambda that a LINQ, Parallel or ForEach method runs once per element.</summary>
        public static bool IsPerElementLambda(IAnonymousFunctionOperation lambda)
        {
            IOperation? node = lambda.Parent;
            while (node is IDelegateCreationOperation or IConversionOperation)
            {
                node = node.Parent;
            }

            if (node is not IArgumentOperation { Parent: IInvocationOperation invocation })
            {
                return false;
            }

            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            var ns = type.ContainingNamespace?.ToDisplayString();
            switch (method.Name)
            {
                case "Select":
                case "SelectMany":
                    return ns == "System.Linq" && type.Name is "Enumerable" or "ParallelEnumerable" or "AsyncEnumerable";
                case "For":
                case "ForEach":
                case "ForEachAsync":
                    return (ns == "System.Threading.Tasks" && type.Name == "Parallel")
                        || (ns == "System.Collections.Generic" && type.Name == "List")
                        || (ns == "System" && type.Name == "Array");
                default:
                    return false;
            }
        }
    }
}
