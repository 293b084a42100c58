using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN003: PutRecordAsync becomes PutRecordWithRetryAsync (backoff with jitter on throttling, same response);
    /// a dropped Task in an async function is awaited too. Sync PutRecord and blocking waits get no fix: the binding has
    /// no synchronous counterpart that is safe in UI or ASP.NET contexts.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN003UnhandledThrottlingCodeFixProvider)), Shared]
    public sealed class KIN003UnhandledThrottlingCodeFixProvider : RetryCallCodeFixProvider
    {
        public const string Key = "KIN003.PutRecordWithRetryAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.UnhandledThrottlingId);

        protected override string Method => "PutRecordAsync";

        protected override string Replacement => BindingMethods.PutRecordWithRetryAsync;

        protected override string WhatItDoes => "retries throttling with backoff";

        protected override string EquivalenceKey => Key;
    }
}
