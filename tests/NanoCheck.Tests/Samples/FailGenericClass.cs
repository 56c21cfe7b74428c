// Must fail: a generic type declaration (NFMDP: Error 0x81010009).
public class Box<T>
{
    public T Value;
}
