using System.Security.Cryptography;

namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as "pbkdf2-sha256$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;"
/// (16-byte random salt, 32-byte hash). Verification is constant-time.
/// </summary>
public static class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";

    // PBKDF2 iterations run by Verify since start (tests check that a refusal costs a full check).
    private static long s_iterationsRun;

    /// <summary>PBKDF2 iterations <see cref="Verify"/> has run since the process started (every thread).</summary>
    internal static long IterationsRun => Interlocked.Read(ref s_iterationsRun);

    /// <summary>The iteration count of <paramref name="stored"/>, or null when it is not a hash of this scheme.</summary>
    public static int? IterationsOf(string stored)
    {
        var parts = stored.Split('$');
        return parts.Length == 4 && parts[0] == Scheme && int.TryParse(parts[1], out int iterations) && iterations >= 1 ? iterations : null;
    }

    /// <summary>Hashes <paramref name="password"/> with a fresh salt.</summary>
    public static string Hash(string password, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>True when <paramref name="password"/> (UTF-8 bytes, as received in CONNECT) matches <paramref name="stored"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out int iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        Interlocked.Add(ref s_iterationsRun, iterations);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
