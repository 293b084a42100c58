using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Calls OnRecordFailed for each failed AddAsync record, one at a time and awaited, off the pipeline's
    /// thread so a slow handler never stalls sending. A handler's exception is logged and never stops it.
    /// </summary>
    internal sealed class FailureHandlerDispatcher
    {
        private readonly Func<KinesisRecordFailure, Task> _handler;
        private readonly ILogger _logger;
        private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

        public FailureHandlerDispatcher(Func<KinesisRecordFailure, Task> handler, ILogger logger)
        {
            _handler = handler;
            _logger = logger;
            using (ExecutionContext.SuppressFlow())
            {
                Completion = Task.Run(RunAsync);
            }
        }

        /// <summary>Completes after <see cref="Complete"/> once every queued failure was handled.</summary>
        public Task Completion { get; }

        /// <summary>
        /// Queues a failure; <paramref name="handedOver"/> runs just before the handler gets it (the record's buffer
        /// space is held until then, so queued failures stay inside the memory bound), <paramref name="handled"/>
        /// after the handler returned or threw.
        /// </summary>
        public void Enqueue(KinesisRecordFailure failure, Action handedOver, Action handled)
        {
            if (!_queue.Writer.TryWrite(new Work(failure, handedOver, handled)))
            {
                // Only after Complete: nobody will call the handler any more.
                handedOver();
                handled();
            }
        }

        public void Complete() => _queue.Writer.TryComplete();

        private async Task RunAsync()
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var work))
                {
                    work.HandedOver();
                    try
                    {
                        var task = _handler(work.Failure);
                        if (task is not null)
                        {
                            await task.ConfigureAwait(false);
                        }
                    }
                    catch (Exception exception)
                    {
                        ProducerLog.HandlerFailed(_logger, work.Failure.ErrorCode, exception);
                    }
                    finally
                    {
                        work.Handled();
                    }
                }
            }
        }

        private readonly struct Work
        {
            public Work(KinesisRecordFailure failure, Action handedOver, Action handled)
            {
                Failure = failure;
                HandedOver = handedOver;
                Handled = handled;
            }

            public KinesisRecordFailure Failure { get; }

            public Action HandedOver { get; }

            public Action Handled { get; }
        }
    }
}
