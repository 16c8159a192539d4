using System.Globalization;

namespace Pulse.Contracts;

/// <summary>
/// Every Redis key, and every Lua script, the hot path uses. Keys carry a partition part in a
/// Redis Cluster hash tag (<c>pulse:{p0}:...</c>): the keys one script call touches share it, so a
/// script runs on one cluster slot, and the hot path can later be spread over several partitions.
/// </summary>
public static partial class RedisKeys
{
    /// <summary>The one partition used today.</summary>
    public const string DefaultPartition = "p0";

    public const string DefaultPartitionPrefix = "pulse:{" + DefaultPartition + "}:";

    /// <summary>Key of the event stream in <see cref="DefaultPartition"/>: see <see cref="EventStreamNames.Key"/>.</summary>
    public const string DefaultEventStream = DefaultPartitionPrefix + "events";

    public static string Prefix(string partition) => "pulse:{" + partition + "}:";

    public static string EventStream(string partition) => Prefix(partition) + "events";

    /// <summary>Marks an event id as seen (value: when the dedupe window ends, in Unix ms).</summary>
    public static string SeenEvent(string partition, string eventId) => Prefix(partition) + "seen:" + eventId;

    /// <summary>Hash of one post's real-time counters (fields in <see cref="CounterFields"/>).</summary>
    public static string PostCounters(string partition, long postId) =>
        Prefix(partition) + "post:" + postId.ToString(CultureInfo.InvariantCulture) + ":counters";

    /// <summary>Set of the users who like one post now: a like adds, an unlike removes, and only a change moves its likes.</summary>
    public static string PostLikers(string partition, long postId) =>
        Prefix(partition) + "post:" + postId.ToString(CultureInfo.InvariantCulture) + ":likers";

    /// <summary>Sorted set of forward-decayed trending scores, relative to <see cref="TrendingEpoch"/>.</summary>
    public static string TrendingDecay(string partition) => Prefix(partition) + "trending:decay";

    /// <summary>The epoch t0 (Unix ms) the decayed scores are relative to.</summary>
    public static string TrendingEpoch(string partition) => Prefix(partition) + "trending:epoch";

    /// <summary>Sorted set of the weighted engagement in one UTC hour (hours since the Unix epoch).</summary>
    public static string TrendingHour(string partition, long unixHour) =>
        Prefix(partition) + "trending:hour:" + unixHour.ToString(CultureInfo.InvariantCulture);

    /// <summary>Briefly cached merge of the hour buckets for one window (e.g. <c>1h</c>, <c>24h</c>).</summary>
    public static string TrendingWindow(string partition, string window) => Prefix(partition) + "trending:window:" + window;

    /// <summary>The decayed top list last published as a trending change (comma-separated post ids), so each change is published once.</summary>
    public static string TrendingPublished(string partition) => Prefix(partition) + "trending:published";

    /// <summary>Events the Api accepted in one UTC minute (minutes since the Unix epoch), counted once per batch.</summary>
    public static string EventsPerMinute(string partition, long unixMinute) =>
        Prefix(partition) + "events:minute:" + unixMinute.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One caller's event budget: a hash (fields <c>tokens</c>, <c>at</c>) of a token bucket that holds
    /// a minute's budget and refills at that rate; it expires once full again. A caller is
    /// <c>key:{id}</c> (an API key) or <c>user:{id}</c> (a session).
    /// </summary>
    public static string EventBudget(string partition, string caller) => Prefix(partition) + "budget:" + caller;

    /// <summary>
    /// One caller's accepted batches that may still be in the stream: a sorted set, member
    /// <c>{last entry id}:{events}</c>, score the last entry's milliseconds; a batch leaves once the
    /// stream's first entry is newer.
    /// </summary>
    public static string CallerBacklog(string partition, string caller) => Prefix(partition) + "backlog:" + caller;

