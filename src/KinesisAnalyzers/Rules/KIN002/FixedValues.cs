using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// Recognises values that are the same for the whole life of the process: compile-time
    /// constants, static readonly fields, get-only static properties declared in source, and
    /// strings computed only from those (<c>Guid.Empty.ToString()</c>, <c>$"{Prefix}-x"</c>).
    /// </summary>
    internal static class FixedValues
    {
        private const int MaxDepth = 8;

        /// <summary>True when <paramref name="value"/> never changes.</summary>
        public static bool IsFixed(IOperation? value) => IsFixed(value, 0);

        /// <summary>
        /// Why <paramref name="value"/> never changes, as the end of a sentence that starts with
        /// its subject ("is the constant \"orders\"", "'Keys.Orders' is a static readonly field"),
        /// or null when it can change.
        /// </summary>
        public static string? Describe(IOperation? value)
        {
            var unwrapped = OperationValues.Unwrap(value);
            if (unwrapped is null || !IsFixed(unwrapped, 0))
            {
                return null;
            }

            if (unwrapped.ConstantValue is { HasValue: true, Value: { } constant })
            {
                return "is the constant " + Format(constant);
            }

            var text = Text(unwrapped);
            switch (unwrapped)
            {
                case IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } }:
                    return "is the empty string";
                case IFieldReferenceOperation:
                    return text + " is a static readonly field";
                case IPropertyReferenceOperation:
                    return text + " is a get-only static property";
                default:
                    return text + " is computed only from constants and static readonly values";
            }
        }

        /// <summary>The source of <paramref name="operation"/> in quotes, shortened for a message.</summary>
        public static string Text(IOperation operation) => "'" + OperationValues.Describe(operation) + "'";

        private static string Format(object constant)
        {
            if (constant is string text)
            {
                return SymbolDisplay.FormatLiteral(OperationValues.Shorten(text, 40), quote: true);
            }

            return System.Convert.ToString(constant, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        private static bool IsFixed(IOperation? value, int depth)
        {
            value = OperationValues.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return false;
            }

            if (value.ConstantValue.HasValue)
            {
                // A null key is a different mistake (the request fails validation).
                return value.ConstantValue.Value is not null;
            }

            switch (value)
            {
                case IFieldReferenceOperation field:
                    return field.Field.IsStatic && (field.Field.IsReadOnly || field.Field.IsConst);
                case IPropertyReferenceOperation property:
                    return property.Property.IsStatic && IsFixedSourceProperty(property.Property);
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.All(part => part is not IInterpolationOperation interpolation || IsFixed(interpolation.Expression, depth + 1));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    return IsFixed(binary.LeftOperand, depth + 1) && IsFixed(binary.RightOperand, depth + 1);
                case IInvocationOperation invocation when IsPureStringMethod(invocation.TargetMethod):
                    return (invocation.Instance is null || IsFixed(invocation.Instance, depth + 1))
                        && invocation.Arguments.All(argument => IsFormatProvider(argument.Value) || IsFixed(argument.Value, depth + 1));
                default:
                    return false;
            }
        }

        /// <summary>
        /// ToString and the methods of System.String return the same text for the same inputs.
        /// </summary>
        internal static bool IsPureStringMethod(IMethodSymbol method)
        {
            if (method.Name == "ToString")
            {
                return true;
            }

            return method.ContainingType?.SpecialType == SpecialType.System_String
                && method.Name is "Concat" or "Format" or "Join" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant"
                    or "Trim" or "TrimStart" or "TrimEnd" or "Substring" or "Replace" or "PadLeft" or "PadRight" or "Normalize";
        }

        /// <summary>A culture or format provider argument does not make a string vary between records.</summary>
        internal static bool IsFormatProvider(IOperation value)
        {
            var type = OperationValues.Unwrap(value)?.Type;
            return type is not null && (IsFormatProviderInterface(type) || type.AllInterfaces.Any(IsFormatProviderInterface));

            static bool IsFormatProviderInterface(ITypeSymbol candidate) =>
                candidate.Name == "IFormatProvider" && candidate.ContainingNamespace?.ToDisplayString() == "System";
        }

        /// <summary>
        /// A static property declared in source as a get-only auto-property (<c>{ get; } = "x"</c>) or
        /// as an expression that is a literal (<c>=> "x"</c>). Other getters may compute a new value
        /// on every read, and metadata getters cannot be seen.
        /// </summary>
        private static bool IsFixedSourceProperty(IPropertySymbol property)
        {
            if (property.SetMethod is not null || property.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not PropertyDeclarationSyntax declaration)
                {
                    return false;
                }

                if (declaration.ExpressionBody is { } body)
                {
                    return body.Expression is LiteralExpressionSyntax;
                }

                var accessors = declaration.AccessorList?.Accessors;
                if (accessors is not { Count: 1 } list || !list[0].IsKind(SyntaxKind.GetAccessorDeclaration))
                {
                    return false;
                }

                var getter = list[0];
                if (getter.Body is null && getter.ExpressionBody is null)
                {
                    return true;
                }

                return getter.ExpressionBody?.Expression is LiteralExpressionSyntax;
            }

            return false;
        }
    }
}
