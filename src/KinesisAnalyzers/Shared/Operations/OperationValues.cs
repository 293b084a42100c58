using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>Small readings of an operation's value: what it is beneath conversions and awaits, its constant, whether it is bound.</summary>
    internal static class OperationValues
    {
        /// <summary>Looks through conversions and parentheses.</summary>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>Looks through conversions, parentheses, awaits and ConfigureAwait, to the operation producing the value.</summary>
        public static IOperation? UnwrapAwait(IOperation? operation)
        {
            while (true)
            {
                operation = Unwrap(operation);
                switch (operation)
                {
                    case IAwaitOperation awaited:
                        operation = awaited.Operation;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                        operation = awaitable;
                        break;
                    default:
                        return operation;
                }
            }
        }

        public static bool TryGetInteger(IOperation? operation, out long value)
        {
            var constant = operation?.ConstantValue ?? default;
            if (constant.HasValue && constant.Value is not null and not string and not bool and not char)
            {
                try
                {
                    value = Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
                    return true;
                }
                catch (Exception ex) when (ex is OverflowException or InvalidCastException or FormatException)
                {
                    // A constant that is not an integer (or does not fit): not a size we can use.
                }
            }

            value = 0;
            return false;
        }

        /// <summary>The length of a one-dimensional array creation: its initializer's element count, or its constant size.</summary>
        public static bool TryGetLength(IArrayCreationOperation array, out long length)
        {
            if (array.Initializer is { } initializer)
            {
                length = initializer.ElementValues.Length;
                return true;
            }

            if (array.DimensionSizes.Length == 1)
            {
                return TryGetInteger(array.DimensionSizes[0], out length);
            }

            length = 0;
            return false;
        }

        public static string? ConstantString(IOperation? operation) =>
            operation?.ConstantValue is { HasValue: true, Value: string text } ? text : null;

        /// <summary>True when <paramref name="method"/> is declared by the type with this metadata name (namespace and name).</summary>
        public static bool IsDeclaredBy(IMethodSymbol method, string containingNamespace, string typeName) =>
            TypeHierarchy.Is(method.ContainingType, containingNamespace, typeName);

        /// <summary>The receiver of a call: the instance, or the first argument of an extension method called in reduced form.</summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance is { } instance)
            {
                return instance;
            }

            return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                ? invocation.Arguments[0].Value
                : null;
        }

        // The one argument lookup of the rules: by parameter name or by ordinal (the receiver of an extension
        // method is 0); written = false also finds a default value the compiler filled in.

        /// <summary>The value passed for parameter <paramref name="name"/>, or null.</summary>
        public static IOperation? Argument(IInvocationOperation invocation, string name, bool written = false) =>
            Argument(invocation.Arguments, name, -1, written);

        /// <summary>The value passed for the parameter at <paramref name="ordinal"/>, or null.</summary>
        public static IOperation? Argument(IInvocationOperation invocation, int ordinal, bool written = false) =>
            Argument(invocation.Arguments, null, ordinal, written);

        /// <summary>The value passed for constructor parameter <paramref name="name"/>, or null.</summary>
        public static IOperation? Argument(IObjectCreationOperation creation, string name) => Argument(creation.Arguments, name, -1, written: false);

        private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string? name, int ordinal, bool written)
        {
            foreach (var argument in arguments)
            {
                if ((name is null ? argument.Parameter?.Ordinal == ordinal : argument.Parameter?.Name == name)
                    && !(written && argument.ArgumentKind == ArgumentKind.DefaultValue))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The source text of an operation, shortened for a diagnostic message.</summary>
        public static string Describe(IOperation operation, int maxLength = 60) =>
            Shorten(System.Text.RegularExpressions.Regex.Replace(operation.Syntax.ToString(), @"\s+", " "), maxLength);

        /// <summary><paramref name="text"/>, cut to <paramref name="maxLength"/> characters with "..." when longer.</summary>
        public static string Shorten(string text, int maxLength) =>
            text.Length <= maxLength ? text : text.Substring(0, maxLength - 3) + "...";
    }
}
