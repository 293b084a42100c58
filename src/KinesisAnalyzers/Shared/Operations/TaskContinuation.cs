using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>When a <c>ContinueWith</c> continuation runs, read from its constant TaskContinuationOptions argument.</summary>
    internal static class TaskContinuation
    {
        // TaskContinuationOptions flags (System.Threading.Tasks); the Only* values combine them.
        private const int NotOnRanToCompletion = 0x10000;
        private const int NotOnFaulted = 0x20000;

        /// <summary>True when the continuation never runs for a failed task (OnlyOnRanToCompletion, NotOnFaulted): it never sees the failure.</summary>
        public static bool RunsOnlyOnSuccess(IInvocationOperation continuation) => Excludes(continuation, NotOnFaulted);

        /// <summary>True when the continuation never runs for a successful task (OnlyOnFaulted, OnlyOnCanceled, NotOnRanToCompletion): it never sees the result.</summary>
        public static bool RunsOnlyOnFailure(IInvocationOperation continuation) => Excludes(continuation, NotOnRanToCompletion);

        private static bool Excludes(IInvocationOperation continuation, int flag)
        {
            foreach (var argument in continuation.Arguments)
            {
                if (argument.Parameter?.Type.Name == "TaskContinuationOptions"
                    && argument.Value.ConstantValue is { HasValue: true, Value: int options }
                    && (options & flag) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
