using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NanoNode.BrokerHost.Security;
using NanoNode.DeviceManager.Tests.Infrastructure;

namespace NanoNode.DeviceManager.Tests;

/// <summary>Runs alone (after the parallel tests): its checks read a process-wide counter other logins would move.</summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection
{
}

/// <summary>
/// The HTTP Basic cache spares PBKDF2: with HttpBasicCacheSeconds 60 a repeated request with the same credentials runs no
/// password hash (PasswordHasher.IterationsRun unchanged); with 0 every request runs the user's 1000 iterations.
/// </summary>
[Collection(nameof(SerialCollection))]
public sealed class HttpBasicCacheTests
{
    [Theory]
    [InlineData(60, 0)]
    [InlineData(0, 1000)]
    public async Task RepeatedRequest_RunsPbkdf2OnlyWithoutTheCache(int cacheSeconds, long iterationsForTheRepeat)
    {
        await using var env = await OwnBrokerEnvironment.StartAsync(o =>
        {
            o.DevelopmentMode = false;
            o.HttpBasicCacheSeconds = cacheSeconds;
        }, virtualDevices: 0, beforeStart: s => s.Services.GetRequiredService<UserStore>().Add("boss", "boss-pw", true, null, 1000));
        using var http = env.Http();
        async Task<HttpStatusCode> Get()
        {
            using var m = new HttpRequestMessage(HttpMethod.Get, "/api/stats")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("boss:boss-pw"))) },
            };
            return (await http.SendAsync(m)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get());
        long before = PasswordHasher.IterationsRun;
        Assert.Equal(HttpStatusCode.OK, await Get());
        Assert.Equal(iterationsForTheRepeat, PasswordHasher.IterationsRun - before);
    }
}
