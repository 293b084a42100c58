using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Rules
{
    /// <summary>
    /// KIN004's question "is FailedRecordCount only logged?": written into a log call (ILogger, Console,
    /// Debug, Trace, log4net, Serilog, NLog), or tested by an if whose branch does nothing but log.
    /// Logging the count still loses the failed entries.
    /// </summary>
    internal static class LoggingUse
    {
        public static bool IsOnlyLogged(IOperation count)
        {
            var node = count;
            for (var parent = node.Parent; parent is not null; node = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConversionOperation or IInterpolationOperation or IInterpolatedStringOperation or IArgumentOperation
                        or IArrayInitializerOperation or IArrayCreationOperation or IParenthesizedOperation:
                        continue;
                    case IBinaryOperation { Type.SpecialType: SpecialType.System_String }:
                        continue; // "failed: " + count
                    case IInvocationOperation { TargetMethod: { Name: "Format" or "Concat", ContainingType.SpecialType: SpecialType.System_String } }:
                        continue;
                    case IInvocationOperation invocation:
                        return IsLogging(invocation);
                    case IBinaryOperation comparison:
                        return comparison.Parent is IConditionalOperation { WhenFalse: null } branch
                            && ReferenceEquals(branch.Condition, comparison)
                            && OnlyLogs(branch.WhenTrue);
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="branch"/> only calls logging methods: no throw, return, retry or hand-off.</summary>
        private static bool OnlyLogs(IOperation branch)
        {
            var logs = false;
            foreach (var operation in branch.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IThrowOperation or IReturnOperation or IBranchOperation or IAwaitOperation or ISimpleAssignmentOperation or ICompoundAssignmentOperation:
                        return false;
                    case IInvocationOperation invocation:
                        if (IsLogging(invocation))
                        {
                            logs = true;
                        }
                        else if (invocation.TargetMethod.ContainingType?.SpecialType != SpecialType.System_String)
                        {
                            return false;
                        }

                        break;
                }
            }

            return logs;
        }

        public static bool IsLogging(IInvocationOperation invocation)
        {
            // Console.Error.WriteLine, Console.Out.Write: a TextWriter reached through Console.
            if (invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Error" or "Out", ContainingType: { Name: "Console" } } })
            {
                return true;
            }

            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns.StartsWith("Microsoft.Extensions.Logging", System.StringComparison.Ordinal)
                || ns.StartsWith("Serilog", System.StringComparison.Ordinal)
                || ns.StartsWith("log4net", System.StringComparison.Ordinal)
                || ns.StartsWith("NLog", System.StringComparison.Ordinal))
            {
                return true;
            }

            return ns == "System" && type.Name == "Console" && method.Name is "Write" or "WriteLine"
                || ns == "System.Diagnostics" && type.Name is "Debug" or "Trace";
        }
    }
}