    /// <summary>How many events the batches in <see cref="CallerBacklog"/> hold, kept beside it so no call sums the set.</summary>
    public static string CallerBacklogHeld(string partition, string caller) => Prefix(partition) + "backlog:" + caller + ":held";

    /// <summary>Keys only the Redis benchmark writes, so it never mixes with real data.</summary>
    public static string Benchmark(string partition, string name) => Prefix(partition) + "bench:" + name;

    public static class CounterFields
    {
        public const string Views = "views";
        public const string Likes = "likes";
        public const string Comments = "comments";
        public const string Shares = "shares";
    }

    public static class Scripts
    {
        /// <summary>
        /// Records a batch of events in one call. KEYS: [1] event stream, [2] decayed trending set,
        /// [3] its epoch, [4] the current minute's event count (<see cref="EventsPerMinute"/> of
        /// now), [5] the caller's <see cref="EventBudget"/>, [6] its <see cref="CallerBacklog"/>,
        /// [7] its <see cref="CallerBacklogHeld"/>, then per event: its seen key and, when ARGV gives
        /// it a post id, the post's counters hash and its hour bucket, and for a like or an unlike the
        /// post's <see cref="PostLikers"/>. ARGV: [1] now (Unix ms),
        /// [2] dedupe window (ms), [3] decay rate lambda (per ms), [4] rebase after (ms), [5] drop
        /// decayed scores below this at a rebase, [6] hour-bucket retention (ms), [7] stream field,
        /// [8..11] weights of a view, like, comment and share, [12] event count, [13] trace field,
        /// [14] the caller's W3C trace context (empty: none), [15] backlog cap (0: none), [16]
        /// per-minute count retention (ms), [17] the caller's budget in events per minute (0: none),
        /// [18] most entries the caller may have in the stream (0: no limit), [19] how long the
        /// caller's backlog record outlives its last batch (ms), then per event: type, post id
        /// (empty when none), occurred-at (Unix ms, not after now), JSON, user id.
        ///
        /// Returns 1 (accepted) or 0 (duplicate) per event, then the caller's budget left (-1: no
        /// budget). Only accepted events reach the stream, spend budget and are counted, once per
        /// batch (one INCRBY and one PEXPIRE), in the minute the Api accepted them. Nothing is
        /// written when it fails: with <c>BACKLOG</c> when the stream holds the backlog cap's entries
        /// (the Ingestor is behind), <c>SHARE {held} {most}</c> when the caller would hold more than
        /// its share of them, <c>BUDGET {retry after ms} {left}</c> when the batch is larger than the
        /// caller's budget left.
        /// </summary>
        public const string RecordEvents = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local lambda = tonumber(ARGV[3])
            local rebaseAfter = tonumber(ARGV[4])
            local pruneBelow = ARGV[5]
            local retention = tonumber(ARGV[6])
            local field = ARGV[7]
            local weights = { post_view = tonumber(ARGV[8]), post_like = tonumber(ARGV[9]),
                              post_comment = tonumber(ARGV[10]), post_share = tonumber(ARGV[11]) }
            local counters = { post_view = 'views', post_like = 'likes', post_comment = 'comments', post_share = 'shares' }
            local count = tonumber(ARGV[12])
            local traceField, trace = ARGV[13], ARGV[14]
            local backlogCap = tonumber(ARGV[15])
            local minuteRetention = ARGV[16]
            local budget = tonumber(ARGV[17])
            local mostHeld = tonumber(ARGV[18])
            local heldRetention = ARGV[19]
            local hourMs = 3600000

            if backlogCap > 0 then
              local backlog = redis.call('XLEN', KEYS[1])
              if backlog >= backlogCap then
                return redis.error_reply('BACKLOG ' .. backlog .. ' entries wait in the stream (cap ' .. backlogCap .. ')')
              end
            end

