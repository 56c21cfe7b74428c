namespace System.IO;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/IO/IOException.cs@main
[Serializable]
public class IOException : SystemException
{
    public IOException() { }
    public IOException(string message) { }
    public IOException(string message, int hresult) { }
    public IOException(string message, Exception innerException) { }
}
