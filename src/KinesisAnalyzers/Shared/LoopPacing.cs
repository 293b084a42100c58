using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Recognises a loop paced by a timer: every iteration waits (Task.Delay, Thread.Sleep,
    /// PeriodicTimer.WaitForNextTickAsync), so it emits one event per tick by design.
    /// </summary>
    internal static class LoopPacing
    {
        /// <summary>
        /// True when <paramref name="loop"/> waits on every iteration: a pacing call in its
        /// condition, or on the unconditional path of its body. A wait only in a catch, an
        /// if/else or switch branch, a nested loop or a lambda is a back-off or a poll, not a pace.
        /// </summary>
        public static bool IsPaced(ILoopOperation loop)
        {
            var condition = loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };

            return (condition is not null && WaitsUnconditionally(condition))
                || (loop.Body is not null && WaitsUnconditionally(loop.Body));
        }

        private static bool WaitsUnconditionally(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when IsPacingCall(invocation.TargetMethod):
                    return true;
                case IConditionalOperation or ISwitchOperation or ISwitchExpressionOperation or ILoopOperation
                    or IAnonymousFunctionOperation or ILocalFunctionOperation or IConditionalAccessOperation
                    or ICoalesceOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                    return false;
                case ITryOperation tryOperation:
                    return WaitsUnconditionally(tryOperation.Body)
                        || (tryOperation.Finally is not null && WaitsUnconditionally(tryOperation.Finally));
            }

            foreach (var child in operation.ChildOperations)
            {
                if (WaitsUnconditionally(child))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPacingCall(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            switch (method.Name)
            {
                case "Delay":
                    return type.Name == "Task" && IsNamespace(type, "System.Threading.Tasks");
                case "Sleep":
                    return type.Name == "Thread" && IsNamespace(type, "System.Threading");
                case "WaitForNextTickAsync":
                    return type.Name == "PeriodicTimer" && IsNamespace(type, "System.Threading");
                default:
                    return false;
            }
        }

        private static bool IsNamespace(INamedTypeSymbol type, string name) => type.ContainingNamespace?.ToDisplayString() == name;
    }
}
