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
    /// KIN004: a PutRecords/PutRecordsAsync response that nobody examines for failed entries.
    /// The response (through its task, locals, Task.Run and deconstruction) must reach a read
    /// of FailedRecordCount, a read of Records whose entries' ErrorCode is read, a return, or
    /// another method. Discarding it, blocking on it and dropping it, or reading only
    /// HttpStatusCode (200 even when entries failed) is reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN004IgnoredPutRecordsFailuresAnalyzer : KinesisAnalyzer
    {
        private const int MaxDepth = 8;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(KinesisRules.IgnoredPutRecordsFailures);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            var tasks = TaskSymbols.Create(context.Compilation);
            CandidateOperations.RegisterInvocations(
                context,
                KinesisSymbols.PutRecordsNames,
                (operationContext, invocation) =>
                {
                    if (!symbols.IsPutRecords(invocation.TargetMethod) || !BoundCode.IsFullyBound(invocation))
                    {
                        return;
                    }

                    var callers = new Callers(ProjectMethods.For(symbols), operationContext.CancellationToken);
                    var walker = new Walker(tasks, symbols, operationContext.ContainingSymbol, MethodBody.Of(invocation), callers);
                    var result = tasks.IsAwaitable(invocation.Type)
                        ? walker.FollowTask(invocation, 0)
                        : walker.FollowResponse(invocation, 0);
                    if ((result is Result.NeverExamined or Result.StatusCodeOnly or Result.LoggedOnly) && BoundCode.BodyHasUnboundCode(invocation))
                    {
                        // The check may be the very code that does not bind yet (resp.FailedRecordCoun...).
                        return;
                    }

                    var reason = Reason(result);
                    if (reason is not null && walker.LostAt is { } caller)
                    {
                        reason = string.Format(System.Globalization.CultureInfo.InvariantCulture, "returned to '{0}.{1}' and there {2}", caller.ContainingType?.Name, caller.Name, reason);
                    }

                    if (reason is not null)
                    {
                        operationContext.ReportDiagnostic(Diagnostic.Create(
                            KinesisRules.IgnoredPutRecordsFailures,
                            invocation.Syntax.GetLocation(),
                            invocation.TargetMethod.Name,
                            reason));
                    }
                });
        }

        private static string? Reason(Result result) => result switch
        {
            Result.Discarded => "discarded",
            Result.BlockedAndDropped => "waited for and then dropped",
            Result.NeverExamined => "never checked for FailedRecordCount or Records[i].ErrorCode",
            Result.StatusCodeOnly => "checked only for HttpStatusCode, which is 200 even when entries fail",
            Result.LoggedOnly => "only logged: its failed entries are never retried, thrown, returned or handed to a handler",
            Result.ContinuedOnlyOnFailure => "continued only when the call fails: a response with failed entries is never looked at",
            _ => null,
        };

        /// <summary>Ordered: when no use examines the response, the most specific reason wins.</summary>
        private enum Result
        {
            /// <summary>Examined, returned, or handed to other code.</summary>
            Ok,

            /// <summary>A use that neither examines nor hands on the response.</summary>
            Neutral,

            Discarded,
            BlockedAndDropped,
            NeverExamined,
            StatusCodeOnly,

            /// <summary>FailedRecordCount is only written to a log (or guards only logging): the entries are still lost.</summary>
            LoggedOnly,

            /// <summary>The task goes only to a continuation that runs on failure (OnlyOnFaulted): the response is never read.</summary>
            ContinuedOnlyOnFailure,
        }

        /// <summary>The project's calls, and the methods already followed to their callers (recursion and cycles end).</summary>
        private sealed class Callers
        {
            public Callers(ProjectMethods project, CancellationToken cancellationToken)
            {
                Project = project;
                CancellationToken = cancellationToken;
            }

            public ProjectMethods Project { get; }

            public CancellationToken CancellationToken { get; }

            public HashSet<IMethodSymbol> Followed { get; } = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        }

        private sealed class Walker
        {
            private readonly TaskSymbols _tasks;
            private readonly KinesisSymbols _symbols;
            private readonly ISymbol? _containingSymbol;
            private readonly MethodBody _body;
            private readonly Callers _callers;

            // Each local is followed once: its reads were already counted where it was first met.
            private readonly HashSet<ILocalSymbol> _followedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            private bool? _readsEntryErrors;

            public Walker(TaskSymbols tasks, KinesisSymbols symbols, ISymbol? containingSymbol, MethodBody body, Callers callers)
            {
                _callers = callers;
                _tasks = tasks;
                _symbols = symbols;
                _containingSymbol = containingSymbol;
                _body = body;
            }

            /// <summary>Follows the task of PutRecordsAsync to where its response comes out.</summary>
            public Result FollowTask(IOperation task, int depth)
            {
                if (depth > MaxDepth)
                {
                    return Result.Ok;
                }

                var use = ValueFlow.Classify(task, _tasks);
                switch (use.Kind)
                {
                    case ValueUseKind.Discarded:
                        return Result.Discarded;
                    case ValueUseKind.Awaited:
                        return FollowResponse(use.User!, depth + 1);
                    case ValueUseKind.Blocked:
                        var blocked = FollowResponse(use.User!, depth + 1);
                        return blocked == Result.Discarded ? Result.BlockedAndDropped : blocked;
                    case ValueUseKind.Waited:
                        return Result.BlockedAndDropped;
                    case ValueUseKind.Returned:
                        return Returned(use.User!, depth);
                    case ValueUseKind.StoredInLocal:
                        return FollowLocal(use.Local!, isTask: true, depth);
                    case ValueUseKind.MemberAccess when use.User is IPropertyReferenceOperation:
                        // IsCompleted, Status, ...: the response itself is not read.
                        return Result.Neutral;
                    case ValueUseKind.MemberAccess when use.User is IInvocationOperation { TargetMethod.Name: "ContinueWith" } continuation
                                                        && TaskContinuation.RunsOnlyOnFailure(continuation):
                        // Runs only for an exception: a response, failed entries and all, never reaches it.
                        return Result.ContinuedOnlyOnFailure;
                    default:
                        // Passed on (Task.WhenAll, a collection, ContinueWith), stored away, or unbound.
                        return Result.Ok;
                }
            }

            /// <summary>Follows the response to an examination of its failures, or to its loss.</summary>
            public Result FollowResponse(IOperation response, int depth)
            {
                if (depth > MaxDepth)
                {
                    return Result.Ok;
                }

                var use = ValueFlow.Classify(response, _tasks);
                switch (use.Kind)
                {
                    case ValueUseKind.Discarded:
                        return Result.Discarded;
                    case ValueUseKind.Returned:
                        return Returned(use.User!, depth);
                    case ValueUseKind.StoredInLocal:
                        return FollowLocal(use.Local!, isTask: false, depth);
                    case ValueUseKind.MemberAccess:
                        return Member(use.User!);
                    case ValueUseKind.Pattern:
                        return Pattern(use.User!, depth);
                    case ValueUseKind.Other:
                        // Compared with null, interpolated into a string, ...
                        return Result.Neutral;
                    default:
                        // Passed to a method, stored in a field or collection, or unbound.
                        return Result.Ok;
                }
            }

            /// <summary>A value returned from a lambda run by Task.Run comes out of Task.Run's task; any other return hands it on.</summary>
            /// <summary>The caller where the response returned by this method is lost, when it is lost in another method.</summary>
            public IMethodSymbol? LostAt { get; private set; }

            private Result Returned(IOperation returnOperation, int depth)
            {
                var function = EnclosingFunction.Of(returnOperation, _containingSymbol);
                if (function.LambdaReceiver is IInvocationOperation run && _tasks.IsTaskRun(run.TargetMethod))
                {
                    return FollowTask(run, depth + 1);
                }

                // Returned from a method of the project: followed to its callers in the compilation (an
                // IAmazonKinesis implementation forwarding PutRecords is a put itself, judged at its own callers).
                return function.Operation is null
                    && _containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    && !_symbols.IsPutRecords(method)
                    && depth < MaxDepth
                        ? AtCallers(method, depth)
                        : Result.Ok;
            }

            /// <summary>The first way a caller loses the returned response; Ok when none does (or nothing here calls the method).</summary>
            private Result AtCallers(IMethodSymbol method, int depth)
            {
                if (!_callers.Followed.Add(method.OriginalDefinition))
                {
                    return Result.Ok;
                }

                foreach (var call in _callers.Project.CallsOf(method, _callers.CancellationToken))
                {
                    if (_callers.Project.OperationOf(call, _callers.CancellationToken) is not { } operation
                        || !BoundCode.IsFullyBound(operation)
                        || EnclosingFunction.MemberOf(operation, _callers.CancellationToken) is not { } caller)
                    {
                        continue;
                    }

                    var walker = new Walker(_tasks, _symbols, caller, MethodBody.Of(operation), _callers);
                    var result = _tasks.IsAwaitable(operation.Type)
                        ? walker.FollowTask(operation, depth + 1)
                        : walker.FollowResponse(operation, depth + 1);
                    if (result is not (Result.Ok or Result.Neutral))
                    {
                        LostAt = walker.LostAt ?? caller;
                        return result;
                    }
                }

                return Result.Ok;
            }

            private Result FollowLocal(ILocalSymbol local, bool isTask, int depth)
            {
                if (!_followedLocals.Add(local))
                {
                    return Result.Neutral;
                }

                var combined = Result.Neutral;
                foreach (var read in _body.ReadsOf(local))
                {
                    var result = isTask ? FollowTask(read, depth + 1) : FollowResponse(read, depth + 1);
                    if (result == Result.Ok)
                    {
                        return Result.Ok;
                    }

                    if (result > combined)
                    {
                        combined = result;
                    }
                }

                if (isTask)
                {
                    return combined == Result.Neutral ? Result.Discarded : combined;
                }

                // A stored response that is only discarded or passed by is still "never checked".
                return combined is Result.StatusCodeOnly or Result.LoggedOnly ? combined : Result.NeverExamined;
            }

            private Result Member(IOperation member)
            {
                if (member is not IPropertyReferenceOperation property)
                {
                    return Result.Neutral;
                }

                switch (property.Property.Name)
                {
                    case "FailedRecordCount":
                        return LoggingUse.IsOnlyLogged(property) ? Result.LoggedOnly : Result.Ok;
                    case "Records":
                        return RecordsExamined(property) ? Result.Ok : Result.NeverExamined;
                    case "HttpStatusCode":
                        return Result.StatusCodeOnly;
                    default:
                        return Result.Neutral;
                }
            }

            /// <summary><c>resp is { FailedRecordCount: > 0 }</c>, <c>is var r</c> followed by checks on r, switch arms.</summary>
            private Result Pattern(IOperation patternUser, int depth)
            {
                var combined = Result.Neutral;
                foreach (var operation in patternUser.Descendants())
                {
                    var result = Result.Neutral;
                    if (operation is IPropertySubpatternOperation { Member: IPropertyReferenceOperation property, Parent: IRecursivePatternOperation recursive }
                        && IsResponse(recursive.MatchedType))
                    {
                        result = Member(property);
                    }
                    else if (DeclaredLocal(operation) is { } declared && IsResponse(declared.Type))
                    {
                        result = FollowLocal(declared, isTask: false, depth + 1);
                    }

                    if (result == Result.Ok)
                    {
                        return Result.Ok;
                    }

                    if (result > combined)
                    {
                        combined = result;
                    }
                }

                return combined;
            }

            private static ILocalSymbol? DeclaredLocal(IOperation pattern) => pattern switch
            {
                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol as ILocalSymbol,
                IRecursivePatternOperation recursive => recursive.DeclaredSymbol as ILocalSymbol,
                _ => null,
            };

            /// <summary>
            /// Reading Records counts when the entries' ErrorCode (or ErrorMessage) is read in this
            /// body, or when the entries are handed to other code (not a LINQ operator) or returned.
            /// </summary>
            private bool RecordsExamined(IPropertyReferenceOperation records)
            {
                if (ReadsEntryErrors())
                {
                    return true;
                }

                var use = ValueFlow.Classify(records, _tasks);
                switch (use.Kind)
                {
                    case ValueUseKind.Returned:
                    case ValueUseKind.Stored:
                        return true;
                    case ValueUseKind.Argument:
                        return !(use.User is IInvocationOperation invocation
                                 && invocation.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Linq");
                    default:
                        return false;
                }
            }

            private bool ReadsEntryErrors()
            {
                if (_readsEntryErrors is { } known)
                {
                    return known;
                }

                var reads = false;
                foreach (var operation in _body.Root.Descendants())
                {
                    if (operation is IPropertyReferenceOperation { Property: { Name: "ErrorCode" or "ErrorMessage" } property }
                        && _symbols.PutRecordsResultEntry is { } entry
                        && TypeHierarchy.DerivesFrom(property.ContainingType, entry))
                    {
                        reads = true;
                        break;
                    }
                }

                _readsEntryErrors = reads;
                return reads;
            }

            private bool IsResponse(ITypeSymbol? type) =>
                _symbols.PutRecordsResponse is { } response && TypeHierarchy.DerivesFrom(type, response);
        }
    }
}
