using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// What is known about how many entries a PutRecords request holds: a count that nothing
    /// bounds (with the source it comes from), or a constant number of entries (exact, or an
    /// upper bound such as Take(n) or Chunk(n) gives), plus whether some part is not known.
    /// </summary>
    internal readonly struct BatchCount
    {
        private BatchCount(string? unboundedSource, long count, bool exact, bool partial, IParameterSymbol? unboundedParameter = null)
        {
            UnboundedSource = unboundedSource;
            UnboundedParameter = unboundedParameter;
            Count = count;
            Exact = exact;
            Partial = partial;
        }

        /// <summary>The sequence whose every element becomes an entry, with no limit in sight; null when bounded.</summary>
        public string? UnboundedSource { get; }

        /// <summary>The parameter of the method that the unbounded sequence comes in through, when it does: its callers decide.</summary>
        public IParameterSymbol? UnboundedParameter { get; }

        /// <summary>The entries counted from constants.</summary>
        public long Count { get; }

        /// <summary>True when <see cref="Count"/> is exactly the number of entries of the counted part, not an upper bound.</summary>
        public bool Exact { get; }

        /// <summary>True when some entries could not be counted (a while loop, Take(n) with a variable n...).</summary>
        public bool Partial { get; }

        public bool IsUnbounded => UnboundedSource is not null;

        public static BatchCount Zero => new BatchCount(null, 0, exact: true, partial: false);

        /// <summary>Not known, and not to be reported.</summary>
        public static BatchCount Unknown => new BatchCount(null, 0, exact: false, partial: true);

        /// <summary>A constant count; a negative one (Enumerable.Range(0, -1) throws) counts as none.</summary>
        public static BatchCount Constant(long count, bool exact) => new BatchCount(null, System.Math.Max(0, count), exact, partial: false);

        public static BatchCount Unbounded(string source, IParameterSymbol? parameter = null) => new BatchCount(source, 0, exact: false, partial: false, parameter);

        public static BatchCount Plus(BatchCount left, BatchCount right) =>
            left.IsUnbounded ? left
            : right.IsUnbounded ? right
            : new BatchCount(null, Saturate(left.Count + right.Count), left.Exact && right.Exact, left.Partial || right.Partial);

        /// <summary>Entries added <paramref name="times"/> times (a loop around an Add).</summary>
        public static BatchCount Times(BatchCount entries, BatchCount times)
        {
            if (IsNone(entries) || IsNone(times))
            {
                return Zero;
            }

            if (entries.IsUnbounded)
            {
                return entries;
            }

            if (times.IsUnbounded)
            {
                return times;
            }

            var product = entries.Count == 0 || times.Count == 0 ? 0
                : entries.Count > long.MaxValue / times.Count ? long.MaxValue
                : entries.Count * times.Count;
            return new BatchCount(null, product, entries.Exact && times.Exact, entries.Partial || times.Partial);
        }

        private static bool IsNone(BatchCount count) => !count.IsUnbounded && count.Count == 0 && !count.Partial;

        private static long Saturate(long value) => value < 0 ? long.MaxValue : value;
    }
}
