namespace System.Security.Cryptography.X509Certificates;

// nanoframework/System.Net: nanoFramework.System.Net/X509Certificates/X509Certificate.cs@main
public class X509Certificate
{
    public X509Certificate() { }
    public X509Certificate(byte[] certificate) { }
    public X509Certificate(string certificate) { }
    public virtual string Issuer => throw null;
    public virtual string Subject => throw null;
    public virtual byte[] GetRawCertData() => throw null;
}
