using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Follows a put's task through one member body to where it ends up: awaited or blocked on,
    /// returned, stored in a local and read again, handed to Task.WhenAll, continued with
    /// ContinueWith, asked for its status, or dropped. The walk is the same for every rule that
    /// follows a task; what each end means is the rule's own (KIN003: where the exception
    /// surfaces; KIN004: where the response is read).
    /// </summary>
    internal abstract class TaskWalker<TResult>
    {
        /// <summary>Locals, Task.Run and Task.WhenAll chains are followed this many steps at most.</summary>
        public const int MaxDepth = 8;

        // Each local is followed once: its reads were already counted where it was first met.
        private readonly HashSet<ILocalSymbol> _followedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

        protected TaskWalker(TaskSymbols tasks, ISymbol? containingSymbol, MethodBody body)
        {
            Tasks = tasks;
            ContainingSymbol = containingSymbol;
            Body = body;
        }

        protected TaskSymbols Tasks { get; }

        /// <summary>The member being analyzed (the analysis context's ContainingSymbol).</summary>
        protected ISymbol? ContainingSymbol { get; }

        protected MethodBody Body { get; }

        /// <summary>What a chain too long to follow counts as (the rule stays quiet).</summary>
        protected abstract TResult TooDeep { get; }

        /// <summary>A use that decides nothing (a local met again, a property read that does not matter).</summary>
        protected abstract TResult Neutral { get; }

        /// <summary>Follows a task to where it ends up.</summary>
        public TResult FollowTask(IOperation task, int depth)
        {
            if (depth > MaxDepth)
            {
                return TooDeep;
            }

            var use = ValueFlow.Classify(task, Tasks);
            switch (use.Kind)
            {
                case ValueUseKind.StoredInLocal:
                    return FollowLocal(use.Local!, read => FollowTask(read, depth + 1), TaskReadsEnd);
                case ValueUseKind.Argument when use.User is IInvocationOperation whenAll && Tasks.IsWhenAll(whenAll.TargetMethod):
                    return AtWhenAll(whenAll, depth);
                case ValueUseKind.MemberAccess when use.User is IInvocationOperation { TargetMethod.Name: "ContinueWith" } continuation:
                    return AtContinuation(continuation);
                case ValueUseKind.MemberAccess when use.User is IPropertyReferenceOperation property:
                    return AtTaskProperty(property);
                default:
                    return AtTaskUse(use, depth);
            }
        }

        /// <summary>Discarded, awaited, blocked on, waited for, returned, or any other use of the task.</summary>
        protected abstract TResult AtTaskUse(ValueUse use, int depth);

        /// <summary>The task is one of Task.WhenAll's.</summary>
        protected abstract TResult AtWhenAll(IInvocationOperation whenAll, int depth);

        /// <summary><c>task.ContinueWith(...)</c>.</summary>
        protected abstract TResult AtContinuation(IInvocationOperation continuation);

        /// <summary><c>task.IsFaulted</c>, <c>task.Status</c>, ...</summary>
        protected abstract TResult AtTaskProperty(IPropertyReferenceOperation property);

        /// <summary>What the reads of a local holding the task add up to, when none of them decided.</summary>
        protected abstract TResult TaskReadsEnd(List<TResult> outcomes);

        /// <summary>True when one read's outcome decides the whole local.</summary>
        protected abstract bool Decides(TResult outcome);

        /// <summary>Follows each read of <paramref name="local"/> (once per walk) until one decides; otherwise combines them.</summary>
        protected TResult FollowLocal(ILocalSymbol local, Func<IOperation, TResult> followRead, Func<List<TResult>, TResult> combine)
        {
            if (!_followedLocals.Add(local))
            {
                return Neutral;
            }

            var outcomes = new List<TResult>();
            foreach (var read in Body.ReadsOf(local))
            {
                var outcome = followRead(read);
                if (Decides(outcome))
                {
                    return outcome;
                }

                outcomes.Add(outcome);
            }

            return combine(outcomes);
        }

        /// <summary>The function <paramref name="operation"/> runs in (a lambda, a local function, or the member).</summary>
        protected EnclosingFunction FunctionOf(IOperation operation) => EnclosingFunction.Of(operation, ContainingSymbol);

        /// <summary>The <c>Task.Run</c> a lambda is handed to: its task carries what the lambda returns or throws.</summary>
        protected IInvocationOperation? TaskRunOf(EnclosingFunction function) =>
            function.LambdaReceiver is IInvocationOperation run && Tasks.IsTaskRun(run.TargetMethod) ? run : null;
    }
}