            -- The caller's share of the backlog: its batches older than the stream's first entry
            -- were trimmed (consumed by every group), so they no longer count.
            local held = 0
            if mostHeld > 0 then
              held = tonumber(redis.call('GET', KEYS[7]) or '0')
              if held > 0 then
                local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
                if not first then
                  held = 0
                  redis.call('DEL', KEYS[6], KEYS[7])
                else
                  local below = '(' .. string.match(first[1], '^(%d+)')
                  local gone = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', below)
                  if #gone > 0 then
                    for _, batch in ipairs(gone) do
                      held = held - tonumber(string.match(batch, ':(%d+)$'))
                    end
                    if held < 0 then
                      held = 0
                    end
                    redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', below)
                    redis.call('SET', KEYS[7], held, 'PX', heldRetention)
                  end
                end
              end
              if held + count > mostHeld then
                return redis.error_reply('SHARE ' .. held .. ' ' .. mostHeld)
              end
            end

            -- The caller's budget: a bucket of a minute's events, refilled continuously.
            local tokens = -1
            if budget > 0 then
              local bucket = redis.call('HMGET', KEYS[5], 'tokens', 'at')
              tokens = tonumber(bucket[1])
              if tokens then
                tokens = math.min(budget, tokens + math.max(0, now - tonumber(bucket[2])) * budget / 60000)
              else
                tokens = budget
              end
              if tokens < count then
                return redis.error_reply(string.format('BUDGET %d %d', math.ceil((count - tokens) * 60000 / budget), math.floor(tokens)))
              end
            end

            local epoch = tonumber(redis.call('GET', KEYS[3]))
            if not epoch then
              epoch = now
              redis.call('SET', KEYS[3], epoch)
            elseif now - epoch >= rebaseAfter then
              -- Forward decay: scores grow as e^(lambda (t - t0)); before that overflows precision,
              -- scale every score back to the new epoch in one pass. Atomic with the move of t0,
              -- so no caller can rebase twice.
              redis.call('ZUNIONSTORE', KEYS[2], 1, KEYS[2], 'WEIGHTS', string.format('%.17g', math.exp(-lambda * (now - epoch))))
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. pruneBelow)
              epoch = now
              redis.call('SET', KEYS[3], epoch)
            end

