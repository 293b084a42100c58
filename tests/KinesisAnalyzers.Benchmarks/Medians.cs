namespace KinesisAnalyzers.Benchmarks;

/// <summary>The summaries every benchmark prints: medians, which one disturbed round on a noisy machine does not move.</summary>
internal static class Medians
{
    /// <summary>The middle value (the upper one of an even count).</summary>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>
    /// How much more <paramref name="measured"/> took than <paramref name="against"/>, in percent: the median of
    /// the per-round ratios, so each round is compared with the round run next to it.
    /// </summary>
    public static double OverheadPercent(IEnumerable<double> against, IEnumerable<double> measured) =>
        (Of(against.Zip(measured, (x, y) => y / x)) - 1) * 100;
}
