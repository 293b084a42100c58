using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Tests.Infrastructure;

/// <summary>The AWS SDK major a test compilation mimics, with the stand-in Amazon.Kinesis sources for it.</summary>
public sealed class SdkShape
{
    // Declared first: the shapes below read it in their constructors.
    private static readonly Lazy<string> StandInSource = new(() =>
    {
        using var stream = typeof(SdkShape).Assembly.GetManifestResourceStream("AmazonKinesisStandIn.cs")
            ?? throw new InvalidOperationException("The stand-in resource is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static readonly SdkShape V3 = new("v3", "3.7.501.1", defineV4: false);
    public static readonly SdkShape V4 = new("v4", "4.0.102.19", defineV4: true);

    /// <summary>Both shapes: every rule test runs against each.</summary>
    public static IReadOnlyList<SdkShape> All { get; } = new[] { V3, V4 };

    /// <summary>Both shapes, for xunit MemberData.</summary>
    public static TheoryData<string> Names => new() { V3.Name, V4.Name };

    private SdkShape(string name, string coreVersion, bool defineV4)
    {
        Name = name;
        CoreVersion = coreVersion;
        StandIn = defineV4 ? "#define AWS_SDK_V4\n" + StandInSource.Value : StandInSource.Value;
        References = TestReferences.Net80.Add(TestReferences.AwsCore(coreVersion));
    }

    public string Name { get; }

    public string CoreVersion { get; }

    /// <summary>The stand-in declarations of the Amazon.Kinesis types, as source.</summary>
    public string StandIn { get; }

    /// <summary>net8.0 reference assemblies plus the real AWSSDK.Core of this major.</summary>
    public ImmutableArray<MetadataReference> References { get; }

    public static SdkShape Get(string name) => name switch
    {
        "v3" => V3,
        "v4" => V4,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected v3 or v4."),
    };

    public override string ToString() => Name;
}
