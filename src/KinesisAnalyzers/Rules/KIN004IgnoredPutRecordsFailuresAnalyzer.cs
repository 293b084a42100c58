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

        /// <summary>Follows the PutRecords task to where its response comes out, and the response to an examination of its failures, or to its loss.</summary>
        private sealed class Walker : TaskWalker<Result>
        {
            private readonly KinesisSymbols _symbols;
            private readonly Callers _callers;
            private bool? _readsEntryErrors;

            public Walker(TaskSymbols tasks, KinesisSymbols symbols, ISymbol? containingSymbol, MethodBody body, Callers callers)
                : base(tasks, containingSymbol, body)
            {
                _callers = callers;
                _symbols = symbols;
            }

            protected override Result TooDeep => Result.Ok;

            protected override Result Neutral => Result.Neutral;

            protected override Result AtTaskUse(ValueUse use, int depth)
            {
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
                    default:
                        // Passed on (a collection, a method), stored away, or unbound.
                        return Result.Ok;
                }
            }

            // Task.WhenAll hands the responses on.
            protected override Result AtWhenAll(IInvocationOperation whenAll, int depth) => Result.Ok;

            // Runs only for an exception (OnlyOnFaulted): a response, failed entries and all, never reaches it.
            // Any other continuation receives the task and owns the response.
            protected override Result AtContinuation(IInvocationOperation continuation) =>
                TaskContinuation.RunsOnlyOnFailure(continuation) ? Result.ContinuedOnlyOnFailure : Result.Ok;

            // IsCompleted, Status, ...: the response itself is not read.
            protected override Result AtTaskProperty(IPropertyReferenceOperation property) => Result.Neutral;

            protected override bool Decides(Result outcome) => outcome == Result.Ok;

            // A stored task nobody awaits drops its response.
            protected override Result TaskReadsEnd(List<Result> outcomes)
            {
                var combined = Worst(outcomes);
                return combined == Result.Neutral ? Result.Discarded : combined;
            }

            // A stored response that is only discarded or passed by is still "never checked".
            private static Result ResponseReadsEnd(List<Result> outcomes)
            {
                var combined = Worst(outcomes);
                return combined is Result.StatusCodeOnly or Result.LoggedOnly ? combined : Result.NeverExamined;
            }

            // The most specific reason among the reads (the enum is ordered).
            private static Result Worst(List<Result> outcomes)
            {
                var combined = Result.Neutral;
                foreach (var outcome in outcomes)
                {
                    if (outcome > combined)
                    {
                        combined = outcome;
                    }
                }

                return combined;
            }

            /// <summary>Follows the response to an examination of its failures, or to its loss.</summary>
            public Result FollowResponse(IOperation response, int depth)
            {
                if (depth > MaxDepth)
                {
                    return TooDeep;
                }

                var use = ValueFlow.Classify(response, Tasks);
                switch (use.Kind)
                {
                    case ValueUseKind.Discarded:
                        return Result.Discarded;
                    case ValueUseKind.Returned:
                        return Returned(use.User!, depth);
                    case ValueUseKind.StoredInLocal:
                        return FollowLocal(use.Local!, read => FollowResponse(read, depth + 1), ResponseReadsEnd);
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

            /// <summary>The caller where the response returned by this method is lost, when it is lost in another method.</summary>
            public IMethodSymbol? LostAt { get; private set; }

            /// <summary>A value returned from a lambda run by Task.Run comes out of Task.Run's task; any other return hands it on.</summary>
            private Result Returned(IOperation returnOperation, int depth)
            {
                var function = FunctionOf(returnOperation);
                if (TaskRunOf(function) is { } run)
                {
                    return FollowTask(run, depth + 1);
                }

                // Returned from a method of the project: followed to its callers in the compilation (an
                // IAmazonKinesis implementation forwarding PutRecords is a put itself, judged at its own callers).
                return function.Operation is null
                    && ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
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

                    var walker = new Walker(Tasks, _symbols, caller, MethodBody.Of(operation), _callers);
                    var result = Tasks.IsAwaitable(operation.Type)
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
                        result = FollowLocal(declared, read => FollowResponse(read, depth + 2), ResponseReadsEnd);
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

                var use = ValueFlow.Classify(records, Tasks);
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
                foreach (var operation in Body.Root.Descendants())
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
