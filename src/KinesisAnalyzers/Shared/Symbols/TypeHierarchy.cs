using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Class-hierarchy checks: by symbol, and by namespace and name for BCL types the rules
    /// recognise without resolving them (MemoryStream, Encoding, TextReader...).
    /// </summary>
    internal static class TypeHierarchy
    {
        /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it (generic types compared by definition).</summary>
        public static bool DerivesFrom(ITypeSymbol? type, ITypeSymbol baseType)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="type"/> is named <paramref name="name"/> in namespace <paramref name="ns"/>.</summary>
        public static bool Is(ITypeSymbol? type, string ns, string name) =>
            type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;

        /// <summary>True when <paramref name="type"/> or one of its base types is named <paramref name="name"/> in namespace <paramref name="ns"/>.</summary>
        public static bool DerivesFrom(ITypeSymbol? type, string ns, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (Is(current, ns, name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
