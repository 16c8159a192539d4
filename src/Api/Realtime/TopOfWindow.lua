-- The top of a trending window (e.g. 1h, 24h), merging its hour buckets only when the cached
-- merge has expired.
--
-- KEYS: [1] the cached merge (RedisKeys.TrendingWindow), [2..] the hour buckets (RedisKeys.TrendingHour).
-- ARGV: [1] cache lifetime (ms), [2] limit, then one weight per bucket.
--
-- Returns member, score pairs, best first.

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
