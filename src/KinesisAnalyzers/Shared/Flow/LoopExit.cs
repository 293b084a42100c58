using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Recognises a retry loop: a loop that is left as soon as an operation in its body has
    /// run (and not thrown). Such a loop repeats the same work until it succeeds; it does not
    /// do new work per iteration.
    /// </summary>
    internal static class LoopExit
    {
        /// <summary>
        /// True when, after <paramref name="operation"/> completes, <paramref name="loop"/> is left:
        /// the operation is returned (<c>return await Put(...)</c>), or a <c>return</c>, a
        /// <c>break</c> out of the loop, an <c>if</c> on the call's result that does either, or
        /// the assignment of a flag that the loop condition tests follows it in the loop body.
        /// </summary>
        public static bool IsLeftAfter(IOperation operation, ILoopOperation loop)
        {
            // A return inside a lambda or local function leaves only that function, not the loop.
            var functionsBetween = 0;
            for (var node = operation.Parent; node is not null && !ReferenceEquals(node, loop); node = node.Parent)
            {
                if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    functionsBetween++;
                }
            }

            for (var current = operation; current.Parent is { } parent && !ReferenceEquals(parent, loop); current = parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        functionsBetween--;
                        break;
                    case IReturnOperation when functionsBetween == 0 && parent.Kind == OperationKind.Return:
                        return true;
                    case IBlockOperation block when functionsBetween == 0 && ExitFollows(block, current, loop):
                        return true;
                }
            }

            return false;
        }

        private static bool ExitFollows(IBlockOperation block, IOperation statement, ILoopOperation loop)
        {
            var statements = block.Operations;
            var index = statements.IndexOf(statement);
            if (index < 0)
            {
                return false;
            }

            for (var i = index + 1; i < statements.Length; i++)
            {
                var next = statements[i];
                if (IsExit(next, loop) || SetsLoopFlag(next, loop))
                {
                    return true;
                }

                if (next is IConditionalOperation { WhenTrue: { } whenTrue } conditional
                    && IsExitBranch(whenTrue, loop)
                    && TestsLocalDeclaredBetween(conditional.Condition, statements, index, i))
                {
                    return true;
                }

                if (next is IBranchOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation })
                {
                    // continue, goto or throw: what follows is not reached on this path.
                    return false;
                }
            }

            return false;
        }

        private static bool IsExit(IOperation statement, ILoopOperation loop) => statement switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
            IReturnOperation => statement.Kind is OperationKind.Return or OperationKind.YieldBreak,
            _ => false,
        };

        private static bool IsExitBranch(IOperation branch, ILoopOperation loop)
        {
            if (IsExit(branch, loop))
            {
                return true;
            }

            if (branch is IBlockOperation block)
            {
                foreach (var statement in block.Operations)
                {
                    if (IsExit(statement, loop))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>sent = true;</c> where the loop runs while <c>!sent</c>: the flag form of a retry loop.
        /// </summary>
        private static bool SetsLoopFlag(IOperation statement, ILoopOperation loop)
        {
            if (statement is not IExpressionStatementOperation
                {
                    Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation flag, Value.ConstantValue: { HasValue: true, Value: bool } }
                })
            {
                return false;
            }

            var condition = loop switch
            {
                IWhileLoopOperation whileLoop => whileLoop.Condition,
                IForLoopOperation forLoop => forLoop.Condition,
                _ => null,
            };

            return condition is not null && ReadsLocal(condition, flag.Local);
        }

        /// <summary>True when <paramref name="condition"/> reads a local declared by statements[first..last): the result of the call.</summary>
        private static bool TestsLocalDeclaredBetween(IOperation condition, System.Collections.Immutable.ImmutableArray<IOperation> statements, int first, int last)
        {
            for (var i = first; i < last; i++)
            {
                if (statements[i] is not IVariableDeclarationGroupOperation group)
                {
                    continue;
                }

                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (ReadsLocal(condition, declarator.Symbol))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool ReadsLocal(IOperation operation, ILocalSymbol local)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
