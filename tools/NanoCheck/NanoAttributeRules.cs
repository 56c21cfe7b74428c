using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NanoNode.NanoCheck;

/// <summary>
/// NANO002: attribute arguments that C# compiles but nanoFramework's metadata processor cannot turn into a
/// nanoFramework assembly, so the project builds on .NET and fails (or loses the value) in the device build. Source of
/// the facts: nanoframework/metadata-processor, MetadataProcessor.Shared/Tables/nanoSignaturesTable.cs
/// (<c>WriteAttributeArgumentValue</c>, commit 0310a177133e3df65fca66534cc1367f245bdce6, and the earlier version
/// with <c>CLR_DataType</c> names). An argument for an <c>object[]</c> / <c>params object[]</c> parameter (e.g.
/// TestFramework's <c>[DataRow(params object[] methodParameters)]</c>) is written as the element count followed by
/// each element's own value:
/// <list type="bullet">
/// <item>a <c>null</c> element: the processor unboxes the element's value into a <c>CustomAttributeArgument</c>, which
/// throws for null (the build fails); a <c>null</c> given as the whole array fails the same way on its length;</item>
/// <item>an enum element: an enum type is not in the processor's primitive type table, so nothing is written for
/// it and the blob the device parses is short (use the enum's underlying integer);</item>
/// <item>an array element: arrays of anything but primitives/strings make the processor throw ("Unsupported array
/// type"); primitive arrays are serialized only by recent processors (ELEMENT_TYPE_SZARRAY), older ones write nothing.
/// The guard rejects every array element, the conservative side.</item>
/// </list>
/// </summary>
internal static class NanoAttributeRules
{
    public const string Id = "NANO002";

    public static IEnumerable<(Location Location, string Message)> Find(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                if (model.GetOperation(attribute) is not IAttributeOperation { Operation: IObjectCreationOperation creation })
                {
                    continue;
                }

                var name = creation.Constructor?.ContainingType.Name ?? attribute.Name.ToString();
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter?.Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Object })
                    {
                        continue;
                    }

                    var value = Unwrap(argument.Value);
                    if (value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            if (Problem(Unwrap(element)) is { } problem)
                            {
                                yield return (element.Syntax.GetLocation(),
                                    $"{problem} in the object[] argument '{argument.Parameter.Name}' of [{name}]: nanoFramework's metadata processor {Consequence(problem)}");
                            }
                        }
                    }
                    else if (value.ConstantValue is { HasValue: true, Value: null })
                    {
                        yield return (argument.Syntax.GetLocation(),
                            $"null as the object[] argument '{argument.Parameter.Name}' of [{name}]: nanoFramework's metadata processor cannot write a null array (the build fails); pass the values themselves");
                    }
                }
            }
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static string? Problem(IOperation element)
    {
        if (element.ConstantValue is { HasValue: true, Value: null } || element is IDefaultValueOperation { Type: null or { IsReferenceType: true } })
        {
            return "null";
        }

        return element.Type switch
        {
            { TypeKind: TypeKind.Enum } type => $"enum value of {type.Name}",
            IArrayTypeSymbol array => $"array ({array.ToDisplayString()})",
            _ => null,
        };
    }

    private static string Consequence(string problem) =>
        problem == "null" ? "throws on a null element (the build fails); pass a sentinel such as \"\" or split the case into its own test"
        : problem.StartsWith("enum", StringComparison.Ordinal) ? "writes nothing for an enum element, so the device reads a corrupt argument list; pass the underlying integer and cast"
        : "rejects arrays of non-primitive elements and older processors drop primitive arrays; pass the data another way (e.g. an index or a string)";
}
