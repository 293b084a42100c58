using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Summaries of the project's own methods, computed once per compilation and shared by every
    /// rule: which methods send one record per call (they call PutRecord, or another such method,
    /// once, not in a loop or lambda), and which pass one of their parameters on as the partition key.
    /// Real producers wrap the SDK (<c>SendAsync(item)</c>, <c>Publish(evt)</c>); these summaries let
    /// a rule judge the call in the loop, in another file, through an interface the project implements.
    /// <para>
    /// Cheap first: no walk over the project's syntax. Seeds (PutRecord calls, PartitionKey assignments)
    /// and a wrapper's callers are found by searching the files' text for the name and looking at the
    /// token there (<see cref="SourceNames"/>); only those calls are bound. The call graph is
    /// followed <see cref="MaxDepth"/> wrappers deep; a method already summarised is never revisited,
    /// so recursion and cycles end.
    /// </para>
    /// </summary>
    internal sealed class ProjectMethods
    {
        /// <summary>How many wrapper levels above the SDK call are followed.</summary>
        public const int MaxDepth = 6;

        private static readonly ConditionalWeakTable<Compilation, ProjectMethods> Cache = new ConditionalWeakTable<Compilation, ProjectMethods>();

        private readonly Compilation _compilation;
        private readonly KinesisSymbols _symbols;
        private readonly IterationSymbols _iterations;
        private readonly object _gate = new object();
        private readonly Dictionary<IMethodSymbol, RecordSender> _senders = new Dictionary<IMethodSymbol, RecordSender>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, int> _keyParameters = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        private readonly HashSet<string> _senderNames = new HashSet<string>();
        private readonly HashSet<string> _keyPassingNames = new HashSet<string>();
        private readonly Dictionary<IMethodSymbol, List<InvocationExpressionSyntax>> _calls = new Dictionary<IMethodSymbol, List<InvocationExpressionSyntax>>(SymbolEqualityComparer.Default);
        private readonly SourceNames _names;
        private volatile bool _computed;

        private ProjectMethods(Compilation compilation, KinesisSymbols symbols)
        {
            _compilation = compilation;
            _symbols = symbols;
            _iterations = IterationSymbols.Create(compilation);
            _names = new SourceNames(compilation);
        }

        /// <summary>The summaries of <paramref name="symbols"/>' compilation, computed on first use.</summary>
        public static ProjectMethods Of(KinesisSymbols symbols, CancellationToken cancellationToken)
        {
            var methods = For(symbols);
            methods.EnsureComputed(cancellationToken);
            return methods;
        }

        /// <summary>The project's methods, for call-site questions only (<see cref="CallsOf"/>): the summaries are not computed.</summary>
        public static ProjectMethods For(KinesisSymbols symbols) => Cache.GetValue(symbols.Compilation, c => new ProjectMethods(c, symbols));

        /// <summary>Names of the project methods that send one record per call (what KIN001 searches the files for).</summary>
        public IReadOnlyCollection<string> SenderNames => _senderNames;

        /// <summary>Names of the project methods that pass a parameter on as the partition key.</summary>
        public IReadOnlyCollection<string> KeyPassingNames => _keyPassingNames;

        /// <summary>What <paramref name="method"/> sends per call, when it is a project method that sends one record per call.</summary>
        public RecordSender? SenderOf(IMethodSymbol method) =>
            _senders.TryGetValue(Definition(method), out var sender) ? sender : null;

        /// <summary>The ordinal of the parameter <paramref name="method"/> uses as the partition key, or -1.</summary>
        public int KeyParameterOf(IMethodSymbol method) =>
            _keyParameters.TryGetValue(Definition(method), out var ordinal) ? ordinal : -1;

        /// <summary>
        /// True when some code of the compilation calls <paramref name="method"/> (or the interface or base
        /// member it implements). Looked up on demand, among the uses of the method's name.
        /// </summary>
        public bool IsCalledInCompilation(IMethodSymbol method, CancellationToken cancellationToken) =>
            CallsOf(method, cancellationToken).Count > 0;

        /// <summary>
        /// The calls in the compilation of <paramref name="method"/>, directly or through the interface or base member
        /// it implements (looked up once per method, among the uses of its name).
        /// </summary>
        public IReadOnlyList<InvocationExpressionSyntax> CallsOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = Definition(method);
            lock (_calls)
            {
                if (_calls.TryGetValue(method, out var known))
                {
                    return known;
                }
            }

            var targets = new HashSet<IMethodSymbol>(ImplementedMembers(method), SymbolEqualityComparer.Default) { method };
            var calls = new List<InvocationExpressionSyntax>();
            foreach (var name in _names.UsesOf(method.Name, cancellationToken))
            {
                if (SourceNames.CallOf(name) is { } call
                    && SemanticModelOf(call.SyntaxTree).GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
                    && targets.Contains(Definition(target)))
                {
                    calls.Add(call);
                }
            }

            lock (_calls)
            {
                _calls[method] = calls;
            }

            return calls;
        }

        /// <summary>The operation of a call found by <see cref="CallsOf"/> (in any file of the compilation).</summary>
        public IInvocationOperation? OperationOf(InvocationExpressionSyntax call, CancellationToken cancellationToken) =>
            SemanticModelOf(call.SyntaxTree).GetOperation(call, cancellationToken) as IInvocationOperation;

        private static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

        private void EnsureComputed(CancellationToken cancellationToken)
        {
            if (_computed)
            {
                return;
            }

            lock (_gate)
            {
                if (_computed)
                {
                    return;
                }

                // A cancelled computation leaves nothing half-built behind: start again next time.
                _senders.Clear();
                _keyParameters.Clear();
                _senderNames.Clear();
                _keyPassingNames.Clear();
                Compute(cancellationToken);
                _computed = true;
            }
        }

        private void Compute(CancellationToken cancellationToken)
        {
            var newSenders = new List<IMethodSymbol>();
            var newKeyPassers = new List<IMethodSymbol>();
            var producer = _symbols.KinesisProducer is not null;
            foreach (var tree in _compilation.SyntaxTrees)
            {
                SemanticModel? model = null;

                // Only a method whose name the project uses can be called in a loop or pass a key on: the
                // others are not bound here (binding every put's method a second time doubled the rules' cost).
                foreach (var name in SourceNames.NamesContaining(tree, "PutRecord", cancellationToken))
                {
                    if (KinesisSymbols.IsPutRecordName(name.Identifier.ValueText) && SourceNames.CallOf(name) is { } put && IsInUsedMethod(put, cancellationToken))
                    {
                        SeedSender(put, name.Identifier.ValueText, model ??= SemanticModelOf(tree), newSenders, cancellationToken);
                    }
                }

                foreach (var name in SourceNames.NamesContaining(tree, "PartitionKey", cancellationToken))
                {
                    if (name.Identifier.ValueText == "PartitionKey"
                        && SourceNames.AssignmentTo(name) is { Right: IdentifierNameSyntax value } assignment
                        && IsInUsedMethod(value, cancellationToken))
                    {
                        SeedKeyAssignment(assignment.Left, value, model ??= SemanticModelOf(tree), newKeyPassers, cancellationToken);
                    }
                }

                if (producer)
                {
                    foreach (var callName in KinesisSymbols.ProducerCallNames)
                    {
                        foreach (var name in SourceNames.UsesIn(tree, callName, cancellationToken))
                        {
                            if (SourceNames.CallOf(name) is { } producerCall && IsInUsedMethod(producerCall, cancellationToken))
                            {
                                SeedProducerCall(producerCall, model ??= SemanticModelOf(tree), newKeyPassers, cancellationToken);
                            }
                        }
                    }
                }
            }

            for (var depth = 0; depth < MaxDepth && (newSenders.Count > 0 || newKeyPassers.Count > 0); depth++)
            {
                var senders = newSenders;
                var keyPassers = newKeyPassers;
                newSenders = new List<IMethodSymbol>();
                newKeyPassers = new List<IMethodSymbol>();
                FindCallers(senders, keyPassers, newSenders, newKeyPassers, cancellationToken);
            }
        }

        /// <summary>True when <paramref name="node"/> is in a method declaration whose name some code uses.</summary>
        private bool IsInUsedMethod(SyntaxNode node, CancellationToken cancellationToken)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is MethodDeclarationSyntax method)
                {
                    return _names.IsUsed(method.Identifier.ValueText, cancellationToken);
                }
            }

            return false;
        }

        /// <summary>
        /// A PutRecord that runs at most once per call of its method: not repeated per element (a retry
        /// loop, or a lambda handed to a retry helper, still sends one record).
        /// </summary>
        private void SeedSender(InvocationExpressionSyntax put, string putName, SemanticModel model, List<IMethodSymbol> added, CancellationToken cancellationToken)
        {
            if (DeclaringMethod(put) is not { } declaration
                || model.GetOperation(put, cancellationToken) is not IInvocationOperation invocation
                || !_symbols.IsPutRecord(invocation.TargetMethod)
                || !BoundCode.IsFullyBound(invocation)
                || IterationScope.FindRepeating(invocation, _iterations) is not null
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
            {
                return;
            }

            AddSender(method, new RecordSender(method, putName), added);
        }

        private void SeedKeyAssignment(ExpressionSyntax left, IdentifierNameSyntax value, SemanticModel model, List<IMethodSymbol> added, CancellationToken cancellationToken)
        {
            if (EnclosingMethod(value) is not { } declaration
                || model.GetSymbolInfo(left, cancellationToken).Symbol is not IPropertySymbol property
                || !(IsType(property.ContainingType, _symbols.PutRecordRequest) || IsType(property.ContainingType, _symbols.PutRecordsRequestEntry))
                || model.GetSymbolInfo(value, cancellationToken).Symbol is not IParameterSymbol parameter
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method
                || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
            {
                return;
            }

            AddKeyParameter(method, parameter.Ordinal, added);
        }

        private void SeedProducerCall(InvocationExpressionSyntax call, SemanticModel model, List<IMethodSymbol> added, CancellationToken cancellationToken)
        {
            if (call.ArgumentList.Arguments.Count == 0
                || call.ArgumentList.Arguments[0] is not { NameColon: null, Expression: IdentifierNameSyntax key }
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol target
                || !IsType(target.ContainingType, _symbols.KinesisProducer)
                || target.Parameters.IsEmpty
                || target.Parameters[0].Name != "partitionKey")
            {
                return;
            }

            PassParameter(key, model, added, cancellationToken);
        }

        /// <summary>Callers of the methods summarised last round become senders or key passers themselves.</summary>
        private void FindCallers(List<IMethodSymbol> senders, List<IMethodSymbol> keyPassers, List<IMethodSymbol> newSenders, List<IMethodSymbol> newKeyPassers, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>();
            foreach (var method in senders)
            {
                names.Add(method.Name);
            }

            foreach (var method in keyPassers)
            {
                names.Add(method.Name);
            }

            foreach (var name in names)
            {
                foreach (var use in _names.UsesOf(name, cancellationToken))
                {
                    if (SourceNames.CallOf(use) is not { } call)
                    {
                        continue;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    var model = SemanticModelOf(call.SyntaxTree);
                    if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol target)
                    {
                        continue;
                    }

                    if (SenderOf(target) is { } sender
                        && OncePerCall(call) is { } declaration
                        && model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol caller)
                    {
                        AddSender(caller, sender, newSenders);
                    }

                    var keyOrdinal = KeyParameterOf(target);
                    if (keyOrdinal >= 0 && KeyArgument(call, target, keyOrdinal) is IdentifierNameSyntax passed)
                    {
                        PassParameter(passed, model, newKeyPassers, cancellationToken);
                    }
                }
            }
        }

        /// <summary>When <paramref name="value"/> is a parameter of its enclosing method, that method passes it on as the key.</summary>
        private void PassParameter(IdentifierNameSyntax value, SemanticModel model, List<IMethodSymbol> added, CancellationToken cancellationToken)
        {
            if (EnclosingMethod(value) is { } declaration
                && model.GetSymbolInfo(value, cancellationToken).Symbol is IParameterSymbol parameter
                && model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
            {
                AddKeyParameter(method, parameter.Ordinal, added);
            }
        }

        private static ExpressionSyntax? KeyArgument(InvocationExpressionSyntax call, IMethodSymbol target, int ordinal)
        {
            var parameters = target.Parameters;
            var arguments = call.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (argument.NameColon is { } nameColon)
                {
                    if (ordinal < parameters.Length && nameColon.Name.Identifier.ValueText == parameters[ordinal].Name)
                    {
                        return argument.Expression;
                    }
                }
                else if (i == ordinal)
                {
                    return argument.Expression;
                }
            }

            return null;
        }

        private void AddSender(IMethodSymbol method, RecordSender sender, List<IMethodSymbol> added) =>
            AddSummary(_senders, _senderNames, method, sender, added);

        private void AddKeyParameter(IMethodSymbol method, int ordinal, List<IMethodSymbol> added) =>
            AddSummary(_keyParameters, _keyPassingNames, method, ordinal, added);

        /// <summary>
        /// Records <paramref name="summary"/> for <paramref name="method"/> once, and for the interface or base members it
        /// implements: a call through those does the same.
        /// </summary>
        private static void AddSummary<T>(Dictionary<IMethodSymbol, T> summaries, HashSet<string> names, IMethodSymbol method, T summary, List<IMethodSymbol> added)
        {
            method = method.OriginalDefinition;
            if (summaries.ContainsKey(method))
            {
                return;
            }

            foreach (var member in ImplementedMembers(method).Prepend(method))
            {
                if (!summaries.ContainsKey(member))
                {
                    summaries.Add(member, summary);
                    names.Add(member.Name);
                    added.Add(member);
                }
            }
        }

        /// <summary>The interface members and base methods <paramref name="method"/> implements or overrides.</summary>
        private static IEnumerable<IMethodSymbol> ImplementedMembers(IMethodSymbol method)
        {
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                yield return overridden.OriginalDefinition;
            }

            var type = method.ContainingType;
            if (type is null || method.IsStatic)
            {
                yield break;
            }

            foreach (var candidate in type.AllInterfaces)
            {
                foreach (var member in candidate.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod)?.OriginalDefinition, method))
                    {
                        yield return interfaceMethod.OriginalDefinition;
                    }
                }
            }
        }

        /// <summary>
        /// The method declaration <paramref name="call"/> runs in once per call of that method: not inside a
        /// loop, a lambda or a local function of it (those may run it many times, or never). Null otherwise.
        /// </summary>
        private static MethodDeclarationSyntax? OncePerCall(SyntaxNode call)
        {
            for (var node = call.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case MethodDeclarationSyntax method:
                        return method;
                    case ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The method declaration holding <paramref name="node"/>, through lambdas but not local functions.</summary>
        private static MethodDeclarationSyntax? DeclaringMethod(SyntaxNode node)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case MethodDeclarationSyntax method:
                        return method;
                    case LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The method declaration whose own body (not a lambda or local function in it) holds <paramref name="node"/>.</summary>
        private static MethodDeclarationSyntax? EnclosingMethod(SyntaxNode node)
        {
            for (var parent = node.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case MethodDeclarationSyntax method:
                        return method;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

#pragma warning disable RS1030 // The analyzer driver's compilation caches one semantic model per tree, so this shares its bindings.
        private SemanticModel SemanticModelOf(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }

    /// <summary>A project method that sends one record per call, and the SDK call it reaches.</summary>
    internal sealed class RecordSender
    {
        public RecordSender(IMethodSymbol putter, string putName)
        {
            Putter = putter;
            PutName = putName;
        }

        /// <summary>The project method that calls the SDK.</summary>
        public IMethodSymbol Putter { get; }

        /// <summary>PutRecord or PutRecordAsync.</summary>
        public string PutName { get; }
    }
}
