-- Records a created, changed or revoked API key in the cache: replaces the generation (so a fill
-- that read PostgreSQL before the change writes nothing) and adds or removes the key. A hash not
-- built stays unbuilt: the next fill reads the change anyway.
--
-- KEYS: [1] the active-keys hash (RedisKeys.ApiKeys.Active), [2] its generation (RedisKeys.ApiKeys.Generation).
-- ARGV: [1] new generation, [2] key hash, [3] its cached value, or empty to remove it, [4] the built field.
--
-- Returns 1.

redis.call('SET', KEYS[2], ARGV[1])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[2])
elseif redis.call('HEXISTS', KEYS[1], ARGV[4]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
end
return 1
