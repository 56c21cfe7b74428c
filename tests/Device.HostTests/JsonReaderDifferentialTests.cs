using System.Text;
using System.Text.Json;
using NanoNode.Device.Json;
using Xunit;

namespace NanoNode.Device.HostTests;

/// <summary>
/// 06: the device's strict JSON reader accepts exactly the documents RFC 8259 accepts (System.Text.Json's grammar plus
/// a strict UTF-8 decoder), on a generated
/// corpus of valid documents and byte-level mutations of them; a rejection always carries a status and a position
/// inside the input.
/// </summary>
/// <remarks>
/// One documented difference: an escaped lone surrogate (<c>"\ud800"</c>) is grammatically valid JSON that
/// System.Text.Json's reader accepts, while the device reader rejects it (<see cref="JsonStatus.InvalidSurrogate"/>:
/// it cannot be decoded to UTF-8, RFC 8259 §8.2). Such cases are counted, not failed.
/// </remarks>
public sealed class JsonReaderDifferentialTests
{
    private const int Documents = 20_000;

    private static readonly string[] Seeds =
    {
        "{\"rev\":7,\"interval_s\":10,\"broker_host\":\"h\\u00e9\\n\",\"telemetry_retain\":true,\"x\":null}",
        "{\"a\":{\"b\":[1,2.5,-3e-2,{\"c\":\"\\ud83d\\ude00\"}]},\"d\":[],\"e\":{}}",
        "[true,false,null,0,-0,1E+2,\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
        "  {\"k\" : \"caf\u00e9 \u20ac \U0001F600\" , \"n\" : 123456789012345678901234567890 }  ",
        "\"just a string\"",
        "-12.5e-7",
    };

    // Bytes a mutation may insert: JSON structure, digits, escapes, whitespace, and a few non-ASCII/invalid UTF-8 bytes.
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]:,\"\\/-+.eE0123456789tfnrubu \t\r\nax")
        .Concat(new byte[] { 0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xC0, 0xAF, 0xED, 0xA0, 0xFF }).ToArray();

    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

    // RFC 8259: the grammar (System.Text.Json, which does not check the UTF-8 inside strings) and well-formed UTF-8
    // (§8.1, RFC 3629: no overlong forms, no encoded surrogates, no bytes above F4), checked by a throwing decoder.
    private static bool ReferenceAccepts(byte[] doc)
    {
        try
        {
            StrictUtf8.GetCharCount(doc);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        try
        {
            using var d = JsonDocument.Parse(doc, new JsonDocumentOptions { MaxDepth = 64 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (bool Ok, JsonStatus Status, int Position) DeviceReads(JsonReader r, byte[] doc)
    {
        r.Reset(doc, 0, doc.Length, JsonReader.DepthLimit);
        for (int guard = 0; guard <= doc.Length + 2; guard++)
        {
            JsonToken t = r.Next();
            if (t == JsonToken.End)
            {
                return (true, r.Status, r.ErrorPosition);
            }

            if (t == JsonToken.Error)
            {
                return (false, r.Status, r.ErrorPosition);
            }
        }

        throw new Xunit.Sdk.XunitException("reader did not finish: " + Convert.ToHexString(doc));
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var b = new List<byte>(seed);
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(b.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    b.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1:
                    if (at < b.Count)
                    {
                        b.RemoveAt(at);
                    }

                    break;
                default:
                    if (at < b.Count)
                    {
                        b[at] = Alphabet[random.Next(Alphabet.Length)];
                    }

                    break;
            }
        }

        return b.ToArray();
    }

    [Fact]
    public void AcceptsExactlyWhatRfc8259Accepts()
    {
        var random = new Random(20261130);
        var reader = new JsonReader();
        byte[][] seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        int accepted = 0, rejected = 0, loneSurrogates = 0;
        var mismatches = new List<string>();
        for (int i = 0; i < Documents; i++)
        {
            byte[] doc = i < seeds.Length ? seeds[i] : Mutate(random, seeds[random.Next(seeds.Length)]);
            bool expected = ReferenceAccepts(doc);
            var (ok, status, position) = DeviceReads(reader, doc);
            if (!ok)
            {
                Assert.NotEqual(JsonStatus.Ok, status);
                Assert.InRange(position, 0, doc.Length);
            }

            if (ok == expected)
            {
                if (ok)
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }

                continue;
            }

            if (expected && status == JsonStatus.InvalidSurrogate)
            {
                loneSurrogates++;
                continue;
            }

            if (mismatches.Count < 10)
            {
                mismatches.Add($"{(ok ? "device accepts" : "device rejects (" + status + " at " + position + ")")}, System.Text.Json {(expected ? "accepts" : "rejects")}: {Convert.ToHexString(doc)} \"{Encoding.UTF8.GetString(doc)}\"");
            }
        }

        Console.WriteLine($"json differential: {Documents} documents, {accepted} accepted by both, {rejected} rejected by both, {loneSurrogates} lone surrogate escapes rejected by the device only, {mismatches.Count} mismatches");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(accepted > 100 && rejected > 1000, $"corpus too one-sided: {accepted} accepted, {rejected} rejected");
    }
}
