using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>What happens to a value right where it is produced.</summary>
    internal enum ValueUseKind
    {
        /// <summary>Nothing looks at it: an expression statement, <c>_ = value</c>, or a deconstruction into a discard.</summary>
        Discarded,

        /// <summary>A task awaited; <see cref="ValueUse.User"/> is the await, whose value is the task's result.</summary>
        Awaited,

        /// <summary>A task blocked on for its result (<c>.GetAwaiter().GetResult()</c>, <c>.Result</c>); <see cref="ValueUse.User"/> yields the result.</summary>
        Blocked,

        /// <summary>A task blocked on without its result (<c>.Wait()</c>, <c>Task.WaitAll</c>); <see cref="ValueUse.User"/> is that call.</summary>
        Waited,

        /// <summary>Returned from the enclosing method, local function or lambda (also <c>yield return</c>); <see cref="ValueUse.User"/> is the return.</summary>
        Returned,

        /// <summary>Passed to a method, constructor or indexer; <see cref="ValueUse.User"/> is the invocation, creation or indexer reference.</summary>
        Argument,

        /// <summary>Stored in a local variable; <see cref="ValueUse.Local"/> is the variable.</summary>
        StoredInLocal,

        /// <summary>Stored where this method cannot follow it: a field, property, array, collection or tuple.</summary>
        Stored,

        /// <summary>A member of the value is used; <see cref="ValueUse.User"/> is the member reference or invocation.</summary>
        MemberAccess,

        /// <summary>Matched against a pattern; <see cref="ValueUse.User"/> is the is-pattern, switch expression or switch statement.</summary>
        Pattern,

        /// <summary>Used by code that does not bind; nothing can be said.</summary>
        Invalid,

        /// <summary>Any other use (comparison, interpolation, ...); <see cref="ValueUse.User"/> is the parent operation.</summary>
        Other,
    }

    /// <summary>The first real use of a value, as found by <see cref="ValueFlow.Classify"/>.</summary>
    internal readonly struct ValueUse
    {
        public ValueUse(ValueUseKind kind, IOperation value, IOperation? user, ILocalSymbol? local = null, bool wrapsExceptions = false)
        {
            Kind = kind;
            Value = value;
            User = user;
            Local = local;
            WrapsExceptions = wrapsExceptions;
        }

        public ValueUseKind Kind { get; }

        /// <summary>The outermost operation still carrying the value (after conversions, ConfigureAwait, ?:, ??).</summary>
        public IOperation Value { get; }

        public IOperation? User { get; }

        public ILocalSymbol? Local { get; }

        /// <summary>For <see cref="ValueUseKind.Blocked"/> and <see cref="ValueUseKind.Waited"/>: the task's exception surfaces wrapped in AggregateException.</summary>
        public bool WrapsExceptions { get; }
    }

    /// <summary>
    /// Where a value flows from the operation that produces it: discarded, awaited, blocked on,
    /// returned, passed to a method, stored in a local or elsewhere, or examined. Looks through
    /// operations that only pass the value on (conversions, ConfigureAwait, ?: and ?? branches,
    /// switch expression arms, null-conditional calls).
    /// </summary>
    internal static class ValueFlow
    {
        public static ValueUse Classify(IOperation value, TaskSymbols tasks)
        {
            var current = value;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case IConversionOperation conversion when conversion.Operand == current:
                    case IParenthesizedOperation:
                    case IConditionalOperation conditional when conditional.Condition != current:
                    case ICoalesceOperation:
                    case IConditionalAccessOperation access when access.WhenNotNull == current:
                        current = parent;
                        continue;

                    case ISwitchExpressionArmOperation arm when arm.Value == current && arm.Parent is ISwitchExpressionOperation switchExpression:
                        current = switchExpression;
                        continue;

                    case IConditionalAccessOperation access when access.Operation == current:
                        return MemberOfConditionalAccess(access, current);

                    case IInvocationOperation invocation when invocation.Instance == current:
                        if (tasks.IsAwaitable(current.Type))
                        {
                            switch (invocation.TargetMethod.Name)
                            {
                                case "ConfigureAwait":
                                    current = invocation;
                                    continue;
                                case "GetAwaiter" when invocation.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult
                                                       && getResult.Instance == invocation:
                                    return new ValueUse(ValueUseKind.Blocked, current, getResult);
                                case "Wait" when tasks.IsTask(current.Type):
                                    return new ValueUse(ValueUseKind.Waited, current, invocation, wrapsExceptions: true);
                            }
                        }

                        return new ValueUse(ValueUseKind.MemberAccess, current, invocation);

                    case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == current && tasks.IsTask(current.Type):
                        // Task<T>.Result wraps the exception; ValueTask<T>.Result rethrows it as is.
                        var wraps = current.Type is INamedTypeSymbol named
                            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, tasks.TaskOfT);
                        return new ValueUse(ValueUseKind.Blocked, current, result, wrapsExceptions: wraps);

                    case IMemberReferenceOperation member when member.Instance == current:
                        return new ValueUse(ValueUseKind.MemberAccess, current, member);

                    case IAwaitOperation await:
                        return new ValueUse(ValueUseKind.Awaited, current, await);

                    case IExpressionStatementOperation:
                        return new ValueUse(ValueUseKind.Discarded, current, parent);

                    case IAssignmentOperation assignment when assignment.Value == current:
                        return Assigned(assignment.Target, current, assignment);

                    case IVariableInitializerOperation initializer:
                        return initializer.Parent is IVariableDeclaratorOperation declarator
                            ? new ValueUse(ValueUseKind.StoredInLocal, current, declarator, declarator.Symbol)
                            : new ValueUse(ValueUseKind.Stored, current, parent);

                    case ISymbolInitializerOperation:
                        return new ValueUse(ValueUseKind.Stored, current, parent);

                    case IReturnOperation:
                        return new ValueUse(ValueUseKind.Returned, current, parent);

                    case IArgumentOperation argument:
                        return Argument(argument, current, tasks);

                    case IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation } creation }:
                        // An element of an array handed to a method (params Task[] of Task.WhenAll, ...).
                        current = creation;
                        continue;

                    case ITupleOperation tuple:
                        return TupleElement(tuple, current);

                    case IIsPatternOperation isPattern when isPattern.Value == current:
                    case ISwitchExpressionOperation switchExpression when switchExpression.Value == current:
                    case ISwitchOperation switchStatement when switchStatement.Value == current:
                        return new ValueUse(ValueUseKind.Pattern, current, parent);

                    case IInvalidOperation:
                        return new ValueUse(ValueUseKind.Invalid, current, parent);

                    default:
                        return new ValueUse(ValueUseKind.Other, current, parent);
                }
            }

            return new ValueUse(ValueUseKind.Other, current, null);
        }

        private static ValueUse Assigned(IOperation target, IOperation value, IOperation user) => target switch
        {
            IDiscardOperation => new ValueUse(ValueUseKind.Discarded, value, user),
            ILocalReferenceOperation local => new ValueUse(ValueUseKind.StoredInLocal, value, user, local.Local),
            IDeclarationExpressionOperation { Expression: var inner } => Assigned(inner, value, user),
            IInvalidOperation => new ValueUse(ValueUseKind.Invalid, value, user),
            _ => new ValueUse(ValueUseKind.Stored, value, user),
        };

        private static ValueUse Argument(IArgumentOperation argument, IOperation value, TaskSymbols tasks)
        {
            var receiver = argument.Parent;
            if (receiver is IInvocationOperation invocation && tasks.IsWaitAll(invocation.TargetMethod))
            {
                return new ValueUse(ValueUseKind.Waited, value, invocation, wrapsExceptions: true);
            }

            if (argument.Parameter is { RefKind: RefKind.Out or RefKind.Ref })
            {
                return new ValueUse(ValueUseKind.Stored, value, receiver);
            }

            return receiver is IInvalidOperation || argument.Parameter is null
                ? new ValueUse(ValueUseKind.Invalid, value, receiver)
                : new ValueUse(ValueUseKind.Argument, value, receiver);
        }

        /// <summary><c>var (a, b) = (x, y)</c>: x flows into a; other tuples keep the value out of reach.</summary>
        private static ValueUse TupleElement(ITupleOperation tuple, IOperation element)
        {
            var index = IndexOf(tuple.Elements, element);
            IOperation outer = tuple;
            while (outer.Parent is IConversionOperation conversion)
            {
                outer = conversion;
            }

            if (index >= 0
                && outer.Parent is IDeconstructionAssignmentOperation deconstruction
                && deconstruction.Value == outer)
            {
                var target = deconstruction.Target;
                if (target is IDeclarationExpressionOperation declaration)
                {
                    target = declaration.Expression;
                }

                if (target is ITupleOperation targets && index < targets.Elements.Length)
                {
                    return Assigned(targets.Elements[index], element, deconstruction);
                }
            }

            return new ValueUse(ValueUseKind.Stored, element, tuple);
        }

        /// <summary><c>value?.Member</c>: the use is the member reached through the conditional access.</summary>
        private static ValueUse MemberOfConditionalAccess(IConditionalAccessOperation access, IOperation value)
        {
            foreach (var descendant in access.WhenNotNull.DescendantsAndSelf())
            {
                if (descendant is IConditionalAccessInstanceOperation instance && instance.Parent is { } member)
                {
                    return new ValueUse(ValueUseKind.MemberAccess, value, member);
                }
            }

            return new ValueUse(ValueUseKind.Other, value, access);
        }

        private static int IndexOf(System.Collections.Immutable.ImmutableArray<IOperation> items, IOperation item)
        {
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i] == item)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
