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

        /// <summary>
        /// True for a value the compiler could not bind or parse (looking through conversions and awaits, not into
        /// its parts, which <see cref="IsFullyBound"/> does): an invalid operation, a value of an
        /// error type, a conversion that does not exist, or syntax with errors in it.
        /// </summary>
        public static bool IsInvalid(IOperation? operation)
        {
            while (true)
            {
                if (operation is null or IInvalidOperation
                    || operation.Type is { TypeKind: TypeKind.Error }
                    || operation.Syntax.ContainsDiagnostics)
                {
                    return true;
                }

                switch (operation)
                {
                    case IConversionOperation conversion when !conversion.Conversion.Exists:
                        return true;
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IAwaitOperation awaited:
                        operation = awaited.Operation;
                        break;
                    default:
                        return false;
                }
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
