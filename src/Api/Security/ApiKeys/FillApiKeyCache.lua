-- Fills the cache of active API keys, unless a key was created or revoked since the caller read
-- the generation (then the caller's copy may be stale, and nothing is written).
--
-- KEYS: [1] the active-keys hash (RedisKeys.ApiKeys.Active), [2] its generation (RedisKeys.ApiKeys.Generation).
-- ARGV: [1] the generation read before PostgreSQL, [2] lifetime (ms), [3] the built field, then
--   key hash, cached value pairs.
--
-- Returns 1 when filled, 0 when the generation moved.

if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[3], ARGV[1])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
