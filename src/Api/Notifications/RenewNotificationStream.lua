-- Renews an open notification stream's lease while its session lives, and frees its place once
-- the session is gone.
--
-- KEYS: [1] the session (RedisKeys.Sessions.Session), [2] the user's streams (RedisKeys.Sessions.Streams).
-- ARGV: [1] now (Unix ms), [2] lease (ms), [3] stream id, [4] when the session ends however used (Unix ms).
--
-- Returns 1 while the session lives (lease renewed), 0 once it is gone (place freed).

if tonumber(ARGV[1]) >= tonumber(ARGV[4]) or redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return 0
end
redis.call('ZADD', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
