using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The operations of the method body (or top-level program, or initializer) that holds an
    /// operation, what its locals are given and where they are read. Rules use it to follow a
    /// value back to where it was made or on to where it is used, and to look for checks written
    /// before a call in the same method. Lambdas and local functions belong to the body they are
    /// written in.
    /// </summary>
    internal sealed class MethodBody
    {
        // One per body, shared by every rule: the semantic model hands all of them the same operation tree.
        private static readonly ConditionalWeakTable<IOperation, MethodBody> Bodies = new ConditionalWeakTable<IOperation, MethodBody>();

        private ImmutableArray<IOperation> _operations;
        private Dictionary<ILocalSymbol, List<IOperation>>? _localOperations;

        private MethodBody(IOperation root)
        {
            Root = root;
        }

        public IOperation Root { get; }

        /// <summary>Every operation of the body, in source order (computed once, on first use).</summary>
        public ImmutableArray<IOperation> Operations
        {
            get
            {
                if (_operations.IsDefault)
                {
                    var builder = ImmutableArray.CreateBuilder<IOperation>();
                    builder.Add(Root);
                    foreach (var operation in Root.Descendants())
                    {
                        builder.Add(operation);
                    }

                    ImmutableInterlocked.InterlockedInitialize(ref _operations, builder.ToImmutable());
                }

                return _operations;
            }
        }

        /// <summary>The body holding <paramref name="operation"/>: its outermost operation (member body, field initializer or top-level statements).</summary>
        public static MethodBody Of(IOperation operation)
        {
            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return Bodies.GetValue(root, r => new MethodBody(r));
        }

        /// <summary>The operations that declare, reference or pattern-declare <paramref name="local"/>, in source order (indexed once per body).</summary>
        private List<IOperation> OperationsOf(ILocalSymbol local)
        {
            var index = _localOperations;
            if (index is null)
            {
                index = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
                foreach (var operation in Operations)
                {
                    var symbol = operation switch
                    {
                        IVariableDeclaratorOperation declarator => declarator.Symbol,
                        ILocalReferenceOperation reference => reference.Local,
                        IDeclarationPatternOperation pattern => pattern.DeclaredSymbol as ILocalSymbol,
                        _ => null,
                    };
                    if (symbol is not null)
                    {
                        if (!index.TryGetValue(symbol, out var operations))
                        {
                            operations = new List<IOperation>();
                            index.Add(symbol, operations);
                        }

                        operations.Add(operation);
                    }
                }

                index = Interlocked.CompareExchange(ref _localOperations, index, null) ?? index;
            }

            return index.TryGetValue(local, out var found) ? found : NoOperations;
        }

        private static readonly List<IOperation> NoOperations = new List<IOperation>();

        /// <summary>The places that read <paramref name="local"/> (its lambdas and local functions included), so a value stored in it can be followed.</summary>
        public List<ILocalReferenceOperation> ReadsOf(ILocalSymbol local)
        {
            var reads = new List<ILocalReferenceOperation>();
            foreach (var operation in OperationsOf(local))
            {
                if (operation is ILocalReferenceOperation reference
                    && !reference.IsDeclaration
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsWritten(reference))
                {
                    reads.Add(reference);
                }
            }

            return reads;
        }

        /// <summary>Everything the body writes to <paramref name="local"/>.</summary>
        public LocalWrites WritesOf(ILocalSymbol local)
        {
            var values = ImmutableArray.CreateBuilder<IOperation>();
            var opaque = false;
            IForEachLoopOperation? iteratedBy = null;

            foreach (var operation in OperationsOf(local))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.GetVariableInitializer() is { } initializer)
                        {
                            values.Add(initializer.Value);
                        }
                        else if (IsLoopVariable(declarator, out var loop))
                        {
                            iteratedBy = loop;
                        }
                        else if (declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation or IUsingOperation })
                        {
                            // A catch variable, or a declarator somewhere this walk does not model.
                            opaque = true;
                        }

                        break;

                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                        ClassifyReference(reference, values, ref opaque);
                        break;

                    case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                        opaque = true;
                        break;
                }
            }

            return new LocalWrites(values.ToImmutable(), opaque, iteratedBy);
        }

        /// <summary>The one value <paramref name="local"/> is ever given, when there is exactly one and no other kind of write.</summary>
        public bool TryGetSingleValue(ILocalSymbol local, out IOperation value)
        {
            var writes = WritesOf(local);
            if (!writes.IsOpaque && writes.IteratedBy is null && writes.Values.Length == 1)
            {
                value = writes.Values[0];
                return true;
            }

            value = null!;
            return false;
        }

        /// <summary>Simple assignments <c>local.Member = value</c> anywhere in the body.</summary>
        public IEnumerable<ISimpleAssignmentOperation> MemberAssignments(ISymbol instance, string memberName)
        {
            foreach (var operation in Operations)
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                    && property.Property.Name == memberName
                    && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(property.Instance), instance))
                {
                    yield return assignment;
                }
            }
        }

        /// <summary>The local, parameter, field or property an expression names, looking through conversions.</summary>
        public static ISymbol? ReferencedSymbol(IOperation? operation)
        {
            switch (OperationValues.Unwrap(operation))
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                    return property.Property;
                default:
                    return null;
            }
        }

        /// <summary>True when <paramref name="operation"/> lies inside <paramref name="ancestor"/>.</summary>
        public static bool IsInside(IOperation operation, IOperation ancestor)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (ReferenceEquals(current, ancestor))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWritten(ILocalReferenceOperation reference)
        {
            IOperation current = reference;
            var parent = current.Parent;

            // (a, b) = ... writes every local of the target tuple.
            while (parent is ITupleOperation or IDeclarationExpressionOperation)
            {
                current = parent;
                parent = current.Parent;
            }

            return parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target == current,
                IDeconstructionAssignmentOperation deconstruction => deconstruction.Target == current,
                IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
                _ => false,
            };
        }

        private static bool IsLoopVariable(IVariableDeclaratorOperation declarator, out IForEachLoopOperation loop)
        {
            IOperation? node = declarator.Parent;
            while (node is IVariableDeclarationOperation or IDeclarationExpressionOperation)
            {
                node = node.Parent;
            }

            loop = (node as IForEachLoopOperation)!;
            return loop is not null;
        }

        private static void ClassifyReference(ILocalReferenceOperation reference, ImmutableArray<IOperation>.Builder values, ref bool opaque)
        {
            if (reference.IsDeclaration)
            {
                // out var x, or a deconstruction into new locals.
                opaque = true;
                return;
            }

            IOperation node = reference;
            while (node.Parent is ITupleOperation or IConversionOperation)
            {
                node = node.Parent;
            }

            switch (node.Parent)
            {
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, reference):
                    if (assignment.IsRef)
                    {
                        opaque = true;
                    }
                    else
                    {
                        values.Add(assignment.Value);
                    }

                    break;
                case IDeconstructionAssignmentOperation deconstruction when ReferenceEquals(deconstruction.Target, node):
                case ICompoundAssignmentOperation compound when ReferenceEquals(compound.Target, reference):
                case ICoalesceAssignmentOperation coalesce when ReferenceEquals(coalesce.Target, reference):
                case IIncrementOrDecrementOperation:
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                    opaque = true;
                    break;
            }
        }
    }

    /// <summary>The values written to a local, whether it is written in ways not modelled, and the foreach loop it is the variable of.</summary>
    internal readonly struct LocalWrites
    {
        public LocalWrites(ImmutableArray<IOperation> values, bool isOpaque, IForEachLoopOperation? iteratedBy)
        {
            Values = values;
            IsOpaque = isOpaque;
            IteratedBy = iteratedBy;
        }

        public ImmutableArray<IOperation> Values { get; }

        public bool IsOpaque { get; }

        public IForEachLoopOperation? IteratedBy { get; }
    }
}
