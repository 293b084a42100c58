using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>The analyzer benchmarks' source files (producers that use Kinesis, and ordinary code of similar size that does not) and how they are compiled.</summary>
internal static class SourceCorpus
{
    /// <summary>How the files are parsed: C# 12, the v4 SDK's shapes.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, preprocessorSymbols: ["AWS_SDK_V4"]);

    /// <summary>How they are compiled: a library with nullable analysis on, as new projects are.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>One instance of each KIN analyzer in the package.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> KinesisAnalyzers() => typeof(KinesisRules).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>A producer file; with <paramref name="withFinding"/> its SendEach puts one record per loop iteration (a KIN001 finding), without it SendEach sends checked batches of 500 and the file has no finding.</summary>
    public static string KinesisFile(int i, bool withFinding = true) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        namespace Corpus.Kinesis{{i}};

        public sealed class Producer{{i}}
        {
            private readonly IAmazonKinesis _client;
            private const string Stream = "stream-{{i}}";
            public Producer{{i}}(IAmazonKinesis client) => _client = client;

            {{(withFinding ? SendEachOneByOne : SendEachInBatches)}}

            public async Task<int> SendBatch(IReadOnlyList<string> items)
            {
                var request = new PutRecordsRequest
                {
                    StreamName = Stream,
                    Records = items.Take(500).Select(x => new PutRecordsRequestEntry { PartitionKey = x, Data = new MemoryStream(Encoding.UTF8.GetBytes(x)) }).ToList(),
                };
                var response = await _client.PutRecordsAsync(request);
                return response.FailedRecordCount > 0 ? 1 : 0;
            }

            public async Task SendGuarded(string key, byte[] payload)
            {
                if (payload.Length > 1_000_000) throw new ArgumentException("too large");
                try
                {
                    await _client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = key, Data = new MemoryStream(payload) });
                }
                catch (ProvisionedThroughputExceededException)
                {
                    await Task.Delay({{i % 50 + 10}});
                }
            }

            public int Checksum(IEnumerable<int> values)
            {
                var total = 0;
                foreach (var v in values.Where(v => v % {{i % 7 + 2}} == 0)) total += v * {{i}};
                return total;
            }
        }
        """;

    public static string PlainFile(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;

        namespace Corpus.Plain{{i}};

        public sealed class Writer{{i}}
        {
            private readonly Stream _sink;
            public Writer{{i}}(Stream sink) => _sink = sink;

            public async Task WriteEach(IEnumerable<string> items)
            {
                foreach (var item in items)
                {
                    var bytes = Encoding.UTF8.GetBytes(item);
                    await _sink.WriteAsync(bytes, 0, bytes.Length);
                }
            }

            public async Task<int> WriteBatch(IReadOnlyList<string> items)
            {
                var lines = items.Take(500).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
                var payload = Encoding.UTF8.GetBytes(string.Join("\n", lines));
                await _sink.WriteAsync(payload, 0, payload.Length);
                return lines.Count;
            }

            public async Task WriteGuarded(string key, byte[] payload)
            {
                if (payload.Length > 1_000_000) throw new ArgumentException("too large");
                try
                {
                    await _sink.WriteAsync(payload, 0, payload.Length);
                }
                catch (IOException)
                {
                    await Task.Delay({{i % 50 + 10}});
                }
            }

            public int Checksum(IEnumerable<int> values)
            {
                var total = 0;
                foreach (var v in values.Where(v => v % {{i % 7 + 2}} == 0)) total += v * {{i}};
                return total;
            }
        }
        """;

    private const string SendEachOneByOne = """
        public async Task SendEach(IEnumerable<string> items)
            {
                foreach (var item in items)
                {
                    await _client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = item, Data = new MemoryStream(Encoding.UTF8.GetBytes(item)) });
                }
            }
        """;

    private const string SendEachInBatches = """
        public async Task SendEach(IEnumerable<string> items)
            {
                foreach (var chunk in items.Chunk(500))
                {
                    var response = await _client.PutRecordsAsync(new PutRecordsRequest { StreamName = Stream, Records = chunk.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream(Encoding.UTF8.GetBytes(item)) }).ToList() });
                    if (response.FailedRecordCount > 0) throw new InvalidOperationException($"{response.FailedRecordCount} records failed");
                }
            }
        """;
}
