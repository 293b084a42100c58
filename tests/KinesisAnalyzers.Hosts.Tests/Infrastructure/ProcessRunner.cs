using System.Diagnostics;
using System.Text;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>The outcome of a finished command: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"`{CommandLine}` exited with {ExitCode}:\n{Output}";
}

/// <summary>Runs a command to completion, capturing stdout and stderr together.</summary>
public static class ProcessRunner
{
    // Generous: a cold restore or pack on a busy 2-core machine takes minutes. Only a hang reaches it.
    private static readonly TimeSpan HangTimeout = TimeSpan.FromMinutes(10);

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Keep the CLI quiet and its output plain, whoever runs the tests.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var commandLine = fileName + " " + string.Join(" ", start.ArgumentList);
        using var timeout = new CancellationTokenSource(HangTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {HangTimeout}:\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString());
        }
    }

    public static Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("dotnet", arguments, workingDirectory);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
