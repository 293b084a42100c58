using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// A request or entry object followed through one method: the <c>new</c> expressions that
    /// make it (inline, or assigned to the local that holds it) and the local or parameter
    /// itself, so that both object-initializer members and later <c>x.Member = value</c>
    /// assignments are seen.
    /// </summary>
    internal sealed class ObjectSite
    {
        private ObjectSite(MethodBody body, ISymbol? symbol, ImmutableArray<IObjectCreationOperation> creations, TextSpan declaration)
        {
            Body = body;
            Symbol = symbol;
            Creations = creations;
            Declaration = declaration;
        }

        public MethodBody Body { get; }

        /// <summary>The local or parameter holding the object, or null for an inline <c>new</c>.</summary>
        public ISymbol? Symbol { get; }

        public ImmutableArray<IObjectCreationOperation> Creations { get; }

        /// <summary>Where the object (or its local) comes into being: a loop around it makes a fresh object per iteration.</summary>
        public TextSpan Declaration { get; }

        /// <summary>The object an expression of a member body denotes (inside an object initializer, the implicit receiver: the object being created).</summary>
        public static ObjectSite? Of(IOperation expression)
        {
            var body = MethodBody.Of(expression);
            if (expression is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver
                && CreationOfImplicitReceiver(receiver) is IObjectCreationOperation creation)
            {
                // var x = new T { ... }: later x.Member = value assignments give the same object values too.
                return LocalInitializedWith(creation) is { } local ? OfLocal(local, body, creation) : Resolve(creation, body);
            }

            return Resolve(expression, body);
        }

        /// <summary>The object an expression denotes, or null when it cannot be followed (a field, a call result, unbound code).</summary>
        public static ObjectSite? Resolve(IOperation? expression, MethodBody body)
        {
            var value = OperationValues.Unwrap(expression);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return new ObjectSite(body, null, ImmutableArray.Create(creation), creation.Syntax.Span);

                case ILocalReferenceOperation local:
                    return OfLocal(local.Local, body, local);

                case IParameterReferenceOperation parameter:
                    // A request passed in: only assignments made here can be seen.
                    return new ObjectSite(body, parameter.Parameter, ImmutableArray<IObjectCreationOperation>.Empty, default);

                default:
                    return null;
            }
        }

        private static ObjectSite OfLocal(ILocalSymbol local, MethodBody body, IOperation use)
        {
            var writes = body.WritesOf(local);
            if (writes.IteratedBy is not null)
            {
                // An element of a sequence: like a parameter, only assignments made here can be seen.
                return new ObjectSite(body, local, ImmutableArray<IObjectCreationOperation>.Empty, writes.IteratedBy.Syntax.Span);
            }

            var creations = ImmutableArray.CreateBuilder<IObjectCreationOperation>();
            foreach (var written in writes.Values)
            {
                if (OperationValues.Unwrap(written) is IObjectCreationOperation made)
                {
                    creations.Add(made);
                }
            }

            var declaration = local.DeclaringSyntaxReferences.Length > 0 ? local.DeclaringSyntaxReferences[0].Span : use.Syntax.Span;
            return new ObjectSite(body, local, creations.ToImmutable(), declaration);
        }

        /// <summary>The local that <c>var x = new T { ... }</c> declares with this creation, if any.</summary>
        public static ILocalSymbol? LocalInitializedWith(IObjectCreationOperation creation)
        {
            IOperation node = creation;
            while (node.Parent is IConversionOperation conversion)
            {
                node = conversion;
            }

            return node.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
        }

        /// <summary>The values given to property <paramref name="name"/> of the object <paramref name="instance"/> denotes (none when it cannot be followed).</summary>
        public static ImmutableArray<IOperation> AssignedValues(IOperation instance, string name) =>
            Of(instance)?.ValuesOf(name) ?? ImmutableArray<IOperation>.Empty;

        /// <summary>The values given to property <paramref name="name"/>: in object initializers and by assignments to the local.</summary>
        public ImmutableArray<IOperation> ValuesOf(string name)
        {
            var values = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var creation in Creations)
            {
                foreach (var property in ObjectMembers.InitializerTargets(creation.Initializer, name))
                {
                    if (property.Parent is ISimpleAssignmentOperation assignment)
                    {
                        values.Add(assignment.Value);
                    }
                }
            }

            if (Symbol is not null)
            {
                foreach (var assignment in Body.MemberAssignments(Symbol, name))
                {
                    values.Add(assignment.Value);
                }
            }

            return values.ToImmutable();
        }

        /// <summary>
        /// Nested collection initializers of property <paramref name="name"/>
        /// (<c>new PutRecordsRequest { Records = { entry1, entry2 } }</c>).
        /// </summary>
        public IEnumerable<IObjectOrCollectionInitializerOperation> NestedInitializersOf(string name)
        {
            foreach (var creation in Creations)
            {
                foreach (var property in ObjectMembers.InitializerTargets(creation.Initializer, name))
                {
                    if (property.Parent is IMemberInitializerOperation member)
                    {
                        yield return member.Initializer;
                    }
                }
            }
        }

        /// <summary>The object creation whose initializer an implicit receiver (<c>new T { Member = ... }</c>) refers to.</summary>
        public static IOperation? CreationOfImplicitReceiver(IOperation receiver)
        {
            for (var node = receiver.Parent; node is not null; node = node.Parent)
            {
                if (node is IObjectOrCollectionInitializerOperation initializer)
                {
                    return initializer.Parent as IObjectCreationOperation;
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="expression"/> denotes this object (its local or parameter).</summary>
        public bool IsReferencedBy(IOperation? expression) =>
            Symbol is not null && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(expression), Symbol);
    }
}
