// Must fail: stackalloc (IL localloc) is rejected by the 1.x interpreter. Compiles against the surface as a pointer.
public class Scratch
{
    public static unsafe int First()
    {
        byte* buffer = stackalloc byte[4];
        buffer[0] = 1;
        return buffer[0];
    }
}
