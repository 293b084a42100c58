namespace KinesisAnalyzers.Tests.Infrastructure;

/// <summary>Source builders shared by the rule tests.</summary>
public static class TestSources
{
    /// <summary>The usings every test source starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using Amazon.Runtime;

        """;
}
