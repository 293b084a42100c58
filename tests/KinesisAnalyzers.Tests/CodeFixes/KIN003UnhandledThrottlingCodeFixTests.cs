using KinesisAnalyzers.CodeFixes;
using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN003UnhandledThrottlingAnalyzer, KinesisAnalyzers.CodeFixes.KIN003UnhandledThrottlingCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN003UnhandledThrottlingCodeFixTests
{
    public class Fixed
    {
        [Fact]
        public Task AwaitedCallUsesTheRetryMethod() => Verify.VerifyAsync(
            InAsyncMethod("await {|KIN003:client.PutRecordAsync(r)|};"),
            InAsyncMethod("await client.PutRecordWithRetryAsync(r);"));

        [Fact]
        public Task ResponseVariableAndCancellationTokenAreKept() => Verify.VerifyAsync(
            InAsyncMethod("var response = await {|KIN003:client.PutRecordAsync(r, token)|}.ConfigureAwait(false); Console.WriteLine(response.SequenceNumber);"),
            InAsyncMethod("var response = await client.PutRecordWithRetryAsync(r, token).ConfigureAwait(false); Console.WriteLine(response.SequenceNumber);"));

        [Fact]
        public Task DroppedTaskInAnAsyncMethodIsAwaited() => Verify.VerifyAsync(
            InAsyncMethod("""
                // send it
                {|KIN003:client.PutRecordAsync(r)|}; // no wait
                """),
            InAsyncMethod("""
                // send it
                await client.PutRecordWithRetryAsync(r); // no wait
                """));

        [Fact]
        public Task DiscardedTaskInAnAsyncLambdaIsAwaited() => Verify.VerifyAsync(
            InAsyncMethod("Func<Task> send = async () => { _ = {|KIN003:client.PutRecordAsync(r)|}; }; await send();"),
            InAsyncMethod("Func<Task> send = async () => { await client.PutRecordWithRetryAsync(r); }; await send();"));

        [Fact]
        public Task CSharp73ProjectGetsTheSameFix() => Verify.VerifyAsync(
            InAsyncMethod("var response = await {|KIN003:client.PutRecordAsync(r)|}; Console.WriteLine(response.ShardId);"),
            InAsyncMethod("var response = await client.PutRecordWithRetryAsync(r); Console.WriteLine(response.ShardId);"),
            LanguageVersion.CSharp7_3);

        [Fact]
        public Task ConcreteClientReceiverIsFixed() => Verify.VerifyAsync(
            InAsyncMethod("var concrete = new AmazonKinesisClient(); await {|KIN003:concrete.PutRecordAsync(r)|};"),
            InAsyncMethod("var concrete = new AmazonKinesisClient(); await concrete.PutRecordWithRetryAsync(r);"));
    }

    public class FixAll
    {
        [Fact]
        public Task EveryCallOfTheDocumentIsFixed() => Verify.VerifyAsync(
            InAsyncMethod("""
                await {|KIN003:client.PutRecordAsync(r)|};
                {|KIN003:client.PutRecordAsync(r)|};
                var second = await {|KIN003:client.PutRecordAsync(r)|};
                """),
            InAsyncMethod("""
                await client.PutRecordWithRetryAsync(r);
                await client.PutRecordWithRetryAsync(r);
                var second = await client.PutRecordWithRetryAsync(r);
                """),
            fixAll: true);

        [Theory]
        [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
        public async Task EveryCallOfTheProjectIsFixed(string shape)
        {
            var test = await Verify.CreateTestAsync(
                SdkShape.Get(shape),
                InAsyncMethod("await {|KIN003:client.PutRecordAsync(r)|};"),
                InAsyncMethod("await client.PutRecordWithRetryAsync(r);"));
            test.TestState.Sources.Add(("Second.cs", Usings + "class Second { async Task Go(IAmazonKinesis k, PutRecordRequest r) { await {|KIN003:k.PutRecordAsync(r)|}; } }"));
            test.FixedState.Sources.Add(("Second.cs", Usings + "class Second { async Task Go(IAmazonKinesis k, PutRecordRequest r) { await k.PutRecordWithRetryAsync(r); } }"));
            test.CodeFixTestBehaviors |= Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
            await test.RunAsync();
        }
    }

    public class NotFixed
    {
        [Fact]
        public Task SynchronousPutRecordHasNoSafeCounterpart() =>
            Verify.VerifyNoFixAsync(InSyncMethod("var response = {|KIN003:client.PutRecord(r)|}; Console.WriteLine(response.SequenceNumber);"));

        [Theory]
        [InlineData("{|KIN003:client.PutRecordAsync(r)|}.Wait();")]
        [InlineData("var response = {|KIN003:client.PutRecordAsync(r)|}.Result;")]
        [InlineData("var response = {|KIN003:client.PutRecordAsync(r)|}.GetAwaiter().GetResult();")]
        public Task BlockingWaitsAreLeftAlone(string body) => Verify.VerifyNoFixAsync(InSyncMethod(body));

        [Fact]
        public Task DroppedTaskInASyncMethodCannotBeAwaited() =>
            Verify.VerifyNoFixAsync(InSyncMethod("{|KIN003:client.PutRecordAsync(r)|};"));

        [Theory]
        [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
        public async Task ProjectWithoutTheRuntimeHasNoBindingToCall(string shape)
        {
            var source = InAsyncMethod("await {|KIN003:client.PutRecordAsync(r)|};");
            var test = await Verify.CreateTestAsync(SdkShape.Get(shape), source, source, withRuntime: false);
            await test.RunAsync();
        }
    }
}
