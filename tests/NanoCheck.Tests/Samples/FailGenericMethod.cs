// Must fail: a generic method declaration (NFMDP: Error 0x81010009).
public class Util
{
    public static object Identity<T>(T value) => value;
}
