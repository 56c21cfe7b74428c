using System.Security.Cryptography;
using System.Text;
using NanoNode.BrokerHost.Security;

namespace NanoNode.Broker.Tests.Infrastructure;

/// <summary>Builds compact JWS tokens with any header/payload JSON (tests of the broker's JWT checks).</summary>
public static class Jwt
{
    /// <summary>base64url of the UTF-8 text.</summary>
    public static string Part(string json) => JwtValidator.ToBase64Url(Encoding.UTF8.GetBytes(json));

    /// <summary>HS256 token of <paramref name="payload"/> with the UTF-8 bytes of <paramref name="secret"/> as key.</summary>
    public static string Hs256(string secret, string payload) => Hs256Key(Encoding.UTF8.GetBytes(secret), payload);

    /// <summary>HS256 token of <paramref name="payload"/> with <paramref name="key"/>.</summary>
    public static string Hs256Key(byte[] key, string payload)
    {
        string signed = Part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Part(payload);
        return signed + "." + JwtValidator.ToBase64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>RS256 token of <paramref name="payload"/> signed with <paramref name="rsa"/>.</summary>
    public static string Rs256(RSA rsa, string payload)
    {
        string signed = Part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Part(payload);
        return signed + "." + JwtValidator.ToBase64Url(rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
