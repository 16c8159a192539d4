-- Publishes the decayed trending top list when it differs from the one last published, in one
-- atomic step: replicas checking after their own batches publish each change once, and in order.
--
-- KEYS: [1] the decayed trending set (RedisKeys.TrendingDecay), [2] the list last published
--   (RedisKeys.TrendingPublished).
-- ARGV: [1] how many posts the list holds, [2] the channel, [3] the message as JSON with an empty
--   post-id list ([]), which the script fills in, so the message is serialized by the same options
--   as every other.
--
-- Returns 1 when it published, 0 when the list had not changed.

local top = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'REV')
local ids = {}
for _, member in ipairs(top) do
  if string.match(member, '^%d+$') then
    ids[#ids + 1] = member
  end
end
local current = table.concat(ids, ',')
if current == (redis.call('GET', KEYS[2]) or '') then
  return 0
end
redis.call('SET', KEYS[2], current)
local message = string.gsub(ARGV[3], '%[%]', '[' .. current .. ']', 1)
redis.call('PUBLISH', ARGV[2], message)
return 1
