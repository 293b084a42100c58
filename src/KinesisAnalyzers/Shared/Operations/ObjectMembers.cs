using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Finds what code does with one property of one object, e.g. the Records of a PutRecordsRequest
    /// or the ExplicitHashKey of an entry: the object initializer of its creation, and
    /// <c>x.Property</c> uses through the same local or parameter anywhere in the member body.
    /// </summary>
    internal static class ObjectMembers
    {
        /// <summary>
        /// Every reference to property <paramref name="propertyName"/> of the object <paramref name="instance"/>
        /// denotes (an object creation, the implicit receiver inside its initializer, or a local or
        /// parameter holding it). The caller looks at each reference's parent: an assignment, a
        /// member initializer, or a call on the property value.
        /// </summary>
        public static ImmutableArray<IPropertyReferenceOperation> References(IOperation instance, string propertyName)
        {
            var builder = ImmutableArray.CreateBuilder<IPropertyReferenceOperation>();
            instance = OperationValues.Unwrap(instance) ?? instance;
            if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                instance = ObjectSite.CreationOfImplicitReceiver(instance) ?? instance;
            }

            ISymbol? holder = null;
            switch (instance)
            {
                case IObjectCreationOperation creation:
                    builder.AddRange(InitializerTargets(creation.Initializer, propertyName));
                    holder = ObjectSite.LocalInitializedWith(creation);
                    break;
                case ILocalReferenceOperation local:
                    holder = local.Local;
                    break;
                case IParameterReferenceOperation parameter:
                    holder = parameter.Parameter;
                    break;
            }

            if (holder is null)
            {
                return builder.ToImmutable();
            }

            foreach (var node in MethodBody.Of(instance).Operations)
            {
                switch (node)
                {
                    case IVariableDeclaratorOperation declarator
                        when holder is ILocalSymbol && SymbolEqualityComparer.Default.Equals(declarator.Symbol, holder)
                            && OperationValues.Unwrap(declarator.Initializer?.Value) is IObjectCreationOperation created
                            && !ReferenceEquals(created, instance):
                        builder.AddRange(InitializerTargets(created.Initializer, propertyName));
                        break;
                    case IPropertyReferenceOperation property
                        when property.Property.Name == propertyName
                            && SymbolEqualityComparer.Default.Equals(MethodBody.ReferencedSymbol(property.Instance), holder):
                        builder.Add(property);
                        break;
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>
        /// The entries of an object initializer that set property <paramref name="propertyName"/>:
        /// <c>Property = value</c> (parent: the assignment) or <c>Property = { ... }</c> (parent: the member initializer).
        /// </summary>
        public static IEnumerable<IPropertyReferenceOperation> InitializerTargets(IObjectOrCollectionInitializerOperation? initializer, string propertyName)
        {
            if (initializer is null)
            {
                yield break;
            }

            foreach (var entry in initializer.Initializers)
            {
                var target = entry switch
                {
                    ISimpleAssignmentOperation assignment => assignment.Target,
                    IMemberInitializerOperation member => member.InitializedMember,
                    _ => null,
                };

                if (target is IPropertyReferenceOperation property && property.Property.Name == propertyName)
                {
                    yield return property;
                }
            }
        }
    }
}
