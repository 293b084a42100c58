using System.Collections.Concurrent;
using System.Reflection;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Tests.Binding;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.CodeFixes.Sample;

/// <summary>
/// The sample's code (before or after its fixes) compiled as the sample project compiles it (SDK v4 stand-in, the
/// generator's binding, the runtime), with <see cref="SimulatedKinesisSource"/>, loaded and runnable against a
/// <see cref="ShardSimulator"/>. Each distinct source is compiled once.
/// </summary>
internal sealed class SampleAssembly
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SampleAssembly>>> Compiled = new();

    private readonly Assembly _assembly;

    private SampleAssembly(Assembly assembly)
    {
        _assembly = assembly;
    }

    public static Task<SampleAssembly> LoadAsync(string code) =>
        Compiled.GetOrAdd(code, source => new Lazy<Task<SampleAssembly>>(() => BuildAsync(source))).Value;

    /// <summary>Runs OrderPublisher.<paramref name="method"/> on <paramref name="count"/> orders with <paramref name="keys"/> distinct ids.</summary>
    public async Task<SampleRun> RunAsync(string method, ShardSimulator simulator, int count, int keys)
    {
        var client = Activator.CreateInstance(_assembly.GetType("Harness.SimulatedKinesis", throwOnError: true)!, simulator)!;
        var driver = _assembly.GetType("Harness.SampleDriver", throwOnError: true)!;
        var run = (Task<Exception?>)driver.GetMethod("RunAsync")!.Invoke(null, new object[] { method, client, count, keys })!;
        var thrown = await run;
        var requests = (int)client.GetType().GetProperty("Requests")!.GetValue(client)!;
        return new SampleRun(thrown, requests);
    }

    private static async Task<SampleAssembly> BuildAsync(string code)
    {
        var shape = SdkShape.V4;
        var compilation = await BindingCompiler.CreateWithStandInAsync(shape, "#pragma warning disable CS1591\n" + code, SimulatedKinesisSource.Text, SdkErrorsSource.Text);
        var (output, _) = BindingCompiler.Generate(compilation);
        return new SampleAssembly(SdkLoadContext.Load("sample-" + Guid.NewGuid().ToString("N"), shape, BindingCompiler.Emit(output)));
    }
}

/// <summary>What one run of a sample method did: the exception it threw (or null) and the HTTP requests it made.</summary>
internal sealed record SampleRun(Exception? Thrown, int Requests);
