using System.Globalization;
using StackExchange.Redis;
using Timeline.Web.Features.Accounts;

namespace Timeline.Web.Infrastructure;

/// <summary>
/// Failed sign-ins in Redis, shared by every instance: a sorted set of failure times per account and address, and a set
/// of the addresses per account (for the users page and for lifting a wait). Each key lives as long as the window. While
/// Redis is unreachable, failures are counted in this instance's memory instead: the throttle never just stops.
/// </summary>
internal sealed class RedisSignInFailures(IConnectionMultiplexer redis, MemorySignInFailures fallback, ILogger<RedisSignInFailures> logger)
    : ISignInFailures
{
    private static RedisKey Failures(string account, string client) => $"{SharedCache.InstanceName}sign-in:{account}|{client}";

    private static RedisKey Clients(string account) => $"{SharedCache.InstanceName}sign-in-clients:{account}";

    public async Task<(int Count, DateTimeOffset? Oldest)> CountAsync(string account, string client, DateTimeOffset since)
    {
        if (!redis.IsConnected)
        {
            return await fallback.CountAsync(account, client, since);
        }

        try
        {
            var database = redis.GetDatabase();
            var key = Failures(account, client);
            await database.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, since.ToUnixTimeMilliseconds());
            var count = await database.SortedSetLengthAsync(key);
            var oldest = await database.SortedSetRangeByRankWithScoresAsync(key, 0, 0);
            var shared = ((int)count, oldest.Length == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds((long)oldest[0].Score));
            // Failures counted here while Redis was down still count.
            var local = await fallback.CountAsync(account, client, since);
            return local.Count == 0 ? shared : (shared.Item1 + local.Count, Earliest(shared.Item2, local.Oldest));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not read failed sign-ins from Redis");
            return await fallback.CountAsync(account, client, since);
        }
    }

    public async Task AddAsync(string account, string client, DateTimeOffset at, DateTimeOffset since, TimeSpan window)
    {
        if (!redis.IsConnected)
        {
            await fallback.AddAsync(account, client, at, since, window);
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            var key = Failures(account, client);
            // Each failure its own member, even two in the same millisecond.
            var member = $"{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{Guid.NewGuid():N}";
            var keep = window + TimeSpan.FromMinutes(1);
            await Task.WhenAll(
                database.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, since.ToUnixTimeMilliseconds()),
                database.SortedSetAddAsync(key, member, at.ToUnixTimeMilliseconds()),
                database.KeyExpireAsync(key, keep),
                database.SetAddAsync(Clients(account), client),
                database.KeyExpireAsync(Clients(account), keep));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not count a failed sign-in in Redis; counted in this instance");
            await fallback.AddAsync(account, client, at, since, window);
        }
    }

    public async Task ForgetAsync(string account, string client)
    {
        await fallback.ForgetAsync(account, client);
        await TryAsync(database => Task.WhenAll(database.KeyDeleteAsync(Failures(account, client)), database.SetRemoveAsync(Clients(account), client)));
    }

    public async Task<IReadOnlyList<string>> ClientsAsync(string account)
    {
        var clients = new HashSet<string>(await fallback.ClientsAsync(account), StringComparer.Ordinal);
        await TryAsync(async database =>
        {
            foreach (var client in await database.SetMembersAsync(Clients(account)))
            {
                clients.Add(client.ToString());
            }
        });
        return [.. clients];
    }

    public async Task ForgetAllAsync(string account)
    {
        await fallback.ForgetAllAsync(account);
        await TryAsync(async database =>
        {
            var clients = await database.SetMembersAsync(Clients(account));
            await database.KeyDeleteAsync([.. clients.Select(c => Failures(account, c.ToString())), Clients(account)]);
        });
    }

    private async Task TryAsync(Func<IDatabase, Task> work)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await work(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not reach Redis for failed sign-ins");
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
