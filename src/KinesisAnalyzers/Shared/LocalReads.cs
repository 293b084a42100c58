using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The places that read a local variable, searched in the whole body the variable lives in
    /// (its lambdas and local functions included), so a value stored in a local can be followed.
    /// </summary>
    internal static class LocalReads
    {
        /// <summary>Reads of <paramref name="local"/> in the executable root that contains <paramref name="anywhere"/>.</summary>
        public static List<ILocalReferenceOperation> Find(ILocalSymbol local, IOperation anywhere)
        {
            var reads = new List<ILocalReferenceOperation>();
            foreach (var operation in Root(anywhere).Descendants())
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

        /// <summary>The outermost operation: the member body, field initializer or top-level statements.</summary>
        public static IOperation Root(IOperation operation)
        {
            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return root;
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
    }
}
