using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

internal static class MSBuildRegistration
{
    /// <summary>
    /// Points MSBuildWorkspace at the SDK's MSBuild. It must run before any method that touches
    /// MSBuildWorkspace is JIT-compiled, so it runs when the test assembly loads.
    /// </summary>
#pragma warning disable CA2255 // a module initializer is the one place that runs early enough
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}
