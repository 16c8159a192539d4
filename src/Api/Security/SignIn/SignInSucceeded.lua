-- A sign-in succeeded: the account starts afresh, and the address's provisional failure (counted
-- by SignInAttempt.lua) is taken back.
--
-- KEYS: [1] the account's hash, [2] the address's hash (as SignInAttempt.lua).
-- ARGV: none.
--
-- Returns 1.

redis.call('DEL', KEYS[1])
if (tonumber(redis.call('HGET', KEYS[2], 'f')) or 0) > 0 then
  redis.call('HINCRBY', KEYS[2], 'f', -1)
end
return 1
