using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Shared
{
    internal enum RecordsSourceKind
    {
        /// <summary>A whole sequence becomes the Records list: <c>Records = items.Select(...).ToList()</c>.</summary>
        Sequence,

        /// <summary>One entry is added: <c>Records.Add(entry)</c>, or an element of a collection initializer.</summary>
        Entry,

        /// <summary>A sequence is appended: <c>Records.AddRange(entries)</c>.</summary>
        Range,
    }

    /// <summary>One way entries reach a PutRecords request's Records list.</summary>
    internal readonly struct RecordsSource
    {
        public RecordsSource(RecordsSourceKind kind, IOperation value, IOperation site, ImmutableArray<TextSpan> resets)
        {
            Kind = kind;
            Value = value;
            Site = site;
            Resets = resets;
        }

        public RecordsSourceKind Kind { get; }

        /// <summary>The sequence (Sequence, Range) or the entry (Entry).</summary>
        public IOperation Value { get; }

        /// <summary>Where it happens (the Add call, or the value): the loops around it repeat it.</summary>
        public IOperation Site { get; }

        /// <summary>
        /// Where the list receiving it is created, replaced or cleared. A loop containing one of
        /// these starts from a fresh list each iteration, so it does not accumulate entries.
        /// </summary>
        public ImmutableArray<TextSpan> Resets { get; }
    }

    /// <summary>
    /// Follows the Records of a PutRecords request within one method: what is assigned to it (in
    /// the initializer or later), what is added to it (Add, AddRange, Insert), and the same for a
    /// local list that becomes the Records. Also lists the entry objects that end up in it.
    /// </summary>
    internal sealed class PutRecordsFlow
    {
        private readonly ImmutableArray<RecordsSource>.Builder _sources = ImmutableArray.CreateBuilder<RecordsSource>();
        private readonly List<ISymbol> _containers = new List<ISymbol>();

        private PutRecordsFlow(ObjectSite request)
        {
            Request = request;
        }

        public ObjectSite Request { get; }

        public MethodBody Body => Request.Body;

        public ImmutableArray<RecordsSource> Sources { get; private set; }

        /// <summary>The request and the local lists that hold its entries: checking their Count bounds the batch.</summary>
        public IReadOnlyList<ISymbol> Containers => _containers;

        public static PutRecordsFlow? Create(IOperation? requestArgument, MethodBody body)
        {
            var request = ObjectSite.Resolve(requestArgument, body);
            if (request is null)
            {
                return null;
            }

            var flow = new PutRecordsFlow(request);
            flow.Collect();
            return flow;
        }

        /// <summary>The entry objects an entry source or sequence source yields, as far as they can be seen.</summary>
        public IEnumerable<IOperation> EntriesOf(RecordsSource source) =>
            source.Kind == RecordsSourceKind.Entry
                ? new[] { source.Value }
                : ElementsOf(source.Value, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

        private void Collect()
        {
            if (Request.Symbol is { } requestSymbol)
            {
                _containers.Add(requestSymbol);
            }

            var requestResets = ResetsOfRequest();
            foreach (var value in Request.ValuesOf("Records"))
            {
                AddSequence(value, requestResets, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));
            }

            foreach (var initializer in Request.NestedInitializersOf("Records"))
            {
                AddInitializerElements(initializer, requestResets);
            }

            if (Request.Symbol is not null)
            {
                foreach (var operation in Body.Operations)
                {
                    if (operation is IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "Records" } records } call
                        && Request.IsReferencedBy(records.Instance))
                    {
                        AddCall(call, requestResets);
                    }
                }
            }

            Sources = _sources.ToImmutable();
        }

        private void AddSequence(IOperation value, ImmutableArray<TextSpan> resets, HashSet<ILocalSymbol> visited)
        {
            if (OperationValues.Unwrap(value) is ILocalReferenceOperation { Local: var list } && visited.Add(list))
            {
                var writes = Body.WritesOf(list);
                if (writes.IteratedBy is null && !writes.IsOpaque)
                {
                    // A local list that becomes the Records: follow what it is built from.
                    _containers.Add(list);
                    var listResets = ResetsOfLocal(list, writes, Body);
                    foreach (var written in writes.Values)
                    {
                        AddSequence(written, listResets, visited);
                    }

                    _sources.AddRange(AdditionsTo(list, listResets, Body));
                    return;
                }
            }

            if (OperationValues.Unwrap(value) is IObjectCreationOperation creation)
            {
                // new List<PutRecordsRequestEntry>(source) { entry, ... }: the source, then each element.
                foreach (var argument in creation.Arguments)
                {
                    if (IsSequence(argument.Value))
                    {
                        _sources.Add(new RecordsSource(RecordsSourceKind.Sequence, argument.Value, value, resets));
                    }
                }

                if (creation.Initializer is { } initializer)
                {
                    AddInitializerElements(initializer, resets);
                }

                return;
            }

            _sources.Add(new RecordsSource(RecordsSourceKind.Sequence, value, value, resets));
        }

        private void AddInitializerElements(IObjectOrCollectionInitializerOperation initializer, ImmutableArray<TextSpan> resets)
        {
            foreach (var element in initializer.Initializers)
            {
                if (element is IInvocationOperation { Arguments.Length: > 0 } add)
                {
                    _sources.Add(new RecordsSource(RecordsSourceKind.Entry, add.Arguments[0].Value, element, resets));
                }
            }
        }

        private void AddCall(IInvocationOperation call, ImmutableArray<TextSpan> resets)
        {
            if (TryGetAddition(call, resets, out var source))
            {
                _sources.Add(source);
            }
        }

        /// <summary>What Add, Insert, AddRange and InsertRange calls on a local list put into it.</summary>
        public static ImmutableArray<RecordsSource> AdditionsTo(ILocalSymbol list, MethodBody body) =>
            AdditionsTo(list, ResetsOfLocal(list, body.WritesOf(list), body), body);

        private static ImmutableArray<RecordsSource> AdditionsTo(ILocalSymbol list, ImmutableArray<TextSpan> resets, MethodBody body)
        {
            var additions = ImmutableArray.CreateBuilder<RecordsSource>();
            foreach (var operation in body.Operations)
            {
                if (operation is IInvocationOperation call
                    && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(call.Instance), list)
                    && TryGetAddition(call, resets, out var source))
                {
                    additions.Add(source);
                }
            }

            return additions.ToImmutable();
        }

        private static bool TryGetAddition(IInvocationOperation call, ImmutableArray<TextSpan> resets, out RecordsSource source)
        {
            switch (call.TargetMethod.Name)
            {
                case "Add" or "Insert" when OperationValues.Argument(call, "item") is { } item:
                    source = new RecordsSource(RecordsSourceKind.Entry, item, call, resets);
                    return true;
                case "AddRange" or "InsertRange" when OperationValues.Argument(call, "collection") is { } collection:
                    source = new RecordsSource(RecordsSourceKind.Range, collection, call, resets);
                    return true;
                default:
                    source = default;
                    return false;
            }
        }

        /// <summary>The request's declaration, every Records assignment and every Records.Clear().</summary>
        private ImmutableArray<TextSpan> ResetsOfRequest()
        {
            var resets = ImmutableArray.CreateBuilder<TextSpan>();
            foreach (var creation in Request.Creations)
            {
                resets.Add(creation.Syntax.Span);
            }

            if (Request.Symbol is { } symbol)
            {
                resets.Add(Request.Declaration);
                foreach (var assignment in Body.MemberAssignments(symbol, "Records"))
                {
                    resets.Add(assignment.Syntax.Span);
                }

                foreach (var operation in Body.Operations)
                {
                    if (operation is IInvocationOperation { TargetMethod.Name: "Clear", Instance: IPropertyReferenceOperation { Property.Name: "Records" } records }
                        && Request.IsReferencedBy(records.Instance))
                    {
                        resets.Add(operation.Syntax.Span);
                    }
                }
            }

            return resets.ToImmutable();
        }

        /// <summary>The list's declaration, every assignment to it and every Clear().</summary>
        private static ImmutableArray<TextSpan> ResetsOfLocal(ILocalSymbol list, LocalWrites writes, MethodBody body)
        {
            var resets = ImmutableArray.CreateBuilder<TextSpan>();
            if (list.DeclaringSyntaxReferences.Length > 0)
            {
                resets.Add(list.DeclaringSyntaxReferences[0].Span);
            }

            foreach (var written in writes.Values)
            {
                resets.Add((written.Parent ?? written).Syntax.Span);
            }

            foreach (var operation in body.Operations)
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Clear" } clear
                    && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(clear.Instance), list))
                {
                    resets.Add(operation.Syntax.Span);
                }
            }

            return resets.ToImmutable();
        }

        /// <summary>The elements of a sequence as far as they are written out: initializer elements, Select results, appended items.</summary>
        private IEnumerable<IOperation> ElementsOf(IOperation sequence, HashSet<ILocalSymbol> visited)
        {
            switch (OperationValues.UnwrapAwait(sequence))
            {
                case IObjectCreationOperation creation:
                    if (creation.Initializer is { } initializer)
                    {
                        foreach (var element in initializer.Initializers)
                        {
                            if (element is IInvocationOperation { Arguments.Length: > 0 } add)
                            {
                                yield return add.Arguments[0].Value;
                            }
                        }
                    }

                    foreach (var argument in creation.Arguments)
                    {
                        if (IsSequence(argument.Value))
                        {
                            foreach (var element in ElementsOf(argument.Value, visited))
                            {
                                yield return element;
                            }
                        }
                    }

                    break;

                case IArrayCreationOperation { Initializer: { } arrayInitializer }:
                    foreach (var element in arrayInitializer.ElementValues)
                    {
                        yield return element;
                    }

                    break;

                case IInvocationOperation invocation:
                    var shape = LinqMethods.Classify(invocation.TargetMethod);
                    if (shape == LinqShape.Unknown || shape == LinqShape.Expands || shape == LinqShape.Chunks)
                    {
                        break;
                    }

                    if (invocation.TargetMethod.Name == "Select" && invocation.Arguments.Length == 2)
                    {
                        foreach (var returned in LambdaResults(invocation.Arguments[1].Value))
                        {
                            yield return returned;
                        }

                        break;
                    }

                    if (OperationValues.Receiver(invocation) is { } source)
                    {
                        foreach (var element in ElementsOf(source, visited))
                        {
                            yield return element;
                        }
                    }

                    if (shape == LinqShape.AddsOne && OperationValues.Argument(invocation, "element") is { } appended)
                    {
                        yield return appended;
                    }
                    else if (shape == LinqShape.Joins && OperationValues.Argument(invocation, "second") is { } second)
                    {
                        foreach (var element in ElementsOf(second, visited))
                        {
                            yield return element;
                        }
                    }

                    break;

                case ILocalReferenceOperation local when visited.Add(local.Local) && Body.TryGetSingleValue(local.Local, out var value):
                    foreach (var element in ElementsOf(value, visited))
                    {
                        yield return element;
                    }

                    break;
            }
        }

        /// <summary>True for a value that is a sequence (not a string, not a capacity).</summary>
        public static bool IsSequence(IOperation? value)
        {
            var type = OperationValues.Unwrap(value)?.Type ?? value?.Type;
            if (type is null || type.SpecialType == SpecialType.System_String)
            {
                return false;
            }

            if (type is IArrayTypeSymbol || type.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                if (candidate.SpecialType == SpecialType.System_Collections_IEnumerable)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The values a lambda returns (its expression body, or its return statements).</summary>
        private static IEnumerable<IOperation> LambdaResults(IOperation delegateValue)
        {
            var value = OperationValues.Unwrap(delegateValue);
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target;
            }

            if (value is not IAnonymousFunctionOperation lambda)
            {
                yield break;
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned } && OwnerOf(operation) == lambda)
                {
                    yield return returned;
                }
            }
        }

        private static IOperation? OwnerOf(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }
    }
}
