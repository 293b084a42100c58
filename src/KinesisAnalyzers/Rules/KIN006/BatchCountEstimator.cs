using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Counts the entries a PutRecords request can hold, from what the method shows: constant
    /// sizes (Enumerable.Range/Repeat, array lengths, initializers, for loops to a constant),
    /// bounds (Take(n), Chunk(n) for a loop over chunks), and sequences nothing bounds
    /// (a parameter, field or call result turned into entries by LINQ, a loop, or AddRange).
    /// A value passed straight through (<c>Records = entries</c> with entries a parameter) is
    /// not counted: it was built, and perhaps bounded, elsewhere. Every symbol passed on the
    /// way is handed to a <see cref="SizeCheckFinder"/>, so a count check on it can be found.
    /// </summary>
    internal sealed class BatchCountEstimator
    {
        private readonly MethodBody _body;
        private readonly SizeCheckFinder _checks;
        private readonly IOperation _put;
        private readonly IterationSymbols _iterations;
        private readonly HashSet<ILocalSymbol> _visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

        public BatchCountEstimator(MethodBody body, SizeCheckFinder checks, IOperation put, IterationSymbols iterations)
        {
            _body = body;
            _checks = checks;
            _put = put;
            _iterations = iterations;
        }

        public BatchCount Estimate(PutRecordsFlow flow)
        {
            foreach (var container in flow.Containers)
            {
                _checks.Watch(container);
            }

            return OfSources(flow.Sources, built: false);
        }

        /// <summary>The elements of <paramref name="sequence"/>, a value handed to a batch-sender: how many it can hold.</summary>
        public BatchCount EstimateSequence(IOperation sequence) => OfSequence(sequence, built: true);

        private BatchCount OfSources(ImmutableArray<RecordsSource> sources, bool built)
        {
            var total = BatchCount.Zero;
            foreach (var source in sources)
            {
                var count = source.Kind switch
                {
                    RecordsSourceKind.Sequence => OfSequence(source.Value, built),
                    RecordsSourceKind.Range => Repeated(OfSequence(source.Value, built: true), source),
                    _ => Repeated(BatchCount.Constant(1, exact: true), source),
                };
                total = BatchCount.Plus(total, count);
            }

            return total;
        }

        /// <summary>
        /// Multiplies by the loops (and per-element lambdas) around an Add, out to the first that
        /// also holds the PutRecords call or a reset of the list: those run one batch per iteration.
        /// </summary>
        private BatchCount Repeated(BatchCount entries, RecordsSource source)
        {
            var result = entries;
            for (var scope = IterationScope.Find(source.Site, _iterations); scope is not null; scope = scope.FindOuter())
            {
                var owner = scope.Owner;
                if (MethodBody.IsInside(_put, owner) || ContainsReset(owner, source))
                {
                    break;
                }

                result = BatchCount.Times(result, Iterations(scope));
            }

            return result;
        }

        private static bool ContainsReset(IOperation owner, RecordsSource source)
        {
            foreach (var reset in source.Resets)
            {
                if (!reset.IsEmpty && owner.Syntax.Span.Contains(reset))
                {
                    return true;
                }
            }

            return false;
        }

        private BatchCount Iterations(IterationScope scope)
        {
            switch (scope.Owner)
            {
                case IForEachLoopOperation forEach:
                    return OfSequence(forEach.Collection, built: true);
                case IForLoopOperation forLoop:
                    return OfForLoop(forLoop);
                case IAnonymousFunctionOperation lambda:
                    return OfPerElementLambda(lambda);
                default:
                    // while and do loops: their count is not visible.
                    return BatchCount.Unknown;
            }
        }

        private BatchCount OfPerElementLambda(IAnonymousFunctionOperation lambda)
        {
            if (EnclosingFunction.ReceiverOf(lambda) is not IInvocationOperation invocation)
            {
                return BatchCount.Unknown;
            }

            if (invocation.TargetMethod.Name == "For" && invocation.Arguments.Length >= 2)
            {
                // Parallel.For(from, to, body)
                return OperationValues.TryGetInteger(invocation.Arguments[0].Value, out var from)
                    && OperationValues.TryGetInteger(invocation.Arguments[1].Value, out var to)
                    ? BatchCount.Constant(System.Math.Max(0, to - from), exact: true)
                    : BatchCount.Unknown;
            }

            // list.ForEach(...), Array.ForEach(array, ...), Parallel.ForEach(source, ...), source.Select(...)
            var source = ElementSource(invocation);
            return source is null ? BatchCount.Unknown : OfSequence(source, built: true);
        }

        /// <summary>The sequence a per-element method walks: its receiver, or its first argument (Parallel.ForEach, Array.ForEach, extension calls).</summary>
        private static IOperation? ElementSource(IInvocationOperation invocation) =>
            invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

        /// <summary>for (var i = c; i &lt; bound; i++): bound - c iterations; a bound of x.Count or x.Length iterates x.</summary>
        private BatchCount OfForLoop(IForLoopOperation loop)
        {
            if (loop.Condition is not IBinaryOperation condition)
            {
                return BatchCount.Unknown;
            }

            IOperation counter, bound;
            bool inclusive;
            switch (condition.OperatorKind)
            {
                case BinaryOperatorKind.LessThan:
                case BinaryOperatorKind.LessThanOrEqual:
                    (counter, bound) = (condition.LeftOperand, condition.RightOperand);
                    inclusive = condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual;
                    break;
                case BinaryOperatorKind.GreaterThan:
                case BinaryOperatorKind.GreaterThanOrEqual:
                    (counter, bound) = (condition.RightOperand, condition.LeftOperand);
                    inclusive = condition.OperatorKind == BinaryOperatorKind.GreaterThanOrEqual;
                    break;
                default:
                    return BatchCount.Unknown;
            }

            if (OperationValues.Unwrap(counter) is not ILocalReferenceOperation { Local: var variable } || !StepsByOne(loop, variable))
            {
                return BatchCount.Unknown;
            }

            if (OperationValues.TryGetInteger(OperationValues.Unwrap(bound), out var end))
            {
                return StartOf(loop, variable) is long start
                    ? BatchCount.Constant(System.Math.Max(0, end - start + (inclusive ? 1 : 0)), exact: true)
                    : BatchCount.Unknown;
            }

            switch (OperationValues.Unwrap(bound))
            {
                case IPropertyReferenceOperation { Property.Name: "Count" or "Length" or "LongLength", Instance: { } collection }:
                    return OfSequence(collection, built: true);
                case IInvocationOperation { TargetMethod.Name: "Count" or "LongCount", Arguments.Length: 1 } count:
                    return OfSequence(count.Arguments[0].Value, built: true);
                default:
                    return BatchCount.Unknown;
            }
        }

        private static long? StartOf(IForLoopOperation loop, ILocalSymbol variable)
        {
            foreach (var before in loop.Before)
            {
                foreach (var operation in before.DescendantsAndSelf())
                {
                    if (operation is IVariableDeclaratorOperation declarator
                        && SymbolEqualityComparer.Default.Equals(declarator.Symbol, variable)
                        && OperationValues.TryGetInteger(declarator.GetVariableInitializer()?.Value, out var start))
                    {
                        return start;
                    }

                    // for (i = 0; ...) with i declared before the loop.
                    if (operation is ISimpleAssignmentOperation assignment
                        && IsLocal(assignment.Target, variable)
                        && OperationValues.TryGetInteger(assignment.Value, out var assigned))
                    {
                        return assigned;
                    }
                }
            }

            return null;
        }

        private static bool StepsByOne(IForLoopOperation loop, ILocalSymbol variable)
        {
            if (loop.AtLoopBottom.Length != 1)
            {
                return false;
            }

            var step = loop.AtLoopBottom[0] is IExpressionStatementOperation statement ? statement.Operation : loop.AtLoopBottom[0];
            return step switch
            {
                IIncrementOrDecrementOperation { Kind: OperationKind.Increment } increment => IsLocal(increment.Target, variable),
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } add =>
                    IsLocal(add.Target, variable) && OperationValues.TryGetInteger(add.Value, out var by) && by == 1,
                _ => false,
            };
        }

        private static bool IsLocal(IOperation operation, ILocalSymbol variable) =>
            operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, variable);

        /// <summary>
        /// Entries a sequence yields. <paramref name="built"/> is false for a value assigned as-is to
        /// Records: a parameter or call result given whole was built elsewhere, so it is not counted.
        /// </summary>
        private BatchCount OfSequence(IOperation? sequence, bool built)
        {
            var value = OperationValues.UnwrapAwait(sequence);
            if (BoundCode.IsInvalid(sequence) || BoundCode.IsInvalid(value))
            {
                return BatchCount.Unknown;
            }

            switch (value)
            {
                case IObjectCreationOperation creation:
                    var created = BatchCount.Zero;
                    foreach (var argument in creation.Arguments)
                    {
                        if (PutRecordsFlow.IsSequence(argument.Value))
                        {
                            created = BatchCount.Plus(created, OfSequence(argument.Value, built: true));
                        }
                    }

                    if (creation.Initializer is { } initializer)
                    {
                        created = BatchCount.Plus(created, BatchCount.Constant(initializer.Initializers.Length, exact: true));
                    }

                    return created;

                case IArrayCreationOperation array:
                    return OperationValues.TryGetLength(array, out var length) ? BatchCount.Constant(length, exact: true) : BatchCount.Unknown;

                case IInvocationOperation invocation:
                    return OfCall(invocation, built);

                case ILocalReferenceOperation local:
                    return OfLocal(local, built);

                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } lambdaParameter:
                    return OfLambdaParameter(lambdaParameter);

                case IParameterReferenceOperation:
                case IFieldReferenceOperation:
                case IPropertyReferenceOperation:
                    return Origin(value, built);

                default:
                    return BatchCount.Unknown;
            }
        }

        private BatchCount OfCall(IInvocationOperation invocation, bool built)
        {
            var method = invocation.TargetMethod;
            if (method.Name is "Range" or "Repeat" && OperationValues.IsDeclaredBy(method, "System.Linq", "Enumerable"))
            {
                return OperationValues.TryGetInteger(OperationValues.Argument(invocation, "count"), out var count)
                    ? BatchCount.Constant(count, exact: true)
                    : BatchCount.Unknown;
            }

            var source = OperationValues.Receiver(invocation);
            switch (LinqMethods.Classify(method))
            {
                case LinqShape.KeepsOrFilters:
                    var kept = OfSequence(source, built: true);
                    var filters = method.Name is not ("Select" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending"
                        or "Order" or "OrderDescending" or "Reverse" or "Cast" or "AsEnumerable" or "AsQueryable" or "ToList" or "ToArray"
                        or "ToListAsync" or "ToArrayAsync" or "ToImmutableArray" or "ToImmutableList");
                    return filters && !kept.IsUnbounded ? BatchCount.Plus(BatchCount.Constant(kept.Count, exact: false), PartialOf(kept)) : kept;

                case LinqShape.Takes:
                    if (!OperationValues.TryGetInteger(OperationValues.Argument(invocation, "count"), out var take))
                    {
                        // Take(n) with n not constant: the author meant a bound.
                        return BatchCount.Unknown;
                    }

                    var taken = OfSequence(source, built: true);
                    return !taken.IsUnbounded && !taken.Partial && taken.Count <= take
                        ? taken
                        : BatchCount.Constant(take, exact: taken.Exact && !taken.Partial);

                case LinqShape.AddsOne:
                    return BatchCount.Plus(OfSequence(source, built: true), BatchCount.Constant(1, exact: true));

                case LinqShape.Joins:
                    return BatchCount.Plus(OfSequence(source, built: true), OfSequence(OperationValues.Argument(invocation, "second"), built: true));

                case LinqShape.Expands:
                    // Each element may give any number of entries.
                    _checks.Watch(source);
                    return BatchCount.Unbounded(OperationValues.Describe(invocation));

                case LinqShape.Chunks:
                    return BatchCount.Unknown;

                default:
                    return Origin(invocation, built);
            }
        }

        /// <summary>
        /// A lambda's parameter is whatever calls the lambda passes. For a per-element lambda over
        /// chunks (items.Chunk(500).Select(chunk => ...), Parallel.ForEachAsync(items.Chunk(500), ...))
        /// that is a chunk of at most n; otherwise it cannot be known here.
        /// </summary>
        private BatchCount OfLambdaParameter(IParameterReferenceOperation reference)
        {
            if (reference.Parameter.Ordinal != 0)
            {
                return BatchCount.Unknown;
            }

            IOperation? node = reference.Parent;
            while (node is not null && !(node is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, reference.Parameter.ContainingSymbol)))
            {
                node = node.Parent;
            }

            if (node is not IAnonymousFunctionOperation owner || !IterationScope.IsPerElementLambda(owner, _iterations))
            {
                return BatchCount.Unknown;
            }

            if (EnclosingFunction.ReceiverOf(owner) is IInvocationOperation invocation
                && ElementSource(invocation) is { } source
                && OperationValues.UnwrapAwait(source) is IInvocationOperation chunk
                && LinqMethods.Classify(chunk.TargetMethod) == LinqShape.Chunks)
            {
                return OfChunk(chunk);
            }

            return BatchCount.Unknown;
        }

        private static BatchCount OfChunk(IInvocationOperation chunk) =>
            OperationValues.TryGetInteger(OperationValues.Argument(chunk, "size"), out var size)
                ? BatchCount.Constant(size, exact: false)
                : BatchCount.Unknown;

        private static BatchCount PartialOf(BatchCount count) => count.Partial ? BatchCount.Unknown : BatchCount.Zero;

        private BatchCount OfLocal(ILocalReferenceOperation local, bool built)
        {
            _checks.Watch(local.Local);
            if (!_visited.Add(local.Local))
            {
                return BatchCount.Unknown;
            }

            var writes = _body.WritesOf(local.Local);
            if (writes.IteratedBy is { } loop)
            {
                // foreach (var chunk in items.Chunk(500)): each chunk holds at most 500.
                if (OperationValues.UnwrapAwait(loop.Collection) is IInvocationOperation chunk
                    && LinqMethods.Classify(chunk.TargetMethod) == LinqShape.Chunks)
                {
                    return OfChunk(chunk);
                }

                return BatchCount.Unknown;
            }

            if (writes.IsOpaque || writes.Values.Length != 1)
            {
                return BatchCount.Unknown;
            }

            // A list built here: what it starts with, plus what is added to it.
            return BatchCount.Plus(
                OfSequence(writes.Values[0], built),
                OfSources(PutRecordsFlow.AdditionsTo(local.Local, _body), built: true));
        }

        /// <summary>A sequence from outside the method (parameter, field, property, call result).</summary>
        private BatchCount Origin(IOperation origin, bool built)
        {
            _checks.Watch(origin);
            return built
                ? BatchCount.Unbounded(OperationValues.Describe(origin), (origin as IParameterReferenceOperation)?.Parameter)
                : BatchCount.Unknown;
        }
    }
}
