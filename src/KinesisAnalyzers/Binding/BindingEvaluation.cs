using System;

namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// What the generator does for one compilation: emit with <see cref="Model"/>, report <see cref="Problem"/>
    /// (KIN100: the project wants a binding that cannot be emitted), or neither (nothing to bind).
    /// Compares by value, so an edit that changes neither is skipped by the incremental pipeline.
    /// </summary>
    internal sealed class BindingEvaluation : IEquatable<BindingEvaluation>
    {
        public static readonly BindingEvaluation Nothing = new BindingEvaluation(null, null);

        private BindingEvaluation(BindingModel? model, string? problem)
        {
            Model = model;
            Problem = problem;
        }

        public BindingModel? Model { get; }

        /// <summary>Each missing or unexpected member, in words, for the KIN100 message.</summary>
        public string? Problem { get; }

        public static BindingEvaluation Emit(BindingModel model) => new BindingEvaluation(model, null);

        public static BindingEvaluation Fail(string problem) => new BindingEvaluation(null, problem);

        public bool Equals(BindingEvaluation? other) =>
            other is not null && Equals(Model, other.Model) && string.Equals(Problem, other.Problem, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as BindingEvaluation);

        public override int GetHashCode() => ((Model?.GetHashCode() ?? 0) * 397) ^ (Problem?.GetHashCode() ?? 0);
    }
}
