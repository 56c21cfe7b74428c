using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoNode.NanoCheck;

/// <summary>
/// NANO001: language features that compile against the surface (or would compile with a fuller mscorlib) but that
/// nanoFramework 1.x cannot build or run. Found by walking the syntax trees:
/// <list type="bullet">
/// <item>generic type, delegate, interface, method or local function declarations: the 1.x metadata processor rejects
/// them (<c>NFMDP: Error 0x81010009</c>);</item>
/// <item><c>stackalloc</c>: the 1.x interpreter rejects IL <c>localloc</c>;</item>
/// <item><c>async</c> methods, local functions, lambdas and anonymous methods: no Task/async on 1.x;</item>
/// <item><c>record</c> declarations: records need generic <c>IEquatable&lt;T&gt;</c>;</item>
/// <item>tuple types and tuple literals: <c>ValueTuple&lt;...&gt;</c> is generic;</item>
/// <item>multidimensional arrays (<c>int[,]</c>): nanoCLR has jagged arrays only;</item>
/// <item>interface members with a body (default interface methods): not supported by nanoCLR 1.x.</item>
/// </list>
/// Allowed on purpose: <c>ref struct</c> declarations (mscorlib's own SpanByte is one), <c>unsafe</c> code (used by
/// nanoFramework's BinaryPrimitives), iterators, string interpolation (compiles to String.Format/Concat).
/// <c>dynamic</c> is left to the compiler: the surface has no DynamicAttribute, so it fails with CS1980.
/// </summary>
internal sealed class NanoRules : CSharpSyntaxWalker
{
    public const string Id = "NANO001";

    private readonly List<(SyntaxNodeOrToken Where, string Message)> _found = new();

    public static IEnumerable<(Location Location, string Message)> Find(SyntaxTree tree)
    {
        var walker = new NanoRules();
        walker.Visit(tree.GetRoot());
        return walker._found.Select(f => (f.Where.GetLocation()!, f.Message));
    }

    private void Report(SyntaxNodeOrToken where, string message) => _found.Add((where, message));

    public override void VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        CheckGenericType(node, "class");
        base.VisitClassDeclaration(node);
    }

    public override void VisitStructDeclaration(StructDeclarationSyntax node)
    {
        CheckGenericType(node, "struct");
        base.VisitStructDeclaration(node);
    }

    public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
    {
        CheckGenericType(node, "interface");
        foreach (var member in node.Members)
        {
            var hasBody = member switch
            {
                MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                PropertyDeclarationSyntax p => p.ExpressionBody != null ||
                                               (p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                IndexerDeclarationSyntax i => i.ExpressionBody != null ||
                                              (i.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
                OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax => true,
                _ => false,
            };
            if (hasBody)
            {
                Report(member, $"interface member with a body in '{node.Identifier.Text}': nanoFramework 1.x has no default interface methods");
            }
        }

        base.VisitInterfaceDeclaration(node);
    }

    public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
    {
        Report(node.Keyword, $"record '{node.Identifier.Text}': records need generics (IEquatable<T>), which nanoFramework 1.x does not support");
        base.VisitRecordDeclaration(node);
    }

    public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
    {
        if (node.TypeParameterList != null)
        {
            Report(node.Identifier, $"generic delegate '{node.Identifier.Text}{node.TypeParameterList}': nanoFramework 1.x does not support generics (NFMDP: Error 0x81010009)");
        }

        base.VisitDelegateDeclaration(node);
    }

    public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        if (node.TypeParameterList != null)
        {
            Report(node.Identifier, $"generic method '{node.Identifier.Text}{node.TypeParameterList}': nanoFramework 1.x does not support generics (NFMDP: Error 0x81010009)");
        }

        CheckAsync(node.Modifiers, $"method '{node.Identifier.Text}'");
        base.VisitMethodDeclaration(node);
    }

    public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        if (node.TypeParameterList != null)
        {
            Report(node.Identifier, $"generic local function '{node.Identifier.Text}{node.TypeParameterList}': nanoFramework 1.x does not support generics (NFMDP: Error 0x81010009)");
        }

        CheckAsync(node.Modifiers, $"local function '{node.Identifier.Text}'");
        base.VisitLocalFunctionStatement(node);
    }

    public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        CheckAsync(node.Modifiers, "lambda");
        base.VisitParenthesizedLambdaExpression(node);
    }

    public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        CheckAsync(node.Modifiers, "lambda");
        base.VisitSimpleLambdaExpression(node);
    }

    public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        CheckAsync(node.Modifiers, "anonymous method");
        base.VisitAnonymousMethodExpression(node);
    }

    public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
    {
        Report(node.StackAllocKeyword, "stackalloc: the nanoFramework 1.x interpreter does not support localloc; use a preallocated byte[]");
        base.VisitStackAllocArrayCreationExpression(node);
    }

    public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
    {
        Report(node.StackAllocKeyword, "stackalloc: the nanoFramework 1.x interpreter does not support localloc; use a preallocated byte[]");
        base.VisitImplicitStackAllocArrayCreationExpression(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        Report(node, "tuple type: tuples are ValueTuple<...> (generic), which nanoFramework 1.x does not support");
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        Report(node, "tuple: tuples are ValueTuple<...> (generic), which nanoFramework 1.x does not support");
        base.VisitTupleExpression(node);
    }

    public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        if (node.Rank > 1)
        {
            Report(node, "multidimensional array: nanoFramework supports one-dimensional (jagged) arrays only");
        }

        base.VisitArrayRankSpecifier(node);
    }

    private void CheckGenericType(TypeDeclarationSyntax node, string kind)
    {
        if (node.TypeParameterList != null)
        {
            Report(node.Identifier, $"generic {kind} '{node.Identifier.Text}{node.TypeParameterList}': nanoFramework 1.x does not support generics (NFMDP: Error 0x81010009)");
        }
    }

    private void CheckAsync(SyntaxTokenList modifiers, string what)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword))
            {
                Report(modifier, $"async {what}: nanoFramework 1.x has no Task/async/await; use a thread or a polled loop");
            }
        }
    }
}
