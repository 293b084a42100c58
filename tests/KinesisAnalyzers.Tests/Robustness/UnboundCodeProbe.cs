using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>
/// Runs beside the KIN analyzers and records where the code does not bind: invalid operations, values
/// of an error type (or of a type built on one, such as List&lt;Missing&gt;) and conversions that do not
/// exist. That is what the analyzers themselves call unbound (OperationValues.IsInvalid, BoundCode).
/// The compiler reports only the first error of a cascade, so many of these carry no error of their own.
/// Running in the analyzers' pass costs no second binding.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class UnboundCodeProbe : DiagnosticAnalyzer
{
    private readonly SyntaxTree _tree;
    private readonly ConcurrentQueue<TextSpan> _unbound = new();

    public UnboundCodeProbe(SyntaxTree tree) => _tree = tree;

    // Never reported: the driver skips an analyzer without an enabled descriptor. A test-only id needs no release tracking.
#pragma warning disable RS2008
    private static readonly DiagnosticDescriptor Unused = new("PROBE", "Unbound code", "Unbound code", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

    public ImmutableArray<TextSpan> UnboundSpans => _unbound.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationBlockAction(block =>
        {
            foreach (var root in block.OperationBlocks)
            {
                if (root.Syntax.SyntaxTree != _tree)
                {
                    continue;
                }

                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is IInvalidOperation or IConversionOperation { Conversion.Exists: false } || ContainsErrorType(operation.Type))
                    {
                        _unbound.Enqueue(operation.Syntax.Span);
                    }
                }
            }
        });
    }

    private static bool ContainsErrorType(ITypeSymbol? type) => type switch
    {
        null => false,
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };
}
