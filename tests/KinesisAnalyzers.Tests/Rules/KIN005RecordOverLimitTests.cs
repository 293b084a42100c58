using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Shared;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN005RecordOverLimitAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN005RecordOverLimitTests
{
    /// <summary>A minimal runtime producer, as the bundled KinesisAnalyzers.Runtime declares it.</summary>
    private const string Producer = """

        namespace KinesisAnalyzers.Runtime
        {
            public sealed class KinesisProducer
            {
                public ValueTask AddAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => default;
                public ValueTask AddAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => default;
                public Task<string> PutAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => Task.FromResult("");
                public bool TryAdd(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null) => true;
            }
        }
        """;

    // Results carry the id and severity (a finding is an error or a warning), and WithMessage where the text is checked.
    private static DiagnosticResult Error(int location) =>
        new DiagnosticResult(KinesisRules.RecordOverLimitId, DiagnosticSeverity.Error).WithLocation(location);

    private static DiagnosticResult Warning(int location) =>
        new DiagnosticResult(KinesisRules.RecordOverLimitId, DiagnosticSeverity.Warning).WithLocation(location);

    private static Action<Verify.Test> EditorConfig(string lines) =>
        test => test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + lines + "\n"));

    // ---- Data of a size known to exceed the limit: an error ----

    [Fact]
    public async Task ConstantSizeByteArrayInInitializerIsAnError()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, string id)
                {
                    await kinesis.PutRecordAsync(new PutRecordRequest
                    {
                        StreamName = "s",
                        PartitionKey = id,
                        Data = {|#0:new MemoryStream(new byte[2_000_000])|},
                    });
                }
            }
            """;
        await Verify.VerifyAsync(source, Error(0).WithMessage(
            "The record is 2,000,000 bytes; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"));
    }

    [Fact]
    public async Task ConstantSizeArrayThroughLocalsAndAssignmentIsAnErrorOnSyncPutRecord()
    {
        var source = Usings + """
            class C
            {
                void Send(AmazonKinesisClient kinesis, string id)
                {
                    var bytes = new byte[1_048_577];
                    var stream = new MemoryStream(bytes);
                    var request = new PutRecordRequest { StreamName = "s", PartitionKey = id };
                    request.Data = {|#0:stream|};
                    kinesis.PutRecord(request);
                }
            }
            """;
        await Verify.VerifyAsync(source, Error(0).WithMessage(
            "The record is 1,048,577 bytes; Kinesis accepts at most 1 MiB, so 'PutRecord' will fail"));
    }

    [Fact]
    public async Task EncodedConstantSizeStringIsAnError()
    {
        var source = Usings + """
            class C
            {
                Task Send(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest
                    {
                        PartitionKey = id,
                        Data = {|#0:new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 2_000_000)))|},
                    });

                Task SendWide(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest
                    {
                        PartitionKey = id,
                        Data = {|#1:new MemoryStream(Encoding.Unicode.GetBytes(new string('x', 600_000)))|},
                    });

                Task SendUtf8(IAmazonKinesis kinesis, string id)
                {
                    var text = new string('é', 600_000);
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#2:new MemoryStream(Encoding.UTF8.GetBytes(text))|} });
                }
            }
            """;
        // 'x' is one byte in UTF-8 and two in UTF-16; 'é' is two bytes in UTF-8.
        await Verify.VerifyAsync(
            source,
            Error(0).WithMessage("The record is 2,000,000 bytes; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"),
            Error(1).WithMessage("The record is 1,200,000 bytes; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"),
            Error(2).WithMessage("The record is 1,200,000 bytes; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"));
    }

    [Fact]
    public async Task PartitionKeyCountsTowardTheLimit()
    {
        var source = Usings + """
            class C
            {
                Task Full(IAmazonKinesis kinesis) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = "key", Data = {|#0:new MemoryStream(new byte[1024 * 1024])|} });

                Task Fits(IAmazonKinesis kinesis) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = "key", Data = new MemoryStream(new byte[1024 * 1024 - 3]) });

                Task Small(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(new byte[1000]) });
            }
            """;
        await Verify.VerifyAsync(source, Error(0).WithMessage(
            "The record is 1,048,579 bytes (1,048,576 of data and 3 of partition key); Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"));
    }

    [Fact]
    public async Task MemoryStreamWindowCountsOnlyItsBytes()
    {
        var source = Usings + """
            class C
            {
                Task Window(IAmazonKinesis kinesis, string id)
                {
                    var buffer = new byte[4_000_000];
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(buffer, 0, 1000) });
                }

                Task TooWide(IAmazonKinesis kinesis, string id)
                {
                    var buffer = new byte[4_000_000];
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:new MemoryStream(buffer, 0, 2_000_000)|} });
                }
            }
            """;
        await Verify.VerifyAsync(source, Error(0));
    }

    // ---- Unbounded sources without a size check: a warning ----

    [Fact]
    public async Task WholeFileBytesWithoutCheckIsAWarning()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#0:new MemoryStream(bytes)|} });
                }

                async Task SendAsync(IAmazonKinesis kinesis, string path)
                {
                    var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#1:new MemoryStream(bytes)|} });
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Warning(0).WithMessage("The record data comes from 'File.ReadAllBytes(path)' and its size is not checked; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' can fail"),
            Warning(1).WithMessage("The record data comes from 'File.ReadAllBytesAsync(path)' and its size is not checked; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' can fail"));
    }

    [Fact]
    public async Task WholeFileTextWithoutCheckIsAWarning()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, string path)
                {
                    var text = File.ReadAllText(path);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#0:new MemoryStream(Encoding.UTF8.GetBytes(text))|} });
                }

                async Task SendAsync(IAmazonKinesis kinesis, string path)
                {
                    var text = await File.ReadAllTextAsync(path);
                    var request = new PutRecordRequest { PartitionKey = path };
                    request.Data = {|#1:new MemoryStream(Encoding.UTF8.GetBytes(text))|};
                    await kinesis.PutRecordAsync(request);
                }

                async Task SendReader(IAmazonKinesis kinesis, StreamReader reader)
                {
                    var text = await reader.ReadToEndAsync();
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = "k" + text.GetHashCode(), Data = {|#2:new MemoryStream(Encoding.UTF8.GetBytes(text))|} });
                }
            }
            """;
        await Verify.VerifyAsync(source, Warning(0), Warning(1), Warning(2));
    }

    [Fact]
    public async Task StreamCopiedWholeIntoMemoryStreamIsAWarning()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, Stream body, string id)
                {
                    using var buffer = new MemoryStream();
                    await body.CopyToAsync(buffer);
                    buffer.Position = 0;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:buffer|} });
                }

                void SendSync(IAmazonKinesis kinesis, string path, string id)
                {
                    using var file = File.OpenRead(path);
                    var buffer = new MemoryStream(4096);
                    file.CopyTo(buffer);
                    kinesis.PutRecord(new PutRecordRequest { PartitionKey = id, Data = {|#1:buffer|} });
                }

                async Task SendBody(IAmazonKinesis kinesis, System.Net.Http.HttpClient http, string id)
                {
                    using var response = await http.GetAsync("https://example.com/export");
                    var buffer = new MemoryStream();
                    await response.Content.CopyToAsync(buffer);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#2:buffer|} });
                }

                async Task SendBodyChecked(IAmazonKinesis kinesis, System.Net.Http.HttpClient http, string id)
                {
                    using var response = await http.GetAsync("https://example.com/export");
                    var buffer = new MemoryStream();
                    await response.Content.CopyToAsync(buffer);
                    if (buffer.Length > 1024 * 1024) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = buffer });
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Warning(0).WithMessage("The record data comes from 'body.CopyToAsync(buffer)' and its size is not checked; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' can fail"),
            Warning(1),
            Warning(2).WithMessage("The record data comes from 'response.Content.CopyToAsync(buffer)' and its size is not checked; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' can fail"));
    }

    [Fact]
    public async Task SizeChecksBeforeThePutAreRespected()
    {
        var source = Usings + """
            class C
            {
                const int Max = 1_000_000;

                async Task LengthGuard(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    if (bytes.Length > Max) throw new InvalidOperationException("too large");
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(bytes) });
                }

                async Task FileInfoGuard(IAmazonKinesis kinesis, string path)
                {
                    if (new FileInfo(path).Length >= Max) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) });
                }

                async Task FileInfoLocal(IAmazonKinesis kinesis, string path)
                {
                    var info = new FileInfo(path);
                    if (info.Length < Max)
                    {
                        await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(await File.ReadAllBytesAsync(path)) });
                    }
                }

                async Task RequestDataGuard(IAmazonKinesis kinesis, string path)
                {
                    var request = new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) };
                    if (request.Data.Length > Max) return;
                    await kinesis.PutRecordAsync(request);
                }

                async Task PatternGuard(IAmazonKinesis kinesis, string path)
                {
                    var text = File.ReadAllText(path);
                    if (Encoding.UTF8.GetByteCount(text) is > Max) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
                }

                async Task ThrowHelper(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, Max);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(bytes) });
                }

                async Task SourceStreamGuard(IAmazonKinesis kinesis, Stream body, string id)
                {
                    if (body.Length > Max) return;
                    var buffer = new MemoryStream();
                    await body.CopyToAsync(buffer);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = buffer });
                }

                async Task CopyGuard(IAmazonKinesis kinesis, Stream body, string id)
                {
                    var buffer = new MemoryStream();
                    await body.CopyToAsync(buffer);
                    if (buffer.Length > Max) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = buffer });
                }

                async Task KnownSizeGuarded(IAmazonKinesis kinesis, string id)
                {
                    var bytes = new byte[2_000_000];
                    if (bytes.Length <= Max)
                    {
                        await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(bytes) });
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ChecksAfterThePutOrForEmptinessDoNotCount()
    {
        var source = Usings + """
            class C
            {
                async Task CheckedTooLate(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#0:new MemoryStream(bytes)|} });
                    if (bytes.Length > 1_000_000) Console.WriteLine("that was large");
                }

                async Task EmptinessOnly(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    if (bytes.Length == 0 || bytes.Length < 1) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#1:new MemoryStream(bytes)|} });
                }

                async Task OtherValueChecked(IAmazonKinesis kinesis, string path, byte[] other)
                {
                    var bytes = File.ReadAllBytes(path);
                    if (other.Length > 1_000_000) return;
                    await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#2:new MemoryStream(bytes)|} });
                }
            }
            """;
        await Verify.VerifyAsync(source, Warning(0), Warning(1), Warning(2));
    }

    // ---- Partition key ----

    [Fact]
    public async Task ConstantPartitionKeyEmptyOrOver256CharactersIsAnError()
    {
        var longKey = new string('k', 257);
        var key256 = new string('k', 256);
        var source = Usings + $$"""
            class C
            {
                private const string LongKey = "{{longKey}}";
                private const string Key256 = "{{key256}}";

                Task TooLong(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = {|#0:LongKey|}, Data = data });

                Task Repeated(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = {|#1:new string('k', 300)|}, Data = data });

                Task Empty(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = {|#2:string.Empty|}, Data = data });

                Task Longest(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = Key256, Data = data });

                Task Variable(IAmazonKinesis kinesis, MemoryStream data, string key) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = key, Data = data });
            }
            """;
        await Verify.VerifyAsync(
            source,
            Error(0).WithMessage("The partition key is 257 characters long; Kinesis accepts 1 to 256 characters, so 'PutRecordAsync' will fail"),
            Error(1),
            Error(2).WithMessage("The partition key is empty; Kinesis accepts 1 to 256 characters, so 'PutRecordAsync' will fail"));
    }

    [Fact]
    public async Task PartitionKeyLengthCountsCharactersNotSurrogates()
    {
        // 200 emoji are 400 UTF-16 code units but 200 Unicode characters: within the limit.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 200));
        var source = Usings + $$"""
            class C
            {
                Task Send(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = "{{emoji}}", Data = data });
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---- PutRecords entries ----

    [Fact]
    public async Task PutRecordsEntriesAreChecked()
    {
        var source = Usings + """
            class C
            {
                async Task Initializer(IAmazonKinesis kinesis)
                {
                    await kinesis.PutRecordsAsync(new PutRecordsRequest
                    {
                        StreamName = "s",
                        Records = new List<PutRecordsRequestEntry>
                        {
                            new PutRecordsRequestEntry { PartitionKey = "a", Data = new MemoryStream(new byte[10]) },
                            new PutRecordsRequestEntry { PartitionKey = "b", Data = {|#0:new MemoryStream(new byte[2_000_000])|} },
                        },
                    });
                }

                async Task FromFiles(IAmazonKinesis kinesis, string[] paths)
                {
                    var request = new PutRecordsRequest
                    {
                        StreamName = "s",
                        Records = paths.Select(p => new PutRecordsRequestEntry { PartitionKey = p, Data = {|#1:new MemoryStream(File.ReadAllBytes(p))|} }).ToList(),
                    };
                    await kinesis.PutRecordsAsync(request);
                }

                void AddedEntry(IAmazonKinesis kinesis, string id)
                {
                    var request = new PutRecordsRequest { StreamName = "s", Records = new List<PutRecordsRequestEntry>() };
                    var entry = new PutRecordsRequestEntry { PartitionKey = id };
                    entry.Data = {|#2:new MemoryStream(new byte[3 * 1024 * 1024])|};
                    request.Records.Add(entry);
                    kinesis.PutRecords(request);
                }

                async Task ListLocal(IAmazonKinesis kinesis, string id)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    entries.Add(new PutRecordsRequestEntry { PartitionKey = id, Data = {|#3:new MemoryStream(new byte[2_000_000])|} });
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = entries });
                }

                async Task LambdaBlock(IAmazonKinesis kinesis, string[] paths)
                {
                    var entries = paths.Select(p =>
                    {
                        var entry = new PutRecordsRequestEntry { PartitionKey = p };
                        entry.Data = {|#4:new MemoryStream(File.ReadAllBytes(p))|};
                        return entry;
                    }).ToList();
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = entries });
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Error(0).WithMessage("The record is 2,000,001 bytes (2,000,000 of data and 1 of partition key); Kinesis accepts at most 1 MiB, so 'PutRecordsAsync' will fail"),
            Warning(1),
            Error(2).WithMessage("The record is 3,145,728 bytes; Kinesis accepts at most 1 MiB, so 'PutRecords' will fail"),
            Error(3),
            Warning(4));
    }

    [Fact]
    public async Task PutRecordsEntryWithLongConstantKeyIsAnError()
    {
        var longKey = new string('k', 300);
        var source = Usings + $$"""
            class C
            {
                Task Send(IAmazonKinesis kinesis, MemoryStream data) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest
                    {
                        Records = { new PutRecordsRequestEntry { PartitionKey = {|#0:"{{longKey}}"|}, Data = data } },
                    });
            }
            """;
        await Verify.VerifyAsync(source, Error(0));
    }

    // ---- The runtime producer ----

    [Fact]
    public async Task ProducerCallsAreChecked()
    {
        var longKey = new string('k', 257);
        var source = Usings + $$"""
            using KinesisAnalyzers.Runtime;
            class C
            {
                async Task Send(KinesisProducer producer, string path, string id)
                {
                    await producer.AddAsync(id, {|#0:File.ReadAllBytes(path)|});
                    await producer.PutAsync({|#1:"{{longKey}}"|}, new byte[10]);
                    var big = new byte[5_000_000];
                    await producer.AddAsync(id, {|#2:big|});
                    producer.TryAdd(id, {|#3:big.AsMemory()|});
                    await producer.AddAsync(id, new byte[100]);
                }
            }
            """ + Producer;
        await Verify.VerifyAsync(
            source,
            Warning(0).WithMessage("The record data comes from 'File.ReadAllBytes(path)' and its size is not checked; Kinesis accepts at most 1 MiB, so 'AddAsync' can fail"),
            Error(1).WithMessage("The partition key is 257 characters long; Kinesis accepts 1 to 256 characters, so 'PutAsync' will fail"),
            Error(2).WithMessage("The record is 5,000,000 bytes; Kinesis accepts at most 1 MiB, so 'AddAsync' will fail"),
            Error(3));
    }

    [Fact]
    public async Task ProducerCallWithSizeCheckIsNotReported()
    {
        var source = Usings + """
            using KinesisAnalyzers.Runtime;
            class C
            {
                async Task Send(KinesisProducer producer, string path, string id)
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    if (bytes.Length > 1024 * 1024) throw new InvalidDataException(path);
                    await producer.AddAsync(id, bytes);
                }
            }
            """ + Producer;
        await Verify.VerifyAsync(source);
    }

    // ---- Configuration ----

    [Fact]
    public async Task LargerLimitFromEditorConfig()
    {
        var source = Usings + """
            class C
            {
                Task Fits(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(new byte[5_000_000]) });

                Task TooLarge(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:new MemoryStream(new byte[11 * 1024 * 1024])|} });

                Task File(IAmazonKinesis kinesis, string path) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#1:new MemoryStream(System.IO.File.ReadAllBytes(path))|} });
            }
            """;
        await Verify.VerifyAsync(
            source,
            EditorConfig("kinesis_analyzers.max_record_size_bytes = 10 MiB"),
            Error(0).WithMessage("The record is 11,534,336 bytes; Kinesis accepts at most 10 MiB, so 'PutRecordAsync' will fail"),
            Warning(1).WithMessage("The record data comes from 'System.IO.File.ReadAllBytes(path)' and its size is not checked; Kinesis accepts at most 10 MiB, so 'PutRecordAsync' can fail"));
    }

    [Theory]
    [InlineData("kinesis_analyzers.max_record_size_bytes = 20MiB")]
    [InlineData("kinesis_analyzers.max_record_size_bytes = 512KiB")]
    [InlineData("kinesis_analyzers.max_record_size_bytes = lots")]
    [InlineData("kinesis_analyzers.max_record_size_bytes = -5")]
    public async Task InvalidLimitKeepsTheDefault(string option)
    {
        var source = Usings + """
            class C
            {
                Task Send(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:new MemoryStream(new byte[1_500_000])|} });
            }
            """;
        await Verify.VerifyAsync(
            source,
            EditorConfig(option),
            Error(0).WithMessage("The record is 1,500,000 bytes; Kinesis accepts at most 1 MiB, so 'PutRecordAsync' will fail"));
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("10485760", 10485760L)]
    [InlineData("2MiB", 2097152L)]
    [InlineData(" 2 mib ", 2097152L)]
    [InlineData("1536KiB", 1572864L)]
    [InlineData("5_000_000", 5000000L)]
    [InlineData("2000000B", 2000000L)]
    [InlineData("1048575", null)]
    [InlineData("10485761", null)]
    [InlineData("11MiB", null)]
    [InlineData("0", null)]
    [InlineData("", null)]
    [InlineData("1.5MiB", null)]
    [InlineData("99999999999999999999", null)]
    public void ParsesRecordSizeLimit(string text, long? expected)
    {
        Assert.Equal(expected, RecordSizeLimit.Parse(text));
    }

    [Fact]
    public async Task SeverityCanBeChangedInEditorConfig()
    {
        var source = Usings + """
            class C
            {
                Task Send(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:new MemoryStream(new byte[1_500_000])|} });
            }
            """;
        await Verify.VerifyAsync(source, EditorConfig("dotnet_diagnostic.KIN005.severity = warning"), Warning(0));
    }

    [Fact]
    public async Task PragmaSuppressesTheError()
    {
        var source = Usings + """
            class C
            {
            #pragma warning disable KIN005 // the stream was created with MaxRecordSizeInKiB = 2048
                Task Send(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(new byte[1_500_000]) });
            #pragma warning restore KIN005
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---- Not reported ----

    [Fact]
    public async Task DataOfUnknownSizeIsNotReported()
    {
        var source = Usings + """
            class C
            {
                private readonly byte[] _payload = new byte[2_000_000];

                Task Parameter(IAmazonKinesis kinesis, byte[] bytes, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(bytes) });

                Task Field(IAmazonKinesis kinesis, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(_payload) });

                Task Serialized(IAmazonKinesis kinesis, object order, string id) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString()!)) });

                Task Reassigned(IAmazonKinesis kinesis, string path, string id)
                {
                    var bytes = File.ReadAllBytes(path);
                    bytes = bytes.Take(1000).ToArray();
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(bytes) });
                }

                Task DataReplaced(IAmazonKinesis kinesis, string id, MemoryStream compressed)
                {
                    var request = new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(new byte[2_000_000]) };
                    request.Data = compressed;
                    return kinesis.PutRecordAsync(request);
                }

                Task Truncated(IAmazonKinesis kinesis, string path, string id)
                {
                    var bytes = File.ReadAllBytes(path);
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = new MemoryStream(bytes, 0, Math.Min(bytes.Length, 1000)) });
                }

                Task Written(IAmazonKinesis kinesis, string id, byte[] header)
                {
                    var stream = new MemoryStream();
                    stream.Write(header, 0, header.Length);
                    return kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = stream });
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RequestSentTwiceIsReportedOnce()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, string path)
                {
                    var request = new PutRecordRequest { PartitionKey = path, Data = {|#0:new MemoryStream(File.ReadAllBytes(path))|} };
                    try
                    {
                        await kinesis.PutRecordAsync(request);
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        await Task.Delay(100);
                        await kinesis.PutRecordAsync(request);
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Warning(0));
    }

    [Fact]
    public async Task FirehoseAndLookAlikeMethodsAreNotReported()
    {
        var source = Usings + """
            class Uploader
            {
                // Same name and request type as Kinesis, but not IAmazonKinesis.
                public Task PutRecordAsync(PutRecordRequest request) => Task.CompletedTask;
                public Task PutRecordsAsync(PutRecordsRequest request) => Task.CompletedTask;
            }

            class C
            {
                async Task Send(Uploader uploader, Amazon.KinesisFirehose.IAmazonKinesisFirehose firehose, string path)
                {
                    await uploader.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) });
                    await uploader.PutRecordsAsync(new PutRecordsRequest { Records = { new PutRecordsRequestEntry { PartitionKey = "k", Data = new MemoryStream(new byte[2_000_000]) } } });
                    await firehose.PutRecordAsync(new Amazon.KinesisFirehose.Model.PutRecordRequest
                    {
                        DeliveryStreamName = "d",
                        Record = new Amazon.KinesisFirehose.Model.Record { Data = new MemoryStream(new byte[2_000_000]) },
                    });
                }
            }

            namespace Amazon.KinesisFirehose
            {
                public interface IAmazonKinesisFirehose
                {
                    Task<object> PutRecordAsync(Amazon.KinesisFirehose.Model.PutRecordRequest request, CancellationToken cancellationToken = default);
                }
            }

            namespace Amazon.KinesisFirehose.Model
            {
                public class Record { public MemoryStream? Data { get; set; } }
                public class PutRecordRequest { public string? DeliveryStreamName { get; set; } public Record? Record { get; set; } }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ProducerLookAlikeIsNotReported()
    {
        var source = Usings + """
            class MyProducer
            {
                public Task AddAsync(string partitionKey, byte[] data) => Task.CompletedTask;
            }

            class C
            {
                Task Send(MyProducer producer, string path) => producer.AddAsync(path, File.ReadAllBytes(path));
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ProjectWithoutKinesisCostsNothing()
    {
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            class PutRecordRequest { public MemoryStream? Data { get; set; } public string? PartitionKey { get; set; } }

            class Client
            {
                public Task PutRecordAsync(PutRecordRequest request) => Task.CompletedTask;
            }

            class C
            {
                Task Send(Client client, string path) =>
                    client.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) });

                Task Big(Client client) =>
                    client.PutRecordAsync(new PutRecordRequest { PartitionKey = "k", Data = new MemoryStream(new byte[2_000_000]) });
            }
            """;
        await Verify.VerifyWithoutKinesisAsync(source);
    }

    [Fact]
    public async Task GeneratedCodeIsSkipped()
    {
        const string generated = """
            // <auto-generated/>
            using System.IO;
            using System.Threading.Tasks;
            using Amazon.Kinesis;
            using Amazon.Kinesis.Model;

            partial class Generated
            {
                Task Send(IAmazonKinesis kinesis, string path) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) });

                Task Big(IAmazonKinesis kinesis) =>
                    kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = "k", Data = new MemoryStream(new byte[2_000_000]) });
            }
            """;
        await Verify.VerifyAsync("partial class Generated { }", test => test.TestState.Sources.Add(("Generated.g.cs", generated)));
    }

    // ---- Shapes of code ----

    [Fact]
    public async Task TopLevelStatements()
    {
        var source = Usings + """
            IAmazonKinesis kinesis = new AmazonKinesisClient();
            var bytes = File.ReadAllBytes(args[0]);
            await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = args[0], Data = {|#0:new MemoryStream(bytes)|} });

            var checkedBytes = File.ReadAllBytes(args[1]);
            if (checkedBytes.Length > 1_000_000) return;
            await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = args[1], Data = new MemoryStream(checkedBytes) });
            """;
        await Verify.VerifyAsync(source, test => test.TestState.OutputKind = OutputKind.ConsoleApplication, Warning(0));
    }

    [Fact]
    public async Task LocalFunctionsAndLambdas()
    {
        var source = Usings + """
            class C
            {
                async Task Outer(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    await Send();

                    Task Send() => kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = {|#0:new MemoryStream(bytes)|} });
                }

                async Task Guarded(IAmazonKinesis kinesis, string path)
                {
                    var bytes = File.ReadAllBytes(path);
                    if (bytes.LongLength > 1_000_000) return;
                    await Send();

                    async Task Send()
                    {
                        await kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = path, Data = new MemoryStream(bytes) });
                    }
                }

                Task InLambda(IAmazonKinesis kinesis, string[] paths) =>
                    Task.WhenAll(paths.Select(p => kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = {|#1:new MemoryStream(File.ReadAllBytes(p))|} })));
            }
            """;
        await Verify.VerifyAsync(source, Warning(0), Warning(1));
    }

    [Fact]
    public async Task PartialClassesAndSubclassedClients()
    {
        var source = Usings + """
            partial class Sender
            {
                private readonly MyClient _kinesis = new MyClient();
            }

            partial class Sender
            {
                public Task Send(string id) =>
                    _kinesis.PutRecordAsync(new PutRecordRequest { PartitionKey = id, Data = {|#0:new MemoryStream(new byte[1_100_000])|} });
            }

            class MyClient : AmazonKinesisClient
            {
                public override Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default) =>
                    base.PutRecordAsync(request, cancellationToken);
            }
            """;
        await Verify.VerifyAsync(source, Error(0));
    }

    [Fact]
    public async Task HalfTypedCodeNeverThrowsOrReportsUnboundCode()
    {
        var sources = new[]
        {
            // Unfinished call.
            Usings + "class C { Task M(IAmazonKinesis k, string p) => k.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = new MemoryStream(File.ReadAllBytes(",
            // Unknown method as the data source.
            Usings + "class C { Task M(IAmazonKinesis k, string p) => k.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = new MemoryStream(Unknown.Read(p)) }); }",
            // Data of an unknown type.
            Usings + "class C { Task M(IAmazonKinesis k, string p) { var b = new Missing[2_000_000]; return k.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = new MemoryStream(b) }); } }",
            // Missing value after '='.
            Usings + "class C { Task M(IAmazonKinesis k) => k.PutRecordAsync(new PutRecordRequest { PartitionKey = , Data = }); }",
            // No argument at all.
            Usings + "class C { Task M(IAmazonKinesis k) => k.PutRecordAsync(); }",
            // Request of an unknown variable.
            Usings + "class C { Task M(IAmazonKinesis k) { request.Data = new MemoryStream(new byte[2_000_000]); return k.PutRecordsAsync(request); } }",
            // Unresolved entries.
            Usings + "class C { Task M(IAmazonKinesis k, string[] p) => k.PutRecordsAsync(new PutRecordsRequest { Records = p.Select(x => new Entry { Data = new MemoryStream(File.ReadAllBytes(x)) }).ToList() }); }",
            // Oversized array with an unbound size expression.
            Usings + "class C { Task M(IAmazonKinesis k, string p) => k.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = new MemoryStream(new byte[Size]) }); }",
            // A stream copy into an unknown destination.
            Usings + "class C { async Task M(IAmazonKinesis k, Stream s, string p) { var m = new MemoryStream(); await s.CopyToAsync(dest); await k.PutRecordAsync(new PutRecordRequest { PartitionKey = p, Data = m }); } }",
        };

        foreach (var source in sources)
        {
            await Verify.VerifyIgnoringCompilerErrorsAsync(source);
        }
    }

    [Fact]
    public async Task BoundPartsOfIncompleteCodeAreStillChecked()
    {
        var source = Usings + """
            class C
            {
                Task M(IAmazonKinesis k, string p) =>
                    k.PutRecordAsync(new PutRecordRequest { PartitionKey = {|CS0103:missing|}, Data = {|#0:new MemoryStream(new byte[2_000_000])|} });
            }
            """;
        await Verify.VerifyAsync(source, Error(0));
    }
}
