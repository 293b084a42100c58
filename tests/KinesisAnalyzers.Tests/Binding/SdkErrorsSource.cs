namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// Source compiled with the stand-in by the fake clients (scripted and simulated): the SDK exception a service error
/// (a runtime <c>KinesisTransportException</c>: error code, HTTP status) arrives as.
/// </summary>
internal static class SdkErrorsSource
{
    public const string Text = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.IO;
        using System.Net;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using Amazon.Runtime;
        using KinesisAnalyzers.Runtime;

        namespace Harness
        {
            public static class SdkErrors
            {
                /// <summary>What the SDK would throw for a service error with this code and status.</summary>
                public static Exception From(KinesisTransportException error)
                {
                    var status = (HttpStatusCode)(error.StatusCode ?? 0);
                    switch (error.ErrorCode)
                    {
                        case "ProvisionedThroughputExceededException":
                            return new ProvisionedThroughputExceededException(error.Message, ErrorType.Sender, error.ErrorCode, "request-id", status);
                        case "KMSThrottlingException":
                            return new KMSThrottlingException(error.Message, ErrorType.Sender, error.ErrorCode, "request-id", status);
                        case "InvalidArgumentException":
                            return new InvalidArgumentException(error.Message, ErrorType.Sender, error.ErrorCode, "request-id", status);
                        case "ResourceNotFoundException":
                            return new ResourceNotFoundException(error.Message, ErrorType.Sender, error.ErrorCode, "request-id", status);
                        case null:
                            // How the SDK reports a network failure: a service exception without code or status around it.
                            return new AmazonKinesisException(error.Message, error.InnerException ?? new IOException("connection reset"));
                        default:
                            return new AmazonKinesisException(error.Message, ErrorType.Unknown, error.ErrorCode, "request-id", status);
                    }
                }
            }
        }
        """;
}
