namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>Record sizes: files, HTTP bodies and streams read whole, size checks, constant oversized data and keys.</summary>
    public const string FileUploader = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        namespace Uploads;

        public class FileUploader(IAmazonKinesis kinesis, HttpClient http)
        {
            private const int MaxBytes = 1024 * 1024;
            private const string LongKey = "tenant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

            public async Task UploadFileAsync(string path)
            {
                var bytes = File.ReadAllBytes(path);
                try
                {
                    await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "files", PartitionKey = Path.GetFileName(path), Data = new MemoryStream(bytes) });
                }
                catch (Amazon.Kinesis.Model.ProvisionedThroughputExceededException)
                {
                    await Task.Yield();
                }
            }

            public async Task UploadCheckedAsync(string path, CancellationToken token)
            {
                var info = new FileInfo(path);
                if (info.Length > MaxBytes)
                {
                    throw new InvalidOperationException($"{path} is too large: {info.Length:N0} bytes");
                }

                var bytes = await File.ReadAllBytesAsync(path, token);
                await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "files", PartitionKey = path, Data = new MemoryStream(bytes) }, token);
            }

            public Task<PutRecordResponse> UploadInlineAsync(string path) =>
                kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "files", PartitionKey = path, Data = new MemoryStream(File.ReadAllBytes(path)) });

            public Task UploadBlankAsync() =>
                kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "files", PartitionKey = "blank", Data = new MemoryStream(new byte[2_000_000]) });

            public async Task MirrorAsync(Uri source, string key)
            {
                using var response = await http.GetAsync(source);
                var buffer = new MemoryStream();
                await response.Content.CopyToAsync(buffer);
                buffer.Position = 0;
                await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "mirror", PartitionKey = key, Data = buffer });
            }

            public async Task UploadTextAsync(string text)
            {
                var data = Encoding.UTF8.GetBytes(text);
                if (data.Length >= MaxBytes)
                {
                    return;
                }

                await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "text", PartitionKey = LongKey, Data = new MemoryStream(data) });
            }

            public async Task UploadUnkeyedAsync(byte[] data)
            {
                var request = new PutRecordRequest { StreamName = "text", Data = new MemoryStream(data) };
                request.PartitionKey = string.Empty;
                await kinesis.PutRecordAsync(request);
            }

            public async Task UploadStreamAsync(Stream input, string key)
            {
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                if (copy.Length > MaxBytes)
                {
                    throw new ArgumentException("The stream is larger than a Kinesis record.", nameof(input));
                }

                copy.Position = 0;
                await kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "streams", PartitionKey = key, Data = copy });
            }

            public async Task UploadManyAsync(string[] paths)
            {
                var entries = new System.Collections.Generic.List<PutRecordsRequestEntry>();
                foreach (var path in paths)
                {
                    var text = await File.ReadAllTextAsync(path);
                    entries.Add(new PutRecordsRequestEntry { PartitionKey = path, Data = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
                }

                var result = await kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "files", Records = entries });
                if (result.FailedRecordCount > 0)
                {
                    throw new IOException($"{result.FailedRecordCount} files were not written");
                }
            }
        }
        """;
}
