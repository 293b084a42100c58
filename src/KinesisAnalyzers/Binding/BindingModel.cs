using System;

namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// What the generated binding depends on, reduced to values that compare by content, so the
    /// incremental pipeline can skip emission when an edit leaves them unchanged (almost every edit).
    /// </summary>
    internal sealed class BindingModel : IEquatable<BindingModel>
    {
        public BindingModel(bool nullableAnnotations)
        {
            NullableAnnotations = nullableAnnotations;
        }

        /// <summary>
        /// The compilation's language version is C# 8 or later: emit <c>#nullable enable</c> and annotations.
        /// Older projects (C# 7.3 is the default on .NET Framework) get the same code without them.
        /// </summary>
        public bool NullableAnnotations { get; }

        public bool Equals(BindingModel? other) =>
            other is not null && NullableAnnotations == other.NullableAnnotations;

        public override bool Equals(object? obj) => Equals(obj as BindingModel);

        public override int GetHashCode() => NullableAnnotations ? 1 : 0;
    }
}
