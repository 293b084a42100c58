using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Finds a size check in a method: a comparison of the Length or Count of a watched value
    /// (a local, parameter or field the rule followed, or a request's Data/Records) against a
    /// bound, written before a given position. A file's length (<c>new FileInfo(path).Length</c>,
    /// or a FileInfo local) counts for a watched path. ThrowIfGreaterThan guards
    /// (<c>ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, max)</c>) count too.
    /// Comparisons with 0 or 1 (empty or single) do not.
    /// </summary>
    internal sealed class SizeCheckFinder
    {
        private readonly HashSet<ISymbol> _symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _pathSymbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _pathConstants = new HashSet<string>();
        private readonly MethodBody _body;
        private HashSet<ILocalSymbol>? _counters;

        public SizeCheckFinder(MethodBody body)
        {
            _body = body;
        }

        public bool IsEmpty => _symbols.Count == 0 && _pathSymbols.Count == 0 && _pathConstants.Count == 0;

        /// <summary>Watches the symbol an expression names (local, parameter, field or property), if any.</summary>
        public void Watch(IOperation? operation)
        {
            if (MethodBody.ReferencedSymbol(operation) is { } symbol)
            {
                _symbols.Add(symbol);
            }
        }

        public void Watch(ISymbol? symbol)
        {
            if (symbol is not null)
            {
                _symbols.Add(symbol);
            }
        }

        /// <summary>Watches a file path, so that checking that file's length counts.</summary>
        public void WatchPath(IOperation? path)
        {
            if (OperationValues.ConstantString(path) is { } constant)
            {
                _pathConstants.Add(constant);
            }
            else if (MethodBody.ReferencedSymbol(path) is { } symbol)
            {
                _pathSymbols.Add(symbol);
            }
        }

        /// <summary>
        /// True when a check starts before <paramref name="position"/>. Relational comparisons
        /// always count; with <paramref name="includeEquality"/>, so do == and != (a batch sent
        /// when its count reaches 500).
        /// </summary>
        public bool HasCheckBefore(int position, bool includeEquality)
        {
            if (IsEmpty)
            {
                return false;
            }

            foreach (var operation in _body.Operations)
            {
                if (operation.Syntax.SpanStart >= position)
                {
                    continue;
                }

                switch (operation)
                {
                    case IBinaryOperation binary when IsComparison(binary.OperatorKind, includeEquality):
                        if ((IsWatchedSize(binary.LeftOperand) && IsBound(binary.RightOperand))
                            || (IsWatchedSize(binary.RightOperand) && IsBound(binary.LeftOperand)))
                        {
                            return true;
                        }

                        break;

                    case IIsPatternOperation isPattern:
                        if ((IsWatchedSize(isPattern.Value) && HasBoundPattern(isPattern.Pattern, includeEquality))
                            || (IsWatched(isPattern.Value) && HasBoundSizeSubpattern(isPattern.Pattern, includeEquality)))
                        {
                            return true;
                        }

                        break;

                    case IInvocationOperation invocation when invocation.TargetMethod.Name.StartsWith("ThrowIfGreaterThan", System.StringComparison.Ordinal):
                        foreach (var argument in invocation.Arguments)
                        {
                            if (IsWatchedSize(argument.Value))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsComparison(BinaryOperatorKind kind, bool includeEquality) => kind switch
        {
            BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual => true,
            BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals => includeEquality,
            _ => false,
        };

        /// <summary>
        /// Anything but the constants 0 and 1 (comparing with those tests for empty or single, not
        /// for too large) and a loop counter (<c>i &lt; items.Length</c> walks items, it does not bound it).
        /// </summary>
        private bool IsBound(IOperation operation)
        {
            operation = OperationValues.Unwrap(operation)!;
            if (OperationValues.TryGetInteger(operation, out var value))
            {
                return value > 1;
            }

            return operation is not ILocalReferenceOperation local || !Counters().Contains(local.Local);
        }

        /// <summary>Locals the body increments, decrements or adds to.</summary>
        private HashSet<ILocalSymbol> Counters()
        {
            if (_counters is null)
            {
                _counters = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
                foreach (var operation in _body.Operations)
                {
                    var target = operation switch
                    {
                        IIncrementOrDecrementOperation step => step.Target,
                        ICompoundAssignmentOperation compound => compound.Target,
                        _ => null,
                    };
                    if (target is ILocalReferenceOperation local)
                    {
                        _counters.Add(local.Local);
                    }
                }
            }

            return _counters;
        }

        /// <summary>items is { Count: > 500 }</summary>
        private bool HasBoundSizeSubpattern(IPatternOperation pattern, bool includeEquality)
        {
            if (pattern is IRecursivePatternOperation recursive)
            {
                foreach (var subpattern in recursive.PropertySubpatterns)
                {
                    if (subpattern.Member is IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" or "Count" }
                        && HasBoundPattern(subpattern.Pattern, includeEquality))
                    {
                        return true;
                    }
                }
            }

            return pattern switch
            {
                INegatedPatternOperation negated => HasBoundSizeSubpattern(negated.Pattern, includeEquality),
                IBinaryPatternOperation binary => HasBoundSizeSubpattern(binary.LeftPattern, includeEquality) || HasBoundSizeSubpattern(binary.RightPattern, includeEquality),
                _ => false,
            };
        }

        private bool HasBoundPattern(IPatternOperation pattern, bool includeEquality) => pattern switch
        {
            IRelationalPatternOperation relational => IsBound(relational.Value),
            IConstantPatternOperation constant => includeEquality && IsBound(constant.Value),
            INegatedPatternOperation negated => HasBoundPattern(negated.Pattern, includeEquality),
            IBinaryPatternOperation binary => HasBoundPattern(binary.LeftPattern, includeEquality) || HasBoundPattern(binary.RightPattern, includeEquality),
            _ => false,
        };

        /// <summary>x.Length, x.LongLength, x.Count, x.Count(), x.LongCount() or encoding.GetByteCount(x) of a watched x.</summary>
        private bool IsWatchedSize(IOperation? operation)
        {
            switch (OperationValues.Unwrap(operation))
            {
                case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" or "Count" } property:
                    return IsWatched(property.Instance) || IsWatchedFile(property.Instance);
                case IInvocationOperation { TargetMethod.Name: "Count" or "LongCount", Arguments.Length: 1 } count:
                    return IsWatched(OperationValues.Receiver(count));
                case IInvocationOperation { TargetMethod.Name: "GetByteCount" } byteCount:
                    foreach (var argument in byteCount.Arguments)
                    {
                        if (IsWatched(argument.Value))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>A watched symbol, or the Data/Records (or a ToArray copy) of a watched one.</summary>
        private bool IsWatched(IOperation? operation)
        {
            operation = OperationValues.Unwrap(operation);
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Data" or "Records" } member when member.Instance is not null:
                    return IsWatched(member.Instance) || IsDirectlyWatched(member);
                case IInvocationOperation { TargetMethod.Name: "ToArray" or "GetBuffer" } copy:
                    return IsWatched(OperationValues.Receiver(copy));
                default:
                    return IsDirectlyWatched(operation);
            }
        }

        private bool IsDirectlyWatched(IOperation? operation) =>
            MethodBody.ReferencedSymbol(operation) is { } symbol && _symbols.Contains(symbol);

        /// <summary>new FileInfo(path), or a local holding one, for a watched path.</summary>
        private bool IsWatchedFile(IOperation? operation)
        {
            if (_pathSymbols.Count == 0 && _pathConstants.Count == 0)
            {
                return false;
            }

            operation = OperationValues.Unwrap(operation);
            if (operation is ILocalReferenceOperation local && _body.TryGetSingleValue(local.Local, out var value))
            {
                operation = OperationValues.Unwrap(value);
            }

            if (operation is IObjectCreationOperation { Type.Name: "FileInfo", Arguments.Length: 1 } fileInfo)
            {
                var path = fileInfo.Arguments[0].Value;
                if (OperationValues.ConstantString(path) is { } constant)
                {
                    return _pathConstants.Contains(constant);
                }

                return MethodBody.ReferencedSymbol(path) is { } symbol && _pathSymbols.Contains(symbol);
            }

            return false;
        }
    }
}
