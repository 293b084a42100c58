using System.Collections.Generic;
using System.Collections.Immutable;
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
        // Locals and Task.Run/WhenAll chains are followed this many steps at most.
        private const int MaxDepth = 8;

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
                KinesisSymbols.IsPutRecordName,
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
                    if (outcome is Outcome.Unhandled or Outcome.UnhandledWrapped
                        && (isTestProject || (isLibrary && IsLeftToOutsideCallers(invocation, operationContext, symbols))))
                    {
                        return;
                    }

                    var reason = Reason(outcome);
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
        /// A public method of a library, that nothing in the compilation calls, lets the exception reach
        /// callers outside it: they own it, and this project cannot see whether they handle it.
        /// </summary>
        private static bool IsLeftToOutsideCallers(IInvocationOperation put, SyntaxNodeAnalysisContext context, KinesisSymbols symbols)
        {
            if (EnclosingFunction.Of(put, context.ContainingSymbol).Operation is not null
                || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAsync: var isAsync, ReturnsVoid: var returnsVoid } method
                || (isAsync && returnsVoid)
                || IsEntryPoint(method)
                || !IsVisibleOutside(method))
            {
                return false;
            }

            return !ProjectMethods.Of(symbols, context.CancellationToken).IsCalledInCompilation(method, context.CancellationToken);
        }

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

            return method.Name == "Main" && method.IsStatic
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
            _ => null,
        };

        private enum Outcome
        {
            /// <summary>Caught, returned to the caller, or owned by the method a lambda is handed to.</summary>
            Handled,

            /// <summary>A use that neither observes nor loses the exception (e.g. reading IsCompleted).</summary>
            Neutral,

            Unhandled,
            UnhandledWrapped,
            FireAndForget,
            AsyncVoid,
        }

        private sealed class Walker
        {
            private readonly TaskSymbols _tasks;
            private readonly ITypeSymbol _throttling;
            private readonly ITypeSymbol _wrapped;
            private readonly ISymbol? _containingSymbol;
            private readonly MethodBody _body;

            // Each local is followed once: its reads were already counted where it was first met.
            private readonly HashSet<ILocalSymbol> _followedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

            public Walker(TaskSymbols tasks, ITypeSymbol throttling, ITypeSymbol wrapped, ISymbol? containingSymbol, MethodBody body)
            {
                _tasks = tasks;
                _throttling = throttling;
                _wrapped = wrapped;
                _containingSymbol = containingSymbol;
                _body = body;
            }

            /// <summary>Follows a task that carries the exception to where it is observed.</summary>
            public Outcome FollowTask(IOperation task, int depth)
            {
                if (depth > MaxDepth)
                {
                    return Outcome.Handled;
                }

                var use = ValueFlow.Classify(task, _tasks);
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

                    case ValueUseKind.StoredInLocal:
                        return FollowLocal(use.Local!, depth);

                    case ValueUseKind.Argument when use.User is IInvocationOperation whenAll && _tasks.IsWhenAll(whenAll.TargetMethod):
                        return FollowTask(whenAll, depth + 1);

                    case ValueUseKind.MemberAccess when use.User is IPropertyReferenceOperation property:
                        // IsFaulted, Exception and Status look at the failure; IsCompleted and the like do not.
                        return property.Property.Name is "IsFaulted" or "Exception" or "Status"
                            ? Outcome.Handled
                            : Outcome.Neutral;

                    default:
                        // Passed to a method, stored away, continued with ContinueWith, or unbound:
                        // whoever receives the task owns its exception.
                        return Outcome.Handled;
                }
            }

            /// <summary>The exception is thrown at <paramref name="thrownAt"/>: caught there, or does it leave the function?</summary>
            public Outcome AtThrowPoint(IOperation thrownAt, bool wrapsExceptions, int depth)
            {
                var exception = wrapsExceptions ? _wrapped : _throttling;
                if (ExceptionCoverage.Find(thrownAt, exception) != Coverage.NotCaught)
                {
                    return Outcome.Handled;
                }

                var forwarded = thrownAt.Type is { SpecialType: not SpecialType.System_Void }
                    && ValueFlow.Classify(thrownAt, _tasks).Kind == ValueUseKind.Returned;
                return LeaveFunction(thrownAt, forwarded, wrapsExceptions, depth);
            }

            private Outcome LeaveFunction(IOperation operation, bool forwarded, bool wrapsExceptions, int depth)
            {
                var function = EnclosingFunction.Of(operation, _containingSymbol);
                if (function.Lambda is not null)
                {
                    if (function.LambdaReceiver is IInvocationOperation run && _tasks.IsTaskRun(run.TargetMethod))
                    {
                        // Task.Run's task carries what the lambda throws.
                        return FollowTask(run, depth + 1);
                    }

                    if (function.IsAsyncVoid)
                    {
                        return Outcome.AsyncVoid;
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
                    return Outcome.Handled;
                }

                return wrapsExceptions ? Outcome.UnhandledWrapped : Outcome.Unhandled;
            }

            private Outcome FollowLocal(ILocalSymbol local, int depth)
            {
                if (!_followedLocals.Add(local))
                {
                    return Outcome.Neutral;
                }

                var handled = false;
                foreach (var read in _body.ReadsOf(local))
                {
                    var outcome = FollowTask(read, depth + 1);
                    switch (outcome)
                    {
                        case Outcome.Unhandled:
                        case Outcome.UnhandledWrapped:
                        case Outcome.AsyncVoid:
                            return outcome;
                        case Outcome.Handled:
                            handled = true;
                            break;
                    }
                }

                // Stored but never awaited (or only discarded): nothing observes the exception.
                return handled ? Outcome.Handled : Outcome.FireAndForget;
            }
        }
    }
}
