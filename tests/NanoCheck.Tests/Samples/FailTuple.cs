// Must fail: tuples are ValueTuple<...> (generic).
public class Pair
{
    public static (int, int) MinMax(int a, int b) => a < b ? (a, b) : (b, a);
}
