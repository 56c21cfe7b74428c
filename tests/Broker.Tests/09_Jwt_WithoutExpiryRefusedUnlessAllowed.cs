// A JWT without "exp" is refused, as MQTT password (CONNACK 4) and as HTTP bearer token (401), unless JwtAllowNoExpiry is set; the same token with exp is accepted in both modes.
namespace NanoNode.Broker.Tests;

using System.Net;
using System.Net.Http.Headers;

public sealed class Jwt_WithoutExpiryRefusedUnlessAllowed
{
    private const string Secret = "no-expiry-test-secret-0123456789";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Test(bool allowNoExpiry)
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.JwtHmacSecret = Secret;
            o.JwtAllowNoExpiry = allowNoExpiry;
        });
        long exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        string withExp = Jwt.Hs256(Secret, $"{{\"sub\":\"boss\",\"role\":\"admin\",\"exp\":{exp}}}");
        string without = Jwt.Hs256(Secret, "{\"sub\":\"boss\",\"role\":\"admin\"}");

        using (var c = new RawClient(broker.Port))
        {
            Assert.Equal(0, c.Connect("jwt-exp", user: "boss", password: withExp).ReturnCode);
        }

        using (var c = new RawClient(broker.Port))
        {
            Assert.Equal(allowNoExpiry ? 0 : 4, c.Connect("jwt-noexp", user: "boss", password: without).ReturnCode);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.Server.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        async Task<HttpStatusCode> Get(string token)
        {
            using var m = new HttpRequestMessage(HttpMethod.Get, "/api/stats") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            return (await http.SendAsync(m)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(withExp));
        Assert.Equal(allowNoExpiry ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, await Get(without));
    }
}
