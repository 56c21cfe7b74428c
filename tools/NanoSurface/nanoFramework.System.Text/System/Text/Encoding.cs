namespace System.Text;

// nanoframework/System.Text: nanoFramework.System.Text/Text/Encoding.cs (compiled by nanoFramework.System.Text.nfproj
// @00aa7147; the file itself is not in the index: GetBytes/GetChars virtual, not abstract, per issue 14's reading of it).
// Encoding.UTF8 returns a new UTF8Encoding on every access: cache it. No GetString(byte[]) overload.
public abstract class Encoding
{
    public static Encoding UTF8 => throw null;
    public virtual byte[] GetBytes(string s) => throw null; // [unverified]: virtual per issue 14 (source not in the index; .NET MF had abstract)
    public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null; // [unverified]: virtual per issue 14 (source not in the index; .NET MF had abstract)
    public virtual char[] GetChars(byte[] bytes) => throw null; // [unverified]: virtual per issue 14 (source not in the index; .NET MF had abstract)
    public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null; // [unverified]: virtual per issue 14 (source not in the index; .NET MF had abstract)
    public virtual string GetString(byte[] bytes, int index, int count) => throw null;
    public abstract Decoder GetDecoder();
}

// nanoframework/System.Text: nanoFramework.System.Text/Text/UTF8Encoding.cs@main
public class UTF8Encoding : Encoding
{
    public UTF8Encoding() { }
    public override byte[] GetBytes(string s) => throw null;
    public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null;
    public override char[] GetChars(byte[] bytes) => throw null;
    public override char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null;
    public override Decoder GetDecoder() => throw null;
}

// nanoframework/System.Text: nanoFramework.System.Text/Text/Decoder.cs@main
// Members not declared: NanoNode does not decode through a Decoder (its Encoding.cs/Decoder.cs are not in the index
// this surface was checked against).
public abstract class Decoder
{
}
