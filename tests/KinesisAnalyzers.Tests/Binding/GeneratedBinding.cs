using System.Collections.Concurrent;
using System.Reflection;
using KinesisAnalyzers.Binding;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// The generated binding compiled for one SDK shape together with <see cref="ScriptedKinesisSource"/>, loaded and
/// callable. Each shape gets its own load context holding that major's real AWSSDK.Core (both are named
/// AWSSDK.Core); everything else, the runtime included, comes from the test's own context, so runtime types such as
/// <see cref="KinesisPutRecordsException"/> and <see cref="IKinesisTransport"/> are the test's types.
/// </summary>
internal sealed class GeneratedBinding
{
    /// <summary>Retries without real waiting, so the tests stay fast.</summary>
    public static readonly KinesisBackoff TinyBackoff = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

    private static readonly ConcurrentDictionary<string, Lazy<Task<GeneratedBinding>>> Loaded = new();

    private readonly Assembly _assembly;

    private GeneratedBinding(Assembly assembly)
    {
        _assembly = assembly;
    }

    public static Task<GeneratedBinding> LoadAsync(string shapeName) =>
        Loaded.GetOrAdd(shapeName, name => new Lazy<Task<GeneratedBinding>>(() => BuildAsync(SdkShape.Get(name)))).Value;

    public Type Type(string name) => _assembly.GetType(name, throwOnError: true)!;

    /// <summary>A new scripted client (a subclass of the stand-in AmazonKinesisClient).</summary>
    public ScriptedClient NewClient() => new(Activator.CreateInstance(Type("Harness.ScriptedKinesis"))!);

    /// <summary>A PutRecordsRequest to stream "orders" with one entry per key (data "key-data"), or with Records null.</summary>
    public object Batch(params string[]? keys) => Call("Harness.Requests", "Batch", new object?[] { keys })!;

    public object Single(string key) => Call("Harness.Requests", "Single", key)!;

    public object Entry(object request, int index) => Call("Harness.Requests", "Entry", request, index)!;

    public int EntryCount(object request) => (int)Call("Harness.Requests", "EntryCount", request)!;

    public object? RecordsList(object request) => Call("Harness.Requests", "RecordsList", request);

    public long[] Positions(object request) => (long[])Call("Harness.Requests", "Positions", request)!;

    /// <summary>"sequence|shard|code" per result entry of a PutRecordsResponse, or null when its Records is null.</summary>
    public string[]? Describe(object response) => (string[]?)Call("Harness.Requests", "Describe", response);

    public int? FailedRecordCount(object response) => (int?)Call("Harness.Requests", "FailedRecordCount", response);

    /// <summary>The internal retry loop behind PutRecordsWithRetryAsync, with a tiny backoff.</summary>
    public Task<object?> PutRecordsAsync(ScriptedClient client, object? request, int maxAttempts = 8, CancellationToken cancellationToken = default) =>
        AwaitResult(Call(RetryExtensionsSource.RetryMetadataName, "PutRecordsAsync", client.Instance, request, TinyBackoff, maxAttempts, cancellationToken));

    /// <summary>The internal retry loop behind PutRecordWithRetryAsync, with a tiny backoff.</summary>
    public Task<object?> PutRecordAsync(ScriptedClient client, object? request, int maxAttempts = 8, CancellationToken cancellationToken = default) =>
        AwaitResult(Call(RetryExtensionsSource.RetryMetadataName, "PutRecordAsync", client.Instance, request, TinyBackoff, maxAttempts, cancellationToken));

    /// <summary>A public extension method, as users call it (default backoff and attempts).</summary>
    public object? CallExtension(string name, params object?[] arguments) => Call(BindingPrerequisites.ExtensionsMetadataName, name, arguments);

    public IKinesisTransport NewTransport(ScriptedClient client) =>
        (IKinesisTransport)Activator.CreateInstance(Type(TransportAdapterSource.MetadataName), client.Instance)!;

    public object? Call(string typeName, string methodName, params object?[] arguments)
    {
        var method = Type(typeName).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, methodName);
        return method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
    }

    public static async Task<object?> AwaitResult(object? task)
    {
        var awaitable = (Task)task!;
        await awaitable;
        return awaitable.GetType().GetProperty("Result")!.GetValue(awaitable);
    }

    private static async Task<GeneratedBinding> BuildAsync(SdkShape shape)
    {
        var compilation = await BindingCompiler.CreateWithStandInAsync(shape, ScriptedKinesisSource.Text, SdkErrorsSource.Text);
        var (output, run) = BindingCompiler.Generate(compilation);
        Assert.Equal(2, run.GeneratedSources.Length);
        var image = BindingCompiler.Emit(output);
        return new GeneratedBinding(SdkLoadContext.Load($"binding-{shape.Name}", shape, image));
    }
}
