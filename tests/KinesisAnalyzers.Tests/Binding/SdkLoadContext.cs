using System.Reflection;
using System.Runtime.Loader;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// A load context for code compiled against one SDK shape: it holds that major's real AWSSDK.Core (both majors are
/// named AWSSDK.Core); everything else, the runtime included, comes from the test's own context, so runtime types
/// such as IKinesisTransport and ShardSimulator are the test's types.
/// </summary>
internal sealed class SdkLoadContext : AssemblyLoadContext
{
    private readonly string _corePath;

    private SdkLoadContext(string name, string corePath)
        : base(name)
    {
        _corePath = corePath;
    }

    /// <summary>Loads <paramref name="image"/> (compiled for <paramref name="shape"/>) into a new context.</summary>
    public static Assembly Load(string name, SdkShape shape, byte[] image)
    {
        var context = new SdkLoadContext(name, BindingCompiler.CoreAssemblyPath(shape));
        using var stream = new MemoryStream(image);
        return context.LoadFromStream(stream);
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name == "AWSSDK.Core" ? LoadFromAssemblyPath(_corePath) : null;
}
