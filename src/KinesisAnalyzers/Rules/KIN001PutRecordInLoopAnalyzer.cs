using System.Collections.Immutable;
using System.Linq;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN001: PutRecord (or a PutRecords of one entry) run once per iteration of a loop or once per
    /// element of a LINQ/Parallel/ForEach lambda. Retry loops, loops paced by a delay, and strict-order
    /// chains (SequenceNumberForOrdering) are left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KIN001PutRecordInLoopAnalyzer : KinesisAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(KinesisRules.PutRecordInLoop);

        private protected override void RegisterActions(CompilationStartAnalysisContext context, KinesisSymbols symbols)
        {
            var iterations = IterationSymbols.Create(context.Compilation);
            CandidateOperations.RegisterInvocations(context, KinesisSymbols.PutNames, (nodeContext, invocation) => Analyze(nodeContext, invocation, symbols, iterations));

            // Calls of the project's own wrappers that send one record per call, in any file.
            CandidateOperations.RegisterInvocations(
                context,
                cancellationToken => ProjectMethods.Of(symbols, cancellationToken).SenderNames.Where(name => !KinesisSymbols.IsPutName(name)),
                (nodeContext, invocation) => AnalyzeWrapperCall(nodeContext, invocation, ProjectMethods.Of(symbols, nodeContext.CancellationToken), iterations));
        }

        private static void AnalyzeWrapperCall(CandidateContext context, IInvocationOperation invocation, ProjectMethods project, IterationSymbols iterations)
        {
            if (project.SenderOf(invocation.TargetMethod) is not { } sender
                || !BoundCode.IsFullyBound(invocation)
                || IterationScope.FindRepeating(invocation, iterations) is not { } scope)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                KinesisRules.PutRecordInLoop,
                invocation.Syntax.GetLocation(),
                invocation.TargetMethod.Name,
                scope.Description,
                string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    " (it calls '{0}' in '{1}.{2}')",
                    sender.PutName,
                    sender.Putter.ContainingType.Name,
                    sender.Putter.Name)));
        }

        private static void Analyze(CandidateContext context, IInvocationOperation invocation, KinesisSymbols symbols, IterationSymbols iterations)
        {
            var isPutRecord = symbols.IsPutRecord(invocation.TargetMethod);
            if (!isPutRecord && !symbols.IsPutRecords(invocation.TargetMethod))
            {
                return;
            }

            // The whole call must bind: its receiver, its request, and its own result type (an override
            // whose return type does not resolve yet).
            var request = OperationValues.Argument(invocation, 0);
            if (request is null || !BoundCode.IsFullyBound(invocation))
            {
                return;
            }

            var scope = IterationScope.FindRepeating(invocation, iterations);
            if (scope is null)
            {
                return;
            }

            if (isPutRecord ? SetsSequenceNumberForOrdering(request) : !HoldsOneEntryBuiltIn(request, scope))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                KinesisRules.PutRecordInLoop,
                invocation.Syntax.GetLocation(),
                invocation.TargetMethod.Name,
                scope.Description,
                string.Empty));
        }

        /// <summary>Each put of a strict-order chain waits for the previous one's sequence number; it cannot be batched.</summary>
        private static bool SetsSequenceNumberForOrdering(IOperation request)
        {
            foreach (var value in ObjectSite.AssignedValues(request, "SequenceNumberForOrdering"))
            {
                if (!value.ConstantValue.HasValue || value.ConstantValue.Value is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the request's Records is a list of exactly one entry, created in this scope:
        /// the batch API used to send one record per iteration. A chunk, a projection or
        /// anything this cannot count is not reported.
        /// </summary>
        private static bool HoldsOneEntryBuiltIn(IOperation request, IterationScope scope)
        {
            var count = 0;
            var listSet = false;
            foreach (var reference in ObjectMembers.References(request, "Records"))
            {
                switch (reference.Parent)
                {
                    case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, reference):
                        if (listSet || CountEntries(assignment.Value, scope) is not { } assigned)
                        {
                            return false;
                        }

                        listSet = true;
                        count += assigned;
                        break;
                    case IMemberInitializerOperation member when ReferenceEquals(member.InitializedMember, reference):
                        // Records = { entry }: adds to the list the request was created with.
                        if (!MethodBody.IsInside(member, scope.Body) || CountInitializerEntries(member.Initializer) is not { } added)
                        {
                            return false;
                        }

                        count += added;
                        break;
                    case IInvocationOperation call when ReferenceEquals(call.Instance, reference):
                        if (call.TargetMethod.Name != "Add" || !AddedOncePerIteration(call, scope))
                        {
                            return false;
                        }

                        count++;
                        break;
                }
            }

            return count == 1;
        }

        /// <summary>How many entries a list value built in the scope holds, or null when it cannot be counted.</summary>
        private static int? CountEntries(IOperation value, IterationScope scope)
        {
            var list = OperationValues.Unwrap(value);
            switch (list)
            {
                case IObjectCreationOperation creation when MethodBody.IsInside(creation, scope.Body):
                    if (!creation.Arguments.IsEmpty && !(creation.Arguments.Length == 1 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32))
                    {
                        return null; // new List<T>(otherEntries)
                    }

                    return CountInitializerEntries(creation.Initializer);
                case IInvocationOperation { TargetMethod.Name: "ToList", Arguments: { Length: 1 } arguments }
                    when OperationValues.Unwrap(arguments[0].Value) is IArrayCreationOperation { Initializer: { } array } && MethodBody.IsInside(list, scope.Body):
                    return array.ElementValues.Length;
                case ILocalReferenceOperation local:
                    return CountLocalEntries(local.Local, scope);
                case not null when list.Syntax is CollectionExpressionSyntax collection && MethodBody.IsInside(list, scope.Body):
                    foreach (var element in collection.Elements)
                    {
                        if (element is not ExpressionElementSyntax)
                        {
                            return null; // a spread
                        }
                    }

                    return collection.Elements.Count;
                default:
                    return null;
            }
        }

        /// <summary>A list local declared in the scope: its initializer plus each Add on it.</summary>
        private static int? CountLocalEntries(ILocalSymbol local, IterationScope scope)
        {
            var declared = false;
            var count = 0;
            foreach (var node in scope.Body.Descendants())
            {
                switch (node)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is null || CountEntries(declarator.Initializer.Value, scope) is not { } initial)
                        {
                            return null;
                        }

                        declared = true;
                        count += initial;
                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsDeclaration:
                        switch (reference.Parent)
                        {
                            case IInvocationOperation call when ReferenceEquals(call.Instance, reference):
                                if (call.TargetMethod.Name is "AddRange" or "Insert" or "InsertRange")
                                {
                                    return null;
                                }

                                if (call.TargetMethod.Name == "Add")
                                {
                                    if (!AddedOncePerIteration(call, scope))
                                    {
                                        return null;
                                    }

                                    count++;
                                }

                                break;
                            case IArgumentOperation argument when argument.Parent is IInvocationOperation:
                                return null; // filled by another method
                            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, reference):
                                return null; // reassigned
                        }

                        break;
                }
            }

            // Declared outside the scope, the list collects entries across iterations: not one per iteration.
            return declared ? count : null;
        }

        private static int? CountInitializerEntries(IObjectOrCollectionInitializerOperation? initializer)
        {
            if (initializer is null)
            {
                return 0;
            }

            var count = 0;
            foreach (var element in initializer.Initializers)
            {
                if (element is not IInvocationOperation { TargetMethod.Name: "Add" })
                {
                    return null;
                }

                count++;
            }

            return count;
        }

        /// <summary>An Add that runs once per iteration of the scope: not inside a nested loop or lambda.</summary>
        private static bool AddedOncePerIteration(IOperation call, IterationScope scope)
        {
            for (var node = call.Parent; node is not null; node = node.Parent)
            {
                if (ReferenceEquals(node, scope.Body))
                {
                    return true;
                }

                if (node is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }
    }
}
