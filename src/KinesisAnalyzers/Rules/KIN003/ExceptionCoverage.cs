using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace KinesisAnalyzers.Shared
{
    /// <summary>Whether an exception thrown at an operation is caught before it leaves the enclosing function.</summary>
    internal enum Coverage
    {
        NotCaught,
        Caught,

        /// <summary>A catch clause names a type that does not bind: it may well be the right one.</summary>
        Unknown,
    }

    /// <summary>
    /// "Is this exception handled here?": looks for a try whose body (not its catch or finally)
    /// holds the operation and that has a catch clause for the exception or a base of it
    /// (a bare catch and catch (Exception) included; a filter still counts as handling).
    /// Stops at the enclosing lambda or local function, whose caller this walk cannot see.
    /// </summary>
    internal static class ExceptionCoverage
    {
        public static Coverage Find(IOperation thrownAt, ITypeSymbol exception)
        {
            var unknown = false;
            for (var current = thrownAt; current.Parent is { } parent; current = parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }

                if (parent is ITryOperation tryOperation && tryOperation.Body == current)
                {
                    if (tryOperation.Syntax.ContainsDiagnostics)
                    {
                        // A try being typed (no catch yet, a catch type half written): do not judge it.
                        unknown = true;
                    }

                    foreach (var clause in tryOperation.Catches)
                    {
                        var caught = clause.ExceptionType;
                        if (caught is null || caught.SpecialType == SpecialType.System_Object)
                        {
                            return Coverage.Caught;
                        }

                        if (caught.TypeKind == TypeKind.Error)
                        {
                            unknown = true;
                        }
                        else if (TypeHierarchy.DerivesFrom(exception, caught))
                        {
                            return Coverage.Caught;
                        }
                    }
                }
            }

            return unknown ? Coverage.Unknown : Coverage.NotCaught;
        }
    }
}
