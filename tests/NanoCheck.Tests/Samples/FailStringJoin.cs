// Must fail: nanoFramework's String has no Join.
public class Topics
{
    public static string Make(string[] parts) => string.Join("/", parts);
}
