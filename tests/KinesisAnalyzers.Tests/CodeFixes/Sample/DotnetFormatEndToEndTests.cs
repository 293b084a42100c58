using Xunit.Abstractions;

namespace KinesisAnalyzers.Tests.CodeFixes.Sample;

/// <summary>
/// The code fixes as CI applies them (see <see cref="FormattedSample"/>): one <c>dotnet format analyzers</c> call with
/// every rule leaves a sample that builds with no errors and without KIN001, KIN003 or KIN004, whichever order dotnet
/// format applies the fixes of a call that carries two rules in.
/// </summary>
[Collection(FormattedSampleCollection.Name)]
public class DotnetFormatEndToEndTests
{
    private readonly FormattedSample _sample;

    public DotnetFormatEndToEndTests(FormattedSample sample, ITestOutputHelper output)
    {
        _sample = sample;
        output.WriteLine(sample.Log);
        output.WriteLine("before: " + sample.Before.Describe());
        output.WriteLine("after:  " + sample.After.Describe());
        output.WriteLine(sample.AfterCode);
    }

    [Fact]
    public void SampleIsFixedByOneDotnetFormatCallAndBuildsClean()
    {
        Assert.True(_sample.Before.Errors.Count == 0, string.Join("\n", _sample.Before.Errors));
        Assert.Contains("KIN001", _sample.Before.Counts.Keys);
        Assert.Contains("KIN003", _sample.Before.Counts.Keys);
        Assert.Contains("KIN004", _sample.Before.Counts.Keys);
        Assert.True(_sample.Format.ExitCode == 0, _sample.Format.Output);

        Assert.True(_sample.After.Errors.Count == 0, string.Join("\n", _sample.After.Errors));
        Assert.DoesNotContain("KIN001", _sample.After.Counts.Keys);
        Assert.DoesNotContain("KIN003", _sample.After.Counts.Keys);
        Assert.DoesNotContain("KIN004", _sample.After.Counts.Keys);
    }

    [Fact]
    public void EachMistakeGetsItsRewrite()
    {
        var code = _sample.AfterCode;
        // PublishOneByOne carries KIN001 and KIN003 on one call: batched either way (KIN001's fix also takes the renamed put).
        Assert.Matches(@"await kinesis\.PutRecordsInBatchesWithRetryAsync\(\s*Stream,\s*orders\.Select\(", code);
        Assert.DoesNotContain("PutRecordWithRetryAsync", code);
        // PublishBatch carries KIN004 and KIN006 on one call: split either way (KIN006 also judges the renamed call).
        Assert.Contains("await kinesis.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records);", code);
        Assert.DoesNotContain("PutRecordsWithRetryAsync(request)", code);
        Assert.Contains("PartitionKey = order.Id,", code);
        Assert.Contains("if (bytes.Length > 1048576)", code);
    }
}
