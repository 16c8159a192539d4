-- Checks a sign-in attempt against the failures of its account and of its client address; when it
-- may go ahead, counts it as a failure before the password is checked (SignInSucceeded.lua takes
-- that back), so parallel guesses cannot all pass the check before any is counted.
--
-- KEYS: [1] the account's hash, [2] the address's hash (RedisKeys.SignIn; fields f: failures,
--   l: last failure, Unix ms).
-- ARGV: [1] now (Unix ms), [2] account threshold, [3] address threshold, [4] base delay (ms),
--   [5] cap (ms), [6] memory (ms).
--
-- Returns the ms to wait, or 0 after counting.

local now = tonumber(ARGV[1])
local base, cap = tonumber(ARGV[4]), tonumber(ARGV[5])
local wait = 0
for i = 1, 2 do
  local state = redis.call('HMGET', KEYS[i], 'f', 'l')
  local failures, threshold = tonumber(state[1]) or 0, tonumber(ARGV[i + 1])
  if failures >= threshold then
    local delay = math.min(base * 2 ^ math.min(failures - threshold, 40), cap)
    wait = math.max(wait, tonumber(state[2]) + delay - now)
  end
end
if wait > 0 then
  return wait
end
for i = 1, 2 do
  redis.call('HINCRBY', KEYS[i], 'f', 1)
  redis.call('HSET', KEYS[i], 'l', ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return 0
