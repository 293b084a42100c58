using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The System.Threading.Tasks types that decide where a task's outcome is observed,
    /// resolved once per compilation.
    /// </summary>
    internal sealed class TaskSymbols
    {
        private TaskSymbols(Compilation compilation)
        {
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            ConfiguredTaskAwaitable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            AggregateException = compilation.GetTypeByMetadataName("System.AggregateException");
        }

        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }

        /// <summary>What Wait(), Result and Task.WaitAll throw instead of the task's own exception.</summary>
        public INamedTypeSymbol? AggregateException { get; }

        public static TaskSymbols Create(Compilation compilation) => new TaskSymbols(compilation);

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
        public bool IsTask(ITypeSymbol? type) =>
            type is INamedTypeSymbol named
            && (Is(named, Task) || Is(named, TaskOfT) || Is(named, ValueTask) || Is(named, ValueTaskOfT));

        /// <summary>A task or what ConfigureAwait makes of it.</summary>
        public bool IsAwaitable(ITypeSymbol? type) =>
            IsTask(type)
            || (type is INamedTypeSymbol named && (Is(named, ConfiguredTaskAwaitable) || Is(named, ConfiguredTaskAwaitableOfT)));

        /// <summary>Task.Run: the task it returns carries the outcome of the delegate it runs.</summary>
        public bool IsTaskRun(IMethodSymbol? method) => IsStaticTaskMethod(method, "Run");

        /// <summary>Task.WhenAll: the task it returns faults with the first exception of its tasks.</summary>
        public bool IsWhenAll(IMethodSymbol? method) => IsStaticTaskMethod(method, "WhenAll");

        /// <summary>Task.WaitAll: blocks and throws the tasks' exceptions wrapped in AggregateException.</summary>
        public bool IsWaitAll(IMethodSymbol? method) => IsStaticTaskMethod(method, "WaitAll");

        private bool IsStaticTaskMethod(IMethodSymbol? method, string name) =>
            method is { IsStatic: true }
            && method.Name == name
            && Task is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, Task);

        private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
    }
}
