using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN004IgnoredPutRecordsFailuresAnalyzer, KinesisAnalyzers.CodeFixes.KIN004IgnoredPutRecordsFailuresCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN004IgnoredPutRecordsFailuresCodeFixTests
{
    public class Fixed
    {
        [Fact]
        public Task DiscardedResponseUsesTheRetryMethod() => Verify.VerifyAsync(
            InAsyncMethod("await {|KIN004:client.PutRecordsAsync(batch)|};"),
            InAsyncMethod("await client.PutRecordsWithRetryAsync(batch);"));

        [Fact]
        public Task FixAllFixesEveryIgnoredBatch() => Verify.VerifyAsync(
            InAsyncMethod("await {|KIN004:client.PutRecordsAsync(batch)|};\n        await {|KIN004:client.PutRecordsAsync(batch, token)|};"),
            InAsyncMethod("await client.PutRecordsWithRetryAsync(batch);\n        await client.PutRecordsWithRetryAsync(batch, token);"),
            fixAll: true);

        [Fact]
        public Task ResponseVariableIsKept() => Verify.VerifyAsync(
            InAsyncMethod("""
                var response = await {|KIN004:client.PutRecordsAsync(batch, token)|};
                Console.WriteLine(response.Records.Count);
                """),
            InAsyncMethod("""
                var response = await client.PutRecordsWithRetryAsync(batch, token);
                Console.WriteLine(response.Records.Count);
                """));

        [Fact]
        public Task StatusCodeOnlyCheckKeepsCompiling() => Verify.VerifyAsync(
            InAsyncMethod("""
                var response = await {|KIN004:client.PutRecordsAsync(batch)|};
                if (response.HttpStatusCode != System.Net.HttpStatusCode.OK) throw new InvalidOperationException();
                """),
            InAsyncMethod("""
                var response = await client.PutRecordsWithRetryAsync(batch);
                if (response.HttpStatusCode != System.Net.HttpStatusCode.OK) throw new InvalidOperationException();
                """));

        [Fact]
        public Task DroppedTaskInAnAsyncMethodIsAwaited() => Verify.VerifyAsync(
            InAsyncMethod("{|KIN004:client.PutRecordsAsync(batch)|};"),
            InAsyncMethod("await client.PutRecordsWithRetryAsync(batch);"));

        [Fact]
        public Task CSharp73ProjectGetsTheSameFix() => Verify.VerifyAsync(
            InAsyncMethod("await {|KIN004:client.PutRecordsAsync(batch)|};"),
            InAsyncMethod("await client.PutRecordsWithRetryAsync(batch);"),
            LanguageVersion.CSharp7_3);
    }

    public class FixAll
    {
        [Theory]
        [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
        public async Task EveryCallOfTheProjectIsFixed(string shape)
        {
            var test = await Verify.CreateTestAsync(
                SdkShape.Get(shape),
                InAsyncMethod("await {|KIN004:client.PutRecordsAsync(batch)|}; await {|KIN004:client.PutRecordsAsync(batch)|};"),
                InAsyncMethod("await client.PutRecordsWithRetryAsync(batch); await client.PutRecordsWithRetryAsync(batch);"));
            test.TestState.Sources.Add(("Second.cs", Usings + "class Second { async Task Go(IAmazonKinesis k, PutRecordsRequest b) { await {|KIN004:k.PutRecordsAsync(b)|}; } }"));
            test.FixedState.Sources.Add(("Second.cs", Usings + "class Second { async Task Go(IAmazonKinesis k, PutRecordsRequest b) { await k.PutRecordsWithRetryAsync(b); } }"));
            await test.RunAsync();
        }
    }

    public class NotFixed
    {
        [Fact]
        public Task SynchronousPutRecordsHasNoSafeCounterpart() =>
            Verify.VerifyNoFixAsync(InSyncMethod("{|KIN004:client.PutRecords(batch)|};"));

        [Fact]
        public Task BlockingWaitIsLeftAlone() =>
            Verify.VerifyNoFixAsync(InSyncMethod("{|KIN004:client.PutRecordsAsync(batch)|}.Wait();"));

        [Fact]
        public Task DroppedTaskInASyncMethodCannotBeAwaited() =>
            Verify.VerifyNoFixAsync(InSyncMethod("{|KIN004:client.PutRecordsAsync(batch)|};"));
    }
}