            -- Trending sums are order-free: add them up per post and write each post once per batch.
            local deadline = string.format('%d', now + window)
            local results = {}
            local decayed, hours, ttls, factors = {}, {}, {}, {}
            local acceptedCount = 0
            local lastEntry
            local key = 8
            for i = 0, count - 1 do
              local arg = 20 + i * 5
              local type, post, at = ARGV[arg], ARGV[arg + 1], tonumber(ARGV[arg + 2])
              local seen = KEYS[key]
              key = key + 1
              local accepted = 1
              -- The stored deadline, not only the key's expiry, decides: callers' clocks (and tests'
              -- fake clocks) rule the window, while the expiry frees the memory.
              local previous = redis.call('SET', seen, deadline, 'NX', 'GET', 'PX', ARGV[2])
              if previous then
                if tonumber(previous) > now then
                  accepted = 0
                else
                  redis.call('SET', seen, deadline, 'PX', ARGV[2])
                end
              end
              if post ~= '' then
                local hash, bucket = KEYS[key], KEYS[key + 1]
                key = key + 2
                local likers
                if type == 'post_like' or type == 'post_unlike' then
                  likers = KEYS[key]
                  key = key + 1
                end
                if accepted == 1 then
                  -- A post's likes are the users who like it now: liking twice, or unliking what one
                  -- does not like, changes nothing. An unlike takes its like's weight back from
                  -- trending, so liking and unliking over and over lifts no post.
                  local counter, weight = counters[type], weights[type] or 0
                  if type == 'post_like' then
                    if redis.call('SADD', likers, ARGV[arg + 4]) == 0 then
                      counter, weight = nil, 0
                    end
                  elseif type == 'post_unlike' then
                    counter, weight = nil, 0
                    if redis.call('SREM', likers, ARGV[arg + 4]) == 1 then
                      redis.call('HINCRBY', hash, 'likes', '-1')
                      weight = -weights.post_like
                    end
                  end
                  if counter then
                    redis.call('HINCRBY', hash, counter, '1')
                  end
                  if weight ~= 0 then
                    local factor = factors[at]
                    if not factor then
                      factor = math.exp(lambda * (at - epoch))
                      factors[at] = factor
                    end
                    decayed[post] = (decayed[post] or 0) + weight * factor
                    local ttl = math.floor(at / hourMs) * hourMs + retention - now
                    if ttl > 0 then
                      local sums = hours[bucket]
                      if not sums then
                        sums = {}
                        hours[bucket] = sums
                        ttls[bucket] = ttl
                      end
                      sums[post] = (sums[post] or 0) + weight
                    end
                  end
                end
              end
              if accepted == 1 then
                acceptedCount = acceptedCount + 1
                if trace ~= '' then
                  lastEntry = redis.call('XADD', KEYS[1], '*', field, ARGV[arg + 3], traceField, trace)
                else
                  lastEntry = redis.call('XADD', KEYS[1], '*', field, ARGV[arg + 3])
                end
              end
              results[i + 1] = accepted
            end
            for post, score in pairs(decayed) do
              redis.call('ZINCRBY', KEYS[2], string.format('%.17g', score), post)
            end
            for bucket, sums in pairs(hours) do
              for post, score in pairs(sums) do
                redis.call('ZINCRBY', bucket, string.format('%.17g', score), post)
              end
              redis.call('PEXPIRE', bucket, string.format('%d', ttls[bucket]))
            end
            if acceptedCount > 0 then
              redis.call('INCRBY', KEYS[4], acceptedCount)
              redis.call('PEXPIRE', KEYS[4], minuteRetention)
              if mostHeld > 0 then
                redis.call('ZADD', KEYS[6], string.match(lastEntry, '^(%d+)'), lastEntry .. ':' .. acceptedCount)
                redis.call('PEXPIRE', KEYS[6], heldRetention)
                redis.call('SET', KEYS[7], held + acceptedCount, 'PX', heldRetention)
              end
            end
            if budget > 0 then
              tokens = tokens - acceptedCount
              redis.call('HSET', KEYS[5], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', now))
              -- Full again after this long: the missing bucket then reads as full.
              redis.call('PEXPIRE', KEYS[5], string.format('%d', math.max(1, math.ceil((budget - tokens) * 60000 / budget))))
            end
            results[count + 1] = math.floor(tokens)
            return results
            """;

        /// <summary>
        /// The top of a trending window, merging its hour buckets only when the cached merge has
        /// expired. KEYS: [1] the cached merge, [2..] the hour buckets. ARGV: [1] cache lifetime
        /// (ms), [2] limit, then one weight per bucket. Returns member, score pairs, best first.
        /// </summary>
        public const string TopOfWindow = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              local args = { 'ZUNIONSTORE', KEYS[1], #KEYS - 1 }
              for i = 2, #KEYS do
                args[#args + 1] = KEYS[i]
              end
              args[#args + 1] = 'WEIGHTS'
              for i = 3, #ARGV do
                args[#args + 1] = ARGV[i]
              end
              redis.call(unpack(args))
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'REV', 'WITHSCORES')
            """;

        /// <summary>
        /// The benchmark's baseline: per event only INCR, ZINCRBY and XADD, without dedupe, decay
        /// or buckets. KEYS: [1] stream, [2] sorted set, [3] counter. ARGV: [1] stream field, then
        /// per event: member, JSON.
        /// </summary>
        public const string BareEvents = """
            for i = 2, #ARGV, 2 do
              redis.call('INCR', KEYS[3])
              redis.call('ZINCRBY', KEYS[2], 1, ARGV[i])
              redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[i + 1])
            end
            return 1
            """;
    }
}
