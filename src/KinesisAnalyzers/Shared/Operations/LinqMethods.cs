using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>How a LINQ (or collection-building) method changes the number of elements of its source.</summary>
    internal enum LinqShape
    {
        /// <summary>Not a method this classification knows.</summary>
        Unknown,

        /// <summary>At most as many elements as the source: Select, Where, OrderBy, Skip, Distinct, ToList, ToArray...</summary>
        KeepsOrFilters,

        /// <summary>At most n elements: Take(n), TakeLast(n).</summary>
        Takes,

        /// <summary>The source in pieces of at most n elements: Chunk(n).</summary>
        Chunks,

        /// <summary>Source plus one element: Append, Prepend.</summary>
        AddsOne,

        /// <summary>Source plus another sequence: Concat, Union.</summary>
        Joins,

        /// <summary>Any number of elements per source element: SelectMany.</summary>
        Expands,
    }

    internal static class LinqMethods
    {
        /// <summary>Classifies System.Linq.Enumerable/Queryable methods and the ToList-style conversions of System.Collections.Immutable.</summary>
        public static LinqShape Classify(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return LinqShape.Unknown;
            }

            var ns = type.ContainingNamespace?.ToDisplayString();
            var isLinq = ns == "System.Linq" && type.Name is "Enumerable" or "Queryable" or "AsyncEnumerable";
            var isImmutable = ns == "System.Collections.Immutable" && type.Name.StartsWith("Immutable", System.StringComparison.Ordinal);
            if (!isLinq && !isImmutable)
            {
                return LinqShape.Unknown;
            }

            switch (method.Name)
            {
                case "Take":
                case "TakeLast":
                    return LinqShape.Takes;
                case "Chunk":
                    return LinqShape.Chunks;
                case "Append":
                case "Prepend":
                    return LinqShape.AddsOne;
                case "Concat":
                case "Union":
                case "UnionBy":
                    return LinqShape.Joins;
                case "SelectMany":
                    return LinqShape.Expands;
                case "Select":
                case "Where":
                case "OrderBy":
                case "OrderByDescending":
                case "ThenBy":
                case "ThenByDescending":
                case "Order":
                case "OrderDescending":
                case "Reverse":
                case "Skip":
                case "SkipLast":
                case "SkipWhile":
                case "TakeWhile":
                case "Distinct":
                case "DistinctBy":
                case "Cast":
                case "OfType":
                case "AsEnumerable":
                case "AsQueryable":
                case "ToList":
                case "ToArray":
                case "ToHashSet":
                case "ToListAsync":
                case "ToArrayAsync":
                case "ToImmutableArray":
                case "ToImmutableList":
                case "Except":
                case "ExceptBy":
                case "Intersect":
                case "IntersectBy":
                case "DefaultIfEmpty":
                    return LinqShape.KeepsOrFilters;
                default:
                    return LinqShape.Unknown;
            }
        }
    }
}
