using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>Loads the stream's open shards through ListShards, following NextToken page by page.</summary>
    internal sealed class ShardMapLoader
    {
        // A stream has at most tens of thousands of shards; a token loop beyond this is a broken transport.
        private const int MaxPages = 10_000;

        private readonly IKinesisTransport _transport;
        private readonly string _streamName;
        private readonly TimeSpan _loadTimeout;
        private readonly PipelineClock _clock;

        public ShardMapLoader(IKinesisTransport transport, string streamName, TimeSpan loadTimeout, PipelineClock clock)
        {
            _transport = transport;
            _streamName = streamName;
            _loadTimeout = loadTimeout;
            _clock = clock;
        }

        /// <summary>
        /// Lists every page and builds the map. The whole load, every page together, is bounded by the load timeout
        /// (RequestTimeout): a listing that pages on and on fails instead of holding the producer.
        /// </summary>
        /// <exception cref="InvalidDataException">A malformed answer (no page, a repeated token, bad ranges).</exception>
        /// <exception cref="TimeoutException">The pages took longer than the load timeout.</exception>
        public async Task<ShardMap> LoadAsync(CancellationToken cancellationToken)
        {
            var started = _clock.Now;
            var shards = new List<TransportShard>();
            var tokens = new HashSet<string>(StringComparer.Ordinal);
            string? token = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var pageToken = token;
                var left = _loadTimeout - (_clock.Now - started);
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"ListShards took more than {_loadTimeout.TotalMilliseconds:0} ms over {page} page(s).");
                }

                var result = await TimeBound.RunAsync(c => _transport.ListShardsAsync(_streamName, pageToken, c), left, cancellationToken).ConfigureAwait(false);
                if (result is null)
                {
                    throw new InvalidDataException("ListShards returned no page.");
                }

                shards.AddRange(result.Shards);
                token = result.NextToken;
                if (string.IsNullOrEmpty(token))
                {
                    return ShardMap.Create(shards);
                }

                if (!tokens.Add(token!))
                {
                    throw new InvalidDataException("ListShards returned the same NextToken twice.");
                }
            }

            throw new InvalidDataException($"ListShards returned more than {MaxPages} pages.");
        }
    }
}
