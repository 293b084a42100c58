namespace KinesisAnalyzers.Tests.CodeFixes;

/// <summary>Source builders shared by the code fix tests: producer code around a method body.</summary>
internal static class FixSources
{
    /// <summary>The rule tests' usings: code fixes see the same sources as the rules.</summary>
    public const string Usings = Infrastructure.TestSources.Usings;

    public const string Types = """

        public sealed class Order
        {
            public string Id { get; set; } = "";
            public string CustomerId { get; set; } = "";
            public int Number { get; set; }
            public override string ToString() => Id;
        }
        """;

    /// <summary><paramref name="body"/> as the body of <c>async Task SendAsync(...)</c> in a producer class.</summary>
    public static string InAsyncMethod(string body) => InClass($$"""
            async Task SendAsync(PutRecordRequest r, PutRecordsRequest batch, List<Order> orders, CancellationToken token)
            {
                {{body}}
            }
        """);

    /// <summary><paramref name="body"/> as the body of a synchronous <c>void Send(...)</c>.</summary>
    public static string InSyncMethod(string body) => InClass($$"""
            void Send(PutRecordRequest r, PutRecordsRequest batch, List<Order> orders)
            {
                {{body}}
            }
        """);

    public static string InClass(string members) => Usings + $$"""
        class Producer
        {
            private const string Stream = "orders";
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

        {{members}}
        }
        """ + Types;
}
