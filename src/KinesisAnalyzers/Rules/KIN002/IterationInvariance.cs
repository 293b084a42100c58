using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Answers "does this value have the same value in every iteration of this scope?" for a
    /// loop or a per-element lambda (<see cref="IterationScope"/>). It answers true only when it can
    /// show it: a parameter, field or local not assigned in the scope and not derived from the
    /// iteration variable, or text computed only from such values. Anything it cannot see through
    /// (a call, a metadata property, a local with several definitions) counts as varying.
    /// </summary>
    internal sealed class IterationInvariance
    {
        private const int MaxDepth = 12;

        private readonly IterationScope _scope;
        private readonly HashSet<ISymbol> _assignedInScope = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, IOperation?> _declaredInScope = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _functionsInScope = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<INamedTypeSymbol> _typesWithMethodsCalledInScope = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? _assignedInNestedFunctions;

        private IterationInvariance(IterationScope scope)
        {
            _scope = scope;
            Collect(scope.Owner, isRoot: true);
        }

        /// <summary>True when <paramref name="value"/> provably has the same value in every iteration of <paramref name="scope"/>.</summary>
        public static bool IsInvariant(IOperation value, IterationScope scope) => new IterationInvariance(scope).IsInvariant(value, 0);

        private bool IsInvariant(IOperation? value, int depth)
        {
            value = OperationValues.Unwrap(value);
            if (value is null || depth > MaxDepth || BoundCode.IsInvalid(value))
            {
                return false;
            }

            if (value.ConstantValue.HasValue || FixedValues.IsFixed(value))
            {
                return true;
            }

            switch (value)
            {
                case IInstanceReferenceOperation:
                    return true;
                case IParameterReferenceOperation parameter:
                    return !_functionsInScope.Contains(parameter.Parameter.ContainingSymbol)
                        && !IsDeclaredIn(parameter.Parameter, _scope.Owner)
                        && !_assignedInScope.Contains(parameter.Parameter)
                        && !AssignedInNestedFunction(parameter.Parameter);
                case ILocalReferenceOperation local:
                    return IsInvariantLocal(local.Local, depth);
                case IFieldReferenceOperation field:
                    return IsInvariantMember(field.Field, field.Field.IsReadOnly || field.Field.IsConst, field.Instance, depth);
                case IPropertyReferenceOperation property:
                    return property.Arguments.IsEmpty
                        && IsAutoProperty(property.Property)
                        && IsInvariantMember(property.Property, property.Property.SetMethod is null, property.Instance, depth);
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.All(part => part is not IInterpolationOperation interpolation || IsInvariant(interpolation.Expression, depth + 1));
                case IBinaryOperation binary:
                    return IsInvariant(binary.LeftOperand, depth + 1) && IsInvariant(binary.RightOperand, depth + 1);
                case IUnaryOperation unary:
                    return IsInvariant(unary.Operand, depth + 1);
                case IConditionalOperation { WhenFalse: not null } conditional:
                    return IsInvariant(conditional.Condition, depth + 1)
                        && IsInvariant(conditional.WhenTrue, depth + 1)
                        && IsInvariant(conditional.WhenFalse, depth + 1);
                case ICoalesceOperation coalesce:
                    return IsInvariant(coalesce.Value, depth + 1) && IsInvariant(coalesce.WhenNull, depth + 1);
                case IInvocationOperation invocation when FixedValues.IsPureStringMethod(invocation.TargetMethod):
                    return (invocation.Instance is null || IsInvariant(invocation.Instance, depth + 1))
                        && invocation.Arguments.All(argument => FixedValues.IsFormatProvider(argument.Value) || IsInvariant(argument.Value, depth + 1));
                default:
                    return false;
            }
        }

        private bool IsInvariantLocal(ILocalSymbol local, int depth)
        {
            if (local.IsRef)
            {
                return false;
            }

            if (_declaredInScope.TryGetValue(local, out var initializer))
            {
                // A fresh local each iteration: invariant when its only definition is.
                return initializer is not null
                    && !_assignedInScope.Contains(local)
                    && !AssignedInNestedFunction(local)
                    && IsInvariant(initializer, depth + 1);
            }

            if (IsDeclaredIn(local, _scope.Owner))
            {
                // Declared by a construct the walk above does not know: a fresh, unknown value each iteration.
                return false;
            }

            return !_assignedInScope.Contains(local) && !AssignedInNestedFunction(local);
        }

        private static bool IsDeclaredIn(ISymbol symbol, IOperation owner)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == owner.Syntax.SyntaxTree && owner.Syntax.Span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A field or auto-property of an invariant object: it changes only when assigned in the scope,
        /// or, when it is mutable, by a method of its type that the scope calls.
        /// </summary>
        private bool IsInvariantMember(ISymbol member, bool isReadOnly, IOperation? instance, int depth)
        {
            if (instance is not null && !IsInvariant(instance, depth + 1))
            {
                return false;
            }

            if (_assignedInScope.Contains(member))
            {
                return false;
            }

            return isReadOnly || !_typesWithMethodsCalledInScope.Contains(member.ContainingType);
        }

        /// <summary>Auto-properties hold what was stored; other getters may compute a new value per read.</summary>
        private static bool IsAutoProperty(IPropertySymbol property)
        {
            if (property.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol { IsImplicitlyDeclared: true } field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
                {
                    return true;
                }
            }

            return false;
        }

        private bool AssignedInNestedFunction(ISymbol symbol)
        {
            if (_assignedInNestedFunctions is null)
            {
                // A lambda or local function anywhere in the member may run inside the scope and assign a captured variable.
                _assignedInNestedFunctions = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var node in MethodBody.Of(_scope.Owner).Operations)
                {
                    if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        foreach (var inner in node.Descendants())
                        {
                            AddAssigned(inner, _assignedInNestedFunctions);
                        }
                    }
                }
            }

            return _assignedInNestedFunctions.Contains(symbol);
        }

        private void Collect(IOperation operation, bool isRoot)
        {
            if (operation is IAnonymousFunctionOperation lambda)
            {
                _functionsInScope.Add(lambda.Symbol);
            }
            else if (operation is ILocalFunctionOperation localFunction)
            {
                _functionsInScope.Add(localFunction.Symbol);
            }

            AddAssigned(operation, _assignedInScope);
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    _declaredInScope[declarator.Symbol] = declarator.Initializer?.Value;
                    break;
                case ILocalReferenceOperation { IsDeclaration: true } declared:
                    _declaredInScope[declared.Local] = null;
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol patternLocal }:
                    _declaredInScope[patternLocal] = null;
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol recursiveLocal }:
                    _declaredInScope[recursiveLocal] = null;
                    break;
                case IListPatternOperation { DeclaredSymbol: ILocalSymbol listLocal }:
                    _declaredInScope[listLocal] = null;
                    break;
                case IInvocationOperation { TargetMethod.ContainingType: { } type } when !type.DeclaringSyntaxReferences.IsEmpty:
                    _typesWithMethodsCalledInScope.Add(type);
                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                // The collection of a foreach is evaluated once, before the first iteration.
                if (isRoot && operation is IForEachLoopOperation forEach && ReferenceEquals(child, forEach.Collection))
                {
                    continue;
                }

                Collect(child, isRoot: false);
            }
        }

        private static void AddAssigned(IOperation operation, HashSet<ISymbol> assigned)
        {
            switch (operation)
            {
                case IAssignmentOperation assignment when operation is not IDeconstructionAssignmentOperation:
                    AddTarget(assignment.Target, assigned);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        AddTarget(target, assigned);
                    }

                    break;
                case IIncrementOrDecrementOperation increment:
                    AddTarget(increment.Target, assigned);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument:
                    AddTarget(argument.Value, assigned);
                    break;
            }
        }

        private static void AddTarget(IOperation? target, HashSet<ISymbol> assigned)
        {
            switch (OperationValues.Unwrap(target))
            {
                case ILocalReferenceOperation local:
                    assigned.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    assigned.Add(parameter.Parameter);
                    break;
                case IFieldReferenceOperation field:
                    assigned.Add(field.Field);
                    break;
                case IPropertyReferenceOperation property:
                    assigned.Add(property.Property);
                    break;
            }
        }
    }
}
