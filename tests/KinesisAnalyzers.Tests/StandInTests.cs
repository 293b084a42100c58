using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests;

public class StandInTests
{
    [Fact]
    public async Task V3ShapeHasNonNullableCountsAndInitializedCollections()
    {
        const string source = """
            using Amazon.Kinesis.Model;
            class C
            {
                int Count(PutRecordsResponse r) => r.FailedRecordCount + r.Records.Count;
            }
            """;
        await AnalyzerVerifier<NoOpAnalyzer>.VerifyAsync(SdkShape.V3, source);
    }

    [Fact]
    public async Task V4ShapeHasNullableCountAndStaticServiceMembers()
    {
        const string source = """
            using Amazon.Kinesis;
            using Amazon.Kinesis.Model;
            using Amazon.Runtime;
            class C
            {
                int Count(PutRecordsResponse r) => {|CS0266:r.FailedRecordCount|};
                bool Failed(PutRecordsResponse r) => r.FailedRecordCount > 0;
                ClientConfig Config() => AmazonKinesisClient.CreateDefaultClientConfig();
            }
            """;
        await AnalyzerVerifier<NoOpAnalyzer>.VerifyAsync(SdkShape.V4, source);
    }
}
