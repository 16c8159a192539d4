-- Extends a session by the sliding expiry (never past its absolute end) and reads it, atomically;
-- a session past its end is deleted, and one that is gone leaves the set of active ones.
--
-- KEYS: [1] the session hash (RedisKeys.Sessions.Session), [2] the active sessions (RedisKeys.Sessions.Active).
-- ARGV: [1] now (Unix ms), [2] sliding expiry (ms), [3] the session's member in the active set (its token hash).
--
-- Returns user id, handle, role, created at, ends at, expires at (Unix ms), or nil when there is
-- no session.

local fields = redis.call('HMGET', KEYS[1], 'user_id', 'handle', 'role', 'created_at', 'ends_at')
if not fields[1] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return false
end
local now = tonumber(ARGV[1])
local endsAt = tonumber(fields[5])
if now >= endsAt then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[3])
  return false
end
local expiresAt = math.min(now + tonumber(ARGV[2]), endsAt)
redis.call('PEXPIRE', KEYS[1], expiresAt - now)
redis.call('ZADD', KEYS[2], expiresAt, ARGV[3])
return { fields[1], fields[2], fields[3], fields[4], fields[5], tostring(expiresAt) }
