-- Takes a place for one more open notification stream of a user, unless they hold the limit;
-- places whose lease lapsed (their replica died) are freed first.
--
-- KEYS: [1] the user's streams (RedisKeys.Sessions.Streams).
-- ARGV: [1] now (Unix ms), [2] lease (ms), [3] limit, [4] stream id.
--
-- Returns 1 when the stream took a place, 0 when the user holds the limit already.

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
