using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace KinesisAnalyzers.Hosts.Tests.Infrastructure;

/// <summary>
/// A minimal Language Server Protocol client over a server's stdio (JSON-RPC with Content-Length headers):
/// requests and notifications out, answers to the server's own requests, and the diagnostics it publishes.
/// </summary>
public sealed class LanguageServerClient : IAsyncDisposable
{
    private readonly Process process;
    private readonly Func<string, JsonNode?, JsonNode?> answerServerRequest;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> pending = new();
    private readonly Dictionary<string, JsonArray> published = new(StringComparer.Ordinal);
    private readonly List<(string Path, Func<JsonArray, bool> Until, TaskCompletionSource<JsonArray> Done)> waiters = new();
    private readonly StringBuilder serverLog = new();
    private readonly TaskCompletionSource<Exception> stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task readLoop;
    private int nextId;

    private LanguageServerClient(Process process, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        this.process = process;
        this.answerServerRequest = answerServerRequest;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (serverLog)
            {
                serverLog.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts the server; <paramref name="answerServerRequest"/> answers its requests (method, params) => result.</summary>
    public static LanguageServerClient Start(string executable, string workingDirectory, Func<string, JsonNode?, JsonNode?> answerServerRequest)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new LanguageServerClient(Process.Start(start)!, answerServerRequest);
    }

    /// <summary>What the server wrote to stderr so far (for failure messages).</summary>
    public string ServerLog
    {
        get
        {
            lock (serverLog)
            {
                return serverLog.ToString();
            }
        }
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await Within(answer.Task, timeout, $"the answer to {method}");
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>
    /// Waits for the diagnostics the server publishes for a file to satisfy <paramref name="until"/>:
    /// on the publish event itself, with a timeout only against a server that never gets there.
    /// </summary>
    public Task<JsonArray> WaitForDiagnosticsAsync(string path, Func<JsonArray, bool> until, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (published)
        {
            if (published.TryGetValue(path, out var current) && until(current))
            {
                return Task.FromResult(current);
            }
            waiters.Add((path, until, done));
        }
        return Within(done.Task, timeout, $"diagnostics for {path} (last published: {LastPublished(path)})");
    }

    public string LastPublished(string path)
    {
        lock (published)
        {
            return published.TryGetValue(path, out var current) ? current.ToJsonString() : "none";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await RequestAsync("shutdown", null, TimeSpan.FromSeconds(30));
                await NotifyAsync("exit", null);
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(exited.Token);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // A server that does not shut down cleanly is ended below.
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }

    private async Task<T> Within<T>(Task<T> task, TimeSpan timeout, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(timeout), stopped.Task);
        if (finished == task)
        {
            return await task;
        }
        var reason = finished == stopped.Task ? "the server stopped: " + stopped.Task.Result.Message : $"no result within {timeout}";
        throw new TimeoutException($"Waiting for {what}: {reason}.\nServer log:\n{ServerLog}");
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await writeLock.WaitAsync();
        try
        {
            var stdin = process.StandardInput.BaseStream;
            await stdin.WriteAsync(header);
            await stdin.WriteAsync(body);
            await stdin.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var stdout = process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var length = await ReadContentLengthAsync(stdout);
                var body = new byte[length];
                await stdout.ReadExactlyAsync(body);
                await DispatchAsync(JsonNode.Parse(body)!.AsObject());
            }
        }
        catch (Exception e)
        {
            stopped.TrySetResult(e);
        }
    }

    private static async Task<int> ReadContentLengthAsync(Stream stdout)
    {
        var length = -1;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stdout.ReadAsync(one) == 0)
            {
                throw new EndOfStreamException("the server closed its output");
            }
            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }
            var header = line.ToString().TrimEnd('\r');
            line.Clear();
            if (header.Length == 0 && length >= 0)
            {
                return length;
            }
            if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(header["Content-Length:".Length..].Trim());
            }
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var method = (string?)message["method"];
        var id = message["id"];
        if (method is null)
        {
            // An answer to one of our requests.
            if (id is not null && pending.TryRemove((int)id, out var answer))
            {
                if (message["error"] is { } error)
                {
                    answer.TrySetException(new InvalidOperationException("LSP error: " + error.ToJsonString()));
                }
                else
                {
                    answer.TrySetResult(message["result"]?.DeepClone());
                }
            }
        }
        else if (id is not null)
        {
            var result = answerServerRequest(method, message["params"]);
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
        }
        else if (method == "textDocument/publishDiagnostics")
        {
            OnPublished(message["params"]!);
        }
    }

    private void OnPublished(JsonNode parameters)
    {
        var path = new Uri((string)parameters["uri"]!).LocalPath;
        var diagnostics = parameters["diagnostics"]!.AsArray();
        lock (published)
        {
            published[path] = diagnostics;
            foreach (var waiter in waiters.Where(w => w.Path == path && w.Until(diagnostics)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult(diagnostics);
            }
        }
    }
}
