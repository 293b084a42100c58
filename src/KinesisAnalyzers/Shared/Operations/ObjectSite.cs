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

        /// <summary>The object an expression denotes, or null when it cannot be followed (a field, a call result, unbound code).</summary>
        public static ObjectSite? Resolve(IOperation? expression, MethodBody body)
        {
            var value = OperationValues.Unwrap(expression);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return new ObjectSite(body, null, ImmutableArray.Create(creation), creation.Syntax.Span);

                case ILocalReferenceOperation local:
                    var writes = body.WritesOf(local.Local);
                    if (writes.IteratedBy is not null)
                    {
                        return null;
                    }

                    var creations = ImmutableArray.CreateBuilder<IObjectCreationOperation>();
                    foreach (var written in writes.Values)
                    {
                        if (OperationValues.Unwrap(written) is IObjectCreationOperation made)
                        {
                            creations.Add(made);
                        }
                    }

                    var declaration = local.Local.DeclaringSyntaxReferences.Length > 0
                        ? local.Local.DeclaringSyntaxReferences[0].Span
                        : local.Syntax.Span;
                    return new ObjectSite(body, local.Local, creations.ToImmutable(), declaration);

                case IParameterReferenceOperation parameter:
                    // A request passed in: only assignments made here can be seen.
                    return new ObjectSite(body, parameter.Parameter, ImmutableArray<IObjectCreationOperation>.Empty, default);

                default:
                    return null;
            }
        }

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

        /// <summary>True when <paramref name="expression"/> denotes this object (its local or parameter).</summary>
        public bool IsReferencedBy(IOperation? expression) =>
            Symbol is not null && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(expression), Symbol);
    }
}
