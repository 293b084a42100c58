using System.Net.Http;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Runtime.Tests.Retry;

public class KinesisErrorsTests
{
    [Theory]
    [InlineData("ProvisionedThroughputExceededException", KinesisErrorKind.Throttling)]
    [InlineData("KMSThrottlingException", KinesisErrorKind.Throttling)]
    [InlineData("LimitExceededException", KinesisErrorKind.Throttling)]
    [InlineData("InternalFailure", KinesisErrorKind.Transient)]
    [InlineData("ServiceUnavailable", KinesisErrorKind.Transient)]
    [InlineData("InvalidArgumentException", KinesisErrorKind.Permanent)]
    [InlineData("ValidationException", KinesisErrorKind.Permanent)]
    [InlineData("ResourceNotFoundException", KinesisErrorKind.Permanent)]
    [InlineData("AccessDeniedException", KinesisErrorKind.Permanent)]
    [InlineData("KMSAccessDeniedException", KinesisErrorKind.Permanent)]
    public void ClassifiesErrorCodes(string code, KinesisErrorKind expected) =>
        Assert.Equal(expected, KinesisErrors.Classify(code));

    [Theory]
    [InlineData(429, KinesisErrorKind.Throttling)]
    [InlineData(500, KinesisErrorKind.Transient)]
    [InlineData(503, KinesisErrorKind.Transient)]
    [InlineData(400, KinesisErrorKind.Permanent)]
    public void ClassifiesUnknownCodesByStatus(int status, KinesisErrorKind expected) =>
        Assert.Equal(expected, KinesisErrors.Classify("SomethingNew", status));

    [Fact]
    public void TimeoutsAndConnectionFailuresAreTransient()
    {
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new TimeoutException()));
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new TaskCanceledException()));
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new HttpRequestException("reset")));
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new IOException("broken pipe")));
    }

    [Fact]
    public void ServiceExceptionWithoutCodeIsJudgedByItsCause()
    {
        // What the SDK throws for a dropped connection: a service exception with no code around the network error.
        var sdkWrapper = new InvalidOperationException("service exception", new HttpRequestException("connection reset"));
        var transport = new KinesisTransportException("no code", errorCode: null, statusCode: null, sdkWrapper);
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(transport));
    }

    [Fact]
    public void ServiceExceptionWithCodeIsJudgedByItsCode()
    {
        var transport = new KinesisTransportException("denied", "AccessDeniedException", 400, new HttpRequestException("irrelevant"));
        Assert.Equal(KinesisErrorKind.Permanent, KinesisErrors.Classify(transport));
    }

    [Fact]
    public void ArgumentErrorsArePermanent()
    {
        Assert.Equal(KinesisErrorKind.Permanent, KinesisErrors.Classify(new ArgumentException("bad")));
        Assert.Equal(KinesisErrorKind.Permanent, KinesisErrors.Classify(new InvalidOperationException("no cause")));
    }
}
