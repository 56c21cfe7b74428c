// Must fail: no System.Linq on nanoFramework.
using System.Linq;

public class Filter
{
    public static object Big(int[] values) => values.Where(v => v > 10);
}
