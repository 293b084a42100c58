using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Whether code is complete enough to judge. Code being typed (missing tokens, arguments
    /// or members that do not bind) must never get a diagnostic it would lose a keystroke later.
    /// </summary>
    internal static class BoundCode
    {
        /// <summary>
        /// False when any part of <paramref name="operation"/> has a syntax error or does not bind, however
        /// deep (a request whose initializer is still being typed): an invalid operation, a conversion that
        /// does not exist (a method group given for a string), or a value whose type is, or is built on, a
        /// type that does not resolve (nameof(List&lt;Missing&gt;)).
        /// </summary>
        public static bool IsFullyBound(IOperation operation)
        {
            if (operation.Syntax.ContainsDiagnostics)
            {
                return false;
            }

            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is IInvalidOperation || node is IConversionOperation { Conversion.Exists: false } || ContainsErrorType(node.Type))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool ContainsErrorType(ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                    return false;
                case { TypeKind: TypeKind.Error }:
                    return true;
                case IArrayTypeSymbol array:
                    return ContainsErrorType(array.ElementType);
                case INamedTypeSymbol { IsGenericType: true } named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (ContainsErrorType(argument))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>True when the body holding <paramref name="operation"/> has code that does not bind.</summary>
        public static bool BodyHasUnboundCode(IOperation operation)
        {
            foreach (var descendant in MethodBody.Of(operation).Operations)
            {
                if (descendant is IInvalidOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
