using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// KIN004: PutRecordsAsync becomes PutRecordsWithRetryAsync, which re-sends the failed entries and throws
    /// KinesisPutRecordsException for those still unwritten; the response (and its variable) stays, now aligned and
    /// complete. A dropped Task in an async function is awaited too; sync PutRecords and blocking waits get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KIN004IgnoredPutRecordsFailuresCodeFixProvider)), Shared]
    public sealed class KIN004IgnoredPutRecordsFailuresCodeFixProvider : RetryCallCodeFixProvider
    {
        public const string Key = "KIN004.PutRecordsWithRetryAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(KinesisRules.IgnoredPutRecordsFailuresId);

        protected override string Method => "PutRecordsAsync";

        protected override string Replacement => BindingMethods.PutRecordsWithRetryAsync;

        protected override string WhatItDoes => "re-sends failed entries; throws for entries not written";

        protected override string EquivalenceKey => Key;
    }
}
