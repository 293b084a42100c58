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
        public static bool IsPaced(ILoopOperation loop, IterationSymbols symbols)
        {
            var condition = loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };

            return (condition is not null && WaitsUnconditionally(condition, symbols))
                || (loop.Body is not null && WaitsUnconditionally(loop.Body, symbols));
        }

        private static bool WaitsUnconditionally(IOperation operation, IterationSymbols symbols)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when symbols.IsPacingCall(invocation.TargetMethod):
                    return true;
                case IConditionalOperation or ISwitchOperation or ISwitchExpressionOperation or ILoopOperation
                    or IAnonymousFunctionOperation or ILocalFunctionOperation or IConditionalAccessOperation
                    or ICoalesceOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                    return false;
                case ITryOperation tryOperation:
                    return WaitsUnconditionally(tryOperation.Body, symbols)
                        || (tryOperation.Finally is not null && WaitsUnconditionally(tryOperation.Finally, symbols));
            }

            foreach (var child in operation.ChildOperations)
            {
                if (WaitsUnconditionally(child, symbols))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
