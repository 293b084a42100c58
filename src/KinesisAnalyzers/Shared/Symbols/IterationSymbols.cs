using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The BCL types that decide how often code runs per iteration, resolved once per compilation:
    /// the waits that pace a loop (Task.Delay, Thread.Sleep, PeriodicTimer.WaitForNextTickAsync) and
    /// the methods that run a lambda once per element (LINQ Select/SelectMany, Parallel.For/ForEach/
    /// ForEachAsync, List&lt;T&gt;.ForEach, Array.ForEach). Every type of a name is kept, so a second
    /// assembly declaring it (System.Linq.Async's AsyncEnumerable) still counts.
    /// </summary>
    internal sealed class IterationSymbols
    {
        private readonly ImmutableArray<INamedTypeSymbol> _task;
        private readonly ImmutableArray<INamedTypeSymbol> _thread;
        private readonly ImmutableArray<INamedTypeSymbol> _periodicTimer;
        private readonly ImmutableArray<INamedTypeSymbol> _linq;
        private readonly ImmutableArray<INamedTypeSymbol> _forEach;

        private IterationSymbols(Compilation compilation)
        {
            _task = Types(compilation, "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1");
            _thread = Types(compilation, "System.Threading.Thread");
            _periodicTimer = Types(compilation, "System.Threading.PeriodicTimer");
            _linq = Types(compilation, "System.Linq.Enumerable", "System.Linq.ParallelEnumerable", "System.Linq.AsyncEnumerable");
            _forEach = Types(compilation, "System.Threading.Tasks.Parallel", "System.Collections.Generic.List`1", "System.Array");
        }

        public static IterationSymbols Create(Compilation compilation) => new IterationSymbols(compilation);

        /// <summary>A wait that paces a loop: Task.Delay, Thread.Sleep or PeriodicTimer.WaitForNextTickAsync.</summary>
        public bool IsPacingCall(IMethodSymbol method) => method.Name switch
        {
            "Delay" => IsDeclaredByOneOf(method, _task),
            "Sleep" => IsDeclaredByOneOf(method, _thread),
            "WaitForNextTickAsync" => IsDeclaredByOneOf(method, _periodicTimer),
            _ => false,
        };

        /// <summary>A method that runs its lambda once per element: LINQ Select/SelectMany, Parallel.For/ForEach/ForEachAsync, List.ForEach, Array.ForEach.</summary>
        public bool RunsPerElement(IMethodSymbol method) => method.Name switch
        {
            "Select" or "SelectMany" => IsDeclaredByOneOf(method, _linq),
            "For" or "ForEach" or "ForEachAsync" => IsDeclaredByOneOf(method, _forEach),
            _ => false,
        };

        private static bool IsDeclaredByOneOf(IMethodSymbol method, ImmutableArray<INamedTypeSymbol> types)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return false;
            }

            foreach (var candidate in types)
            {
                if (SymbolEqualityComparer.Default.Equals(type, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<INamedTypeSymbol> Types(Compilation compilation, params string[] metadataNames)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in metadataNames)
            {
                builder.AddRange(compilation.GetTypesByMetadataName(name));
            }

            return builder.ToImmutable();
        }
    }
}
