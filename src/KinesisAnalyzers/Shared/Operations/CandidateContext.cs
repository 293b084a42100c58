using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Shared
{
    /// <summary>What a rule's action gets for one candidate: the file's semantic model, where to report, and the member it is in.</summary>
    internal readonly struct CandidateContext
    {
        private readonly SemanticModelAnalysisContext _context;

        public CandidateContext(SemanticModelAnalysisContext context, SyntaxNode node)
        {
            _context = context;
            Node = node;
        }

        public SyntaxNode Node { get; }

        public SemanticModel SemanticModel => _context.SemanticModel;

        public AnalyzerOptions Options => _context.Options;

        public CancellationToken CancellationToken => _context.CancellationToken;

        /// <summary>The member (method, accessor, constructor, top-level statements' Main) whose body holds the node, through lambdas and local functions.</summary>
        public ISymbol? ContainingSymbol => EnclosingFunction.MemberAt(SemanticModel, Node.SpanStart, CancellationToken);

        public void ReportDiagnostic(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);
    }
}
