using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN003: a PutRecord/PutRecordAsync whose ProvisionedThroughputExceededException can
    /// escape unhandled. The call is followed to where its exception surfaces (the call itself
    /// when synchronous; the await, GetResult, Result or Wait of its task otherwise, through
    /// locals, Task.Run and Task.WhenAll). There it is handled when a try around it catches the
    /// exception (or AggregateException, for Wait/Result), when the value is returned to the
    /// caller (a forwarding wrapper), or when it runs inside a lambda handed to another method
    /// (a retry helper or resilience pipeline owns it). A task nobody awaits is always reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN003UnhandledThrottlingAnalyzer : KinesisAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(KinesisRules.UnhandledThrottling);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            var compilation = context.Compilation;
            var throttling = (ITypeSymbol?)symbols.ProvisionedThroughputExceededException
                ?? symbols.AmazonKinesisException
                ?? (ITypeSymbol?)symbols.AmazonServiceException
                ?? compilation.GetTypeByMetadataName("System.Exception");
            if (throttling is null)
            {
                return;
            }

            var tasks = TaskSymbols.Create(compilation);

            // In a test project, an exception that fails the test is the intended outcome.
            var isTestProject = ReferencesTestFramework(compilation);
            var isLibrary = compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary;
            var wrapped = (ITypeSymbol?)tasks.AggregateException ?? throttling;
            CandidateOperations.RegisterInvocations(
                context,
                KinesisSymbols.PutRecordNames,
                (operationContext, invocation) =>
                {
                    if (!symbols.IsPutRecord(invocation.TargetMethod) || !BoundCode.IsFullyBound(invocation))
                    {
                        return;
                    }

                    var walker = new Walker(tasks, throttling, wrapped, operationContext.ContainingSymbol, MethodBody.Of(invocation));
                    var outcome = tasks.IsAwaitable(invocation.Type)
                        ? walker.FollowTask(invocation, 0)
                        : walker.AtThrowPoint(invocation, wrapsExceptions: false, 0);
                    var reason = Reason(outcome);
                    if (outcome is Outcome.Unhandled or Outcome.UnhandledWrapped or Outcome.Forwarded)
                    {
                        if (isTestProject)
                        {
                            return;
                        }

                        // The exception reaches the method's callers: judged where it lands, in this compilation.
                        // (An IAmazonKinesis implementation forwarding to another client is a put itself: its callers are judged as puts.)
                        if (EscapingMethod(invocation, operationContext.ContainingSymbol) is { } method && !symbols.IsPutRecord(method))
                        {
                            var callers = new CallerJudge(tasks, throttling, wrapped, ProjectMethods.For(symbols), isLibrary, operationContext.CancellationToken);
                            switch (callers.Judge(method, 0))
                            {
                                case { Kind: VerdictKind.Lost } lost:
                                    reason = string.Format(
                                        System.Globalization.CultureInfo.InvariantCulture,
                                        "it reaches '{0}.{1}', where {2}",
                                        lost.Caller!.ContainingType?.Name,
                                        lost.Caller.Name,
                                        Reason(lost.Outcome));
                                    break;
                                case { Kind: VerdictKind.Handled }:
                                    return;
                                case { Kind: VerdictKind.NoCallers }:
                                    // A public method of a library: callers outside the compilation own the exception.
                                    if (isLibrary && IsVisibleOutside(method))
                                    {
                                        return;
                                    }

                                    break;
                            }
                        }
                    }

                    if (reason is not null)
                    {
                        operationContext.ReportDiagnostic(Diagnostic.Create(
                            KinesisRules.UnhandledThrottling,
                            invocation.Syntax.GetLocation(),
                            invocation.TargetMethod.Name,
                            reason));
                    }
                });
        }

        private static bool ReferencesTestFramework(Compilation compilation)
        {
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name is "xunit.core" or "xunit.v3.core" or "nunit.framework" or "Microsoft.VisualStudio.TestPlatform.TestFramework" or "MSTest.TestFramework")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The method whose callers the exception of <paramref name="put"/> reaches: an ordinary method with the put
        /// in its own body (not a lambda or local function), that is not async void and not an entry point. Null otherwise.
        /// </summary>
        private static IMethodSymbol? EscapingMethod(IOperation put, ISymbol? containingSymbol) =>
            EnclosingFunction.Of(put, containingSymbol).Operation is null
            && containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            && !(method.IsAsync && method.ReturnsVoid)
            && !IsEntryPoint(method)
                ? method
                : null;

        /// <summary>Code nobody calls back into: a hosted service's loop, an event or timer handler, Main.</summary>
        private static bool IsEntryPoint(IMethodSymbol method)
        {
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.ContainingType.Name == "BackgroundService" && overridden.Name == "ExecuteAsync")
                {
                    return true;
                }
            }

            return method.Name is "Main" or "<Main>$" && method.IsStatic
                || method.Parameters.Length == 2
                    && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
                    && (method.Parameters[1].Type.Name.EndsWith("EventArgs", System.StringComparison.Ordinal) || method.Parameters[1].Type.SpecialType == SpecialType.System_Object);
        }

        private static bool IsVisibleOutside(ISymbol symbol)
        {
            for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            return true;
        }

        private static string? Reason(Outcome outcome) => outcome switch
        {
            Outcome.Unhandled => "no enclosing try/catch catches it, so a throttled shard fails the caller and the record is lost",
            Outcome.UnhandledWrapped => "blocking on the task wraps it in AggregateException, which no enclosing catch catches",
            Outcome.FireAndForget => "the task is never awaited, so no catch can see the failure and the record is lost silently",
            Outcome.AsyncVoid => "it escapes an async void method or lambda, where no caller can catch it",
            Outcome.Callback => "it escapes a timer or thread callback, where no caller can catch it and the process fails",
            _ => null,
        };

        private enum Outcome
        {
            /// <summary>Caught, returned to the caller, or owned by the method a lambda is handed to.</summary>
            Handled,

            /// <summary>A use that neither observes nor loses the exception (e.g. reading IsCompleted).</summary>
            Neutral,

            /// <summary>Returned to the caller (a forwarding wrapper): the callers decide.</summary>
            Forwarded,

            Unhandled,
            UnhandledWrapped,
            FireAndForget,
            AsyncVoid,

            /// <summary>Escapes a lambda run by a timer or a thread, with nobody above it.</summary>
            Callback,
        }

        private enum VerdictKind
        {
            /// <summary>Nothing in the compilation calls the method.</summary>
            NoCallers,

            /// <summary>Every caller (and its callers, as far as followed) catches or hands on the exception.</summary>
            Handled,

            /// <summary>A caller loses it: <see cref="Verdict.Caller"/> with <see cref="Verdict.Outcome"/>.</summary>
            Lost,
        }

        private readonly struct Verdict
        {
            public Verdict(VerdictKind kind, IMethodSymbol? caller = null, Outcome outcome = Outcome.Handled)
            {
                Kind = kind;
                Caller = caller;
                Outcome = outcome;
            }

            public VerdictKind Kind { get; }

            public IMethodSymbol? Caller { get; }

            public Outcome Outcome { get; }
        }

        /// <summary>
        /// Follows the exception from a method to its callers in the compilation, and on to theirs while they let it
        /// through (at most <see cref="ProjectMethods.MaxDepth"/> levels; a method met twice, in a cycle, is not
        /// followed again): it is lost at a caller that fires and forgets the call, at an entry point (Main,
        /// top-level statements, a hosted service's loop, an event or timer handler), or in an async void method.
        /// </summary>
        private sealed class CallerJudge
        {
            private readonly TaskSymbols _tasks;
            private readonly ITypeSymbol _throttling;
            private readonly ITypeSymbol _wrapped;
            private readonly ProjectMethods _project;
            private readonly bool _isLibrary;
            private readonly CancellationToken _cancellationToken;
            private readonly HashSet<IMethodSymbol> _visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            public CallerJudge(TaskSymbols tasks, ITypeSymbol throttling, ITypeSymbol wrapped, ProjectMethods project, bool isLibrary, CancellationToken cancellationToken)
            {
                _isLibrary = isLibrary;
                _tasks = tasks;
                _throttling = throttling;
                _wrapped = wrapped;
                _project = project;
                _cancellationToken = cancellationToken;
            }

            public Verdict Judge(IMethodSymbol method, int depth)
            {
                _visited.Add(method.OriginalDefinition);
                var calls = _project.CallsOf(method, _cancellationToken);
                if (calls.Count == 0)
                {
                    return new Verdict(VerdictKind.NoCallers);
                }

                // Calls from the method itself or from methods already on the chain (recursion, cycles) judge nothing.
                var judged = false;
                foreach (var call in calls)
                {
                    if (_project.OperationOf(call, _cancellationToken) is not { } operation
                        || !BoundCode.IsFullyBound(operation)
                        || EnclosingFunction.MemberOf(operation, _cancellationToken) is not { } caller)
                    {
                        continue;
                    }

                    if (_visited.Contains(caller.OriginalDefinition))
                    {
                        continue;
                    }

                    judged = true;
                    var walker = new Walker(_tasks, _throttling, _wrapped, caller, MethodBody.Of(operation));
                    var outcome = _tasks.IsAwaitable(operation.Type)
                        ? walker.FollowTask(operation, 0)
                        : walker.AtThrowPoint(operation, wrapsExceptions: false, 0);
                    switch (outcome)
                    {
                        case Outcome.FireAndForget or Outcome.AsyncVoid or Outcome.Callback:
                            return new Verdict(VerdictKind.Lost, caller, outcome);

                        case Outcome.Unhandled or Outcome.UnhandledWrapped or Outcome.Forwarded:
                            if (EscapingMethod(operation, caller) is not { } next)
                            {
                                // An entry point, or a lambda nobody above catches for: the exception ends here.
                                if (outcome != Outcome.Forwarded)
                                {
                                    return new Verdict(VerdictKind.Lost, caller, outcome);
                                }

                                break;
                            }

                            if (depth + 1 >= ProjectMethods.MaxDepth)
                            {
                                break;
                            }

                            var above = Judge(next, depth + 1);
                            if (above.Kind == VerdictKind.Lost)
                            {
                                return above;
                            }

                            // The top of the chain: a public library method leaves it to outside callers; any other method fails its caller.
                            if (above.Kind == VerdictKind.NoCallers && !(_isLibrary && IsVisibleOutside(next)))
                            {
                                return new Verdict(VerdictKind.Lost, next, Outcome.Unhandled);
                            }

                            break;
                    }
                }

                return new Verdict(judged ? VerdictKind.Handled : VerdictKind.NoCallers);
            }
        }

        /// <summary>Follows the put's task to where its exception surfaces: caught, handed on, or lost.</summary>
        private sealed class Walker : TaskWalker<Outcome>
        {
            private readonly ITypeSymbol _throttling;
            private readonly ITypeSymbol _wrapped;

            public Walker(TaskSymbols tasks, ITypeSymbol throttling, ITypeSymbol wrapped, ISymbol? containingSymbol, MethodBody body)
                : base(tasks, containingSymbol, body)
            {
                _throttling = throttling;
                _wrapped = wrapped;
            }

            protected override Outcome TooDeep => Outcome.Handled;

            protected override Outcome Neutral => Outcome.Neutral;

            protected override Outcome AtTaskUse(ValueUse use, int depth)
            {
                switch (use.Kind)
                {
                    case ValueUseKind.Discarded:
                        return Outcome.FireAndForget;

                    case ValueUseKind.Awaited:
                    case ValueUseKind.Blocked:
                    case ValueUseKind.Waited:
                        return AtThrowPoint(use.User!, use.WrapsExceptions, depth);

                    case ValueUseKind.Returned:
                        return LeaveFunction(use.User!, forwarded: true, wrapsExceptions: false, depth);

                    default:
                        // Passed to a method, stored away, or unbound: whoever receives the task owns its exception.
                        return Outcome.Handled;
                }
            }

            protected override Outcome AtWhenAll(IInvocationOperation whenAll, int depth) => FollowTask(whenAll, depth + 1);

            // A continuation that runs only on success never sees the failure.
            protected override Outcome AtContinuation(IInvocationOperation continuation) =>
                TaskContinuation.RunsOnlyOnSuccess(continuation) ? Outcome.FireAndForget : Outcome.Handled;

            // IsFaulted, Exception and Status look at the failure; IsCompleted and the like do not.
            protected override Outcome AtTaskProperty(IPropertyReferenceOperation property) =>
                property.Property.Name is "IsFaulted" or "Exception" or "Status" ? Outcome.Handled : Outcome.Neutral;

            protected override bool Decides(Outcome outcome) =>
                outcome is Outcome.Unhandled or Outcome.UnhandledWrapped or Outcome.AsyncVoid or Outcome.Callback;

            // Returned by any read: the callers decide; otherwise handled by any read; stored but never awaited
            // (or only discarded): nothing observes the exception.
            protected override Outcome TaskReadsEnd(List<Outcome> outcomes) =>
                outcomes.Contains(Outcome.Forwarded) ? Outcome.Forwarded
                : outcomes.Contains(Outcome.Handled) ? Outcome.Handled
                : Outcome.FireAndForget;

            /// <summary>The exception is thrown at <paramref name="thrownAt"/>: caught there, or does it leave the function?</summary>
            public Outcome AtThrowPoint(IOperation thrownAt, bool wrapsExceptions, int depth)
            {
                var exception = wrapsExceptions ? _wrapped : _throttling;
                if (ExceptionCoverage.Find(thrownAt, exception) != Coverage.NotCaught)
                {
                    return Outcome.Handled;
                }

                var forwarded = thrownAt.Type is { SpecialType: not SpecialType.System_Void }
                    && ValueFlow.Classify(thrownAt, Tasks).Kind == ValueUseKind.Returned;
                return LeaveFunction(thrownAt, forwarded, wrapsExceptions, depth);
            }

            private Outcome LeaveFunction(IOperation operation, bool forwarded, bool wrapsExceptions, int depth)
            {
                var function = FunctionOf(operation);
                if (function.Lambda is not null)
                {
                    if (TaskRunOf(function) is { } run)
                    {
                        // Task.Run's task carries what the lambda throws.
                        return FollowTask(run, depth + 1);
                    }

                    if (function.IsAsyncVoid)
                    {
                        return Outcome.AsyncVoid;
                    }

                    if (function.LambdaReceiver is IObjectCreationOperation { Type: { ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } callbackOwner }
                        && callbackOwner.Name is "Timer" or "Thread")
                    {
                        // new Timer(_ => ...), new Thread(() => ...): the callback runs with nobody above it.
                        return Outcome.Callback;
                    }

                    if (function.LambdaReceiver is not null)
                    {
                        // A retry helper, resilience pipeline or callback API runs the lambda and sees its failures.
                        return Outcome.Handled;
                    }
                }
                else if (function.IsAsyncVoid && !forwarded)
                {
                    return Outcome.AsyncVoid;
                }

                if (forwarded)
                {
                    return function.Operation is null ? Outcome.Forwarded : Outcome.Handled;
                }

                return wrapsExceptions ? Outcome.UnhandledWrapped : Outcome.Unhandled;
            }
        }
    }
}
