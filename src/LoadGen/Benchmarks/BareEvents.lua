-- The Redis benchmark's baseline: per event only INCR, ZINCRBY and XADD, without dedupe, decay or
-- buckets, to show what the real event script (src/Api/Realtime/RecordEvents.lua) costs on top.
--
-- KEYS: [1] stream, [2] sorted set, [3] counter (all RedisKeys.Benchmark keys).
-- ARGV: [1] stream field, then per event: member, JSON.
--
-- Returns 1.

for i = 2, #ARGV, 2 do
  redis.call('INCR', KEYS[3])
  redis.call('ZINCRBY', KEYS[2], 1, ARGV[i])
  redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[i + 1])
end
return 1
