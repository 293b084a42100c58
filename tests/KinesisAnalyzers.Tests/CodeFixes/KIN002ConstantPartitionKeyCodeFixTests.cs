using KinesisAnalyzers.CodeFixes;
using KinesisAnalyzers.Tests.Infrastructure;
using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN002ConstantPartitionKeyAnalyzer, KinesisAnalyzers.CodeFixes.KIN002ConstantPartitionKeyCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN002ConstantPartitionKeyCodeFixTests
{
    private const string SelectBatch = """
        var request = new PutRecordsRequest
        {
            StreamName = Stream,
            Records = orders.Select(order => new PutRecordsRequestEntry
            {
                PartitionKey = {|KIN002:"orders"|},
                Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
            }).ToList(),
        };
        await client.PutRecordsAsync(request);
        """;

    public class Fixed
    {
        [Fact]
        public Task KeyBecomesTheElementsId() => Verify.VerifyAsync(
            InAsyncMethod(SelectBatch),
            InAsyncMethod(SelectBatch.Replace("""{|KIN002:"orders"|}""", "order.Id")));

        [Fact]
        public Task FixAllFixesEveryConstantKey() => Verify.VerifyAsync(
            InAsyncMethod(SelectBatch + "\n        " + SelectBatch.Replace("var request", "var again").Replace("(request)", "(again)")),
            InAsyncMethod((SelectBatch + "\n        " + SelectBatch.Replace("var request", "var again").Replace("(request)", "(again)"))
                .Replace("""{|KIN002:"orders"|}""", "order.Id")),
            fixAll: true);

        [Theory]
        [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
        public async Task RandomKeyIsTheSecondChoice(string shape)
        {
            var test = await Verify.CreateTestAsync(
                SdkShape.Get(shape),
                InAsyncMethod(SelectBatch),
                InAsyncMethod(SelectBatch.Replace("""{|KIN002:"orders"|}""", "Guid.NewGuid().ToString()")));
            test.CodeActionEquivalenceKey = KIN002ConstantPartitionKeyCodeFixProvider.RandomKeyEquivalenceKey;
            test.CodeActionIndex = 1;
            test.CodeFixTestBehaviors |= Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllCheck;
            await test.RunAsync();
        }

        [Fact]
        public Task LoopIndexIsUsedWhenTheElementHasNoId() => Verify.VerifyAsync(
            InAsyncMethod("""
                for (var i = 0; i < 10; i++)
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = {|KIN002:"all"|}, Data = new MemoryStream(new byte[] { 1 }) });
                }
                """),
            InAsyncMethod("""
                for (var i = 0; i < 10; i++)
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = i.ToString(CultureInfo.InvariantCulture), Data = new MemoryStream(new byte[] { 1 }) });
                }
                """).Replace("using System.Collections.Generic;\n", "using System.Collections.Generic;\nusing System.Globalization;\n"));
    }

    public class NotFixed
    {
        [Fact]
        public Task KeySetOnceBeforeTheLoopWouldStayConstant() => Verify.VerifyNoFixAsync(InAsyncMethod("""
            var request = new PutRecordRequest { StreamName = Stream, PartitionKey = {|KIN002:"all"|} };
            foreach (var order in orders)
            {
                request.Data = new MemoryStream(Encoding.UTF8.GetBytes(order.Id));
                await client.PutRecordAsync(request);
            }
            """));
    }
}
