using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Validates a JWT (RFC 7519, compact JWS) given as the MQTT password: HS256 with a shared secret or RS256 with an RSA
/// public key (whichever are configured; "none" and other algorithms are rejected). Checks exp/nbf (60 s leeway) and,
/// when configured, iss/aud. A token without "exp" is refused unless the validator was made with allowNoExpiry
/// (setting JwtAllowNoExpiry): a token that never expires cannot be revoked short of changing the key. Claims used: "sub" (user name / device id), "role" ("admin" or "device", default device),
/// optional "device_id" (defaults to sub).
/// </summary>
public sealed class JwtValidator
{
    private readonly byte[]? _hmacKey;
    private readonly RSA? _rsa;
    private readonly string? _issuer;
    private readonly string? _audience;
    private readonly bool _allowNoExpiry;

    /// <summary>Creates a validator; null/empty keys disable their algorithm. <paramref name="allowNoExpiry"/> accepts tokens without "exp".</summary>
    public JwtValidator(string? hmacSecret, string? rsaPublicKeyPem, string? issuer, string? audience, bool allowNoExpiry = false)
    {
        _allowNoExpiry = allowNoExpiry;
        _hmacKey = string.IsNullOrEmpty(hmacSecret) ? null : Encoding.UTF8.GetBytes(hmacSecret);
        if (!string.IsNullOrEmpty(rsaPublicKeyPem))
        {
            _rsa = RSA.Create();
            _rsa.ImportFromPem(rsaPublicKeyPem);
        }

        _issuer = issuer;
        _audience = audience;
    }

    /// <summary>True when at least one algorithm is configured.</summary>
    public bool Enabled => _hmacKey != null || _rsa != null;

    /// <summary>True when <paramref name="password"/> has the shape of a compact JWS (three base64url parts).</summary>
    public static bool LooksLikeJwt(ReadOnlySpan<byte> password)
    {
        int dots = 0;
        foreach (byte b in password)
        {
            if (b == '.')
            {
                dots++;
            }
            else if (!(b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_'))
            {
                return false;
            }
        }

        return dots == 2 && password.Length > 10;
    }

    /// <summary>
    /// Validates <paramref name="token"/>; returns the principal, or null when the signature, algorithm, time window,
    /// issuer, audience or claims are wrong. <paramref name="userName"/>, when given, must equal "sub".
    /// </summary>
    public Principal? Validate(string token, string? userName, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url(parts[0]));
            string? alg = header.RootElement.TryGetProperty("alg", out var a) ? a.GetString() : null;
            byte[] signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            byte[] signature = Base64Url(parts[2]);
            bool ok = alg switch
            {
                "HS256" when _hmacKey != null => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_hmacKey, signed), signature),
                "RS256" when _rsa != null => _rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }

            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            var claims = payload.RootElement;
            long t = now.ToUnixTimeSeconds();
            if (claims.TryGetProperty("exp", out var exp))
            {
                if (exp.ValueKind != JsonValueKind.Number || t > exp.GetInt64() + 60)
                {
                    return null;
                }
            }
            else if (!_allowNoExpiry)
            {
                return null;
            }

            if (claims.TryGetProperty("nbf", out var nbf) && (nbf.ValueKind != JsonValueKind.Number || t + 60 < nbf.GetInt64()))
            {
                return null;
            }

            if (_issuer != null && (!claims.TryGetProperty("iss", out var iss) || iss.GetString() != _issuer))
            {
                return null;
            }

            if (_audience != null && !HasAudience(claims, _audience))
            {
                return null;
            }

            string? sub = claims.TryGetProperty("sub", out var s) ? s.GetString() : null;
            if (string.IsNullOrEmpty(sub) || (!string.IsNullOrEmpty(userName) && userName != sub))
            {
                return null;
            }

            string role = claims.TryGetProperty("role", out var r) ? r.GetString() ?? "device" : "device";
            if (role == "admin")
            {
                return new Principal(sub, true, null);
            }

            string deviceId = claims.TryGetProperty("device_id", out var d) ? d.GetString() ?? sub : sub;
            return role == "device" && Acl.IsValidDeviceId(deviceId) ? new Principal(sub, false, deviceId) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool HasAudience(JsonElement claims, string audience)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            return aud.GetString() == audience;
        }

        return aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == audience);
    }

    /// <summary>Decodes base64url without padding (RFC 7515 §2).</summary>
    public static byte[] Base64Url(string s)
    {
        string b = s.Replace('-', '+').Replace('_', '/');
        b += (b.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException("bad base64url length") };
        return Convert.FromBase64String(b);
    }

    /// <summary>Encodes base64url without padding.</summary>
    public static string ToBase64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Creates an HS256 token (tests, the CLI's "token" helper).</summary>
    public static string CreateHs256(string secret, string sub, string role, DateTimeOffset expires)
    {
        string header = ToBase64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        string payload = ToBase64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["sub"] = sub, ["role"] = role, ["exp"] = expires.ToUnixTimeSeconds() }));
        byte[] sig = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + ToBase64Url(sig);
    }
}
