-- Records a batch of events in one call: dedupe, real-time counters, likers, trending (decayed
-- score and hour buckets), the count of events accepted this minute, the caller's budget and
-- share of the backlog, and XADD of each accepted event to the stream, atomically.
--
-- KEYS: [1] event stream, [2] decayed trending set, [3] its epoch, [4] the current minute's event
--   count (RedisKeys.EventsPerMinute of now), [5] the caller's RedisKeys.EventBudget, [6] its
--   RedisKeys.CallerBacklog, [7] its RedisKeys.CallerBacklogHeld, [8] RedisKeys.ErasedUsers, then per event: its seen key and,
--   when ARGV gives it a post id, the post's counters hash and its hour bucket, and for a like or
--   an unlike the post's RedisKeys.PostLikers.
-- ARGV: [1] now (Unix ms), [2] dedupe window (ms), [3] decay rate lambda (per ms), [4] rebase after
--   (ms), [5] drop decayed scores below this at a rebase, [6] hour-bucket retention (ms), [7] stream
--   field, [8..11] weights of a view, like, comment and share, [12] event count, [13] trace field,
--   [14] the caller's W3C trace context (empty: none), [15] backlog cap (0: none), [16] per-minute
--   count retention (ms), [17] the caller's budget in events per minute (0: none), [18] most
--   entries the caller may have in the stream (0: no limit), [19] how long the caller's backlog
--   record outlives its last batch (ms), then per event: type, post id (empty when none),
--   occurred-at (Unix ms, not after now), JSON, user id.
--
-- Returns 1 (accepted) or 0 (duplicate) per event, then the caller's budget left (-1: no budget).
-- Only accepted events reach the stream, spend budget and are counted, once per batch (one INCRBY
-- and one PEXPIRE), in the minute the Api accepted them. Nothing is written when it fails: with
-- ERASED {user id}... when an event's user was erased or anonymised (the Api's cache of known users
-- may not know yet),
-- BACKLOG when the stream holds the backlog cap's entries (the Ingestor is behind),
-- SHARE {held} {most} when the caller would hold more than its share of them,
-- BUDGET {retry after ms} {left} when the batch is larger than the caller's budget left.

local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lambda = tonumber(ARGV[3])
local rebaseAfter = tonumber(ARGV[4])
local pruneBelow = ARGV[5]
local retention = tonumber(ARGV[6])
local field = ARGV[7]
local weights = { post_view = tonumber(ARGV[8]), post_like = tonumber(ARGV[9]),
                  post_comment = tonumber(ARGV[10]), post_share = tonumber(ARGV[11]) }
local counters = { post_view = 'views', post_like = 'likes', post_comment = 'comments', post_share = 'shares' }
local count = tonumber(ARGV[12])
local traceField, trace = ARGV[13], ARGV[14]
local backlogCap = tonumber(ARGV[15])
local minuteRetention = ARGV[16]
local budget = tonumber(ARGV[17])
local mostHeld = tonumber(ARGV[18])
local heldRetention = ARGV[19]
local hourMs = 3600000

-- An erased or anonymised user sends nothing more: their id names nobody now.
local users, seenUser = {}, {}
for i = 0, count - 1 do
  local user = ARGV[20 + i * 5 + 4]
  if not seenUser[user] then
    seenUser[user] = true
    users[#users + 1] = user
  end
end
local marks = redis.call('HMGET', KEYS[8], unpack(users))
local erased = {}
for i, mark in ipairs(marks) do
  if mark then
    erased[#erased + 1] = users[i]
  end
end
if #erased > 0 then
  return redis.error_reply('ERASED ' .. table.concat(erased, ' '))
end

if backlogCap > 0 then
  local backlog = redis.call('XLEN', KEYS[1])
  if backlog >= backlogCap then
    return redis.error_reply('BACKLOG ' .. backlog .. ' entries wait in the stream (cap ' .. backlogCap .. ')')
  end
end

-- The caller's share of the backlog: its batches older than the stream's first entry
-- were trimmed (consumed by every group), so they no longer count.
local held = 0
if mostHeld > 0 then
  held = tonumber(redis.call('GET', KEYS[7]) or '0')
  if held > 0 then
    local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
    if not first then
      held = 0
      redis.call('DEL', KEYS[6], KEYS[7])
    else
      local below = '(' .. string.match(first[1], '^(%d+)')
      local gone = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', below)
      if #gone > 0 then
        for _, batch in ipairs(gone) do
          held = held - tonumber(string.match(batch, ':(%d+)$'))
        end
        if held < 0 then
          held = 0
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', below)
        redis.call('SET', KEYS[7], held, 'PX', heldRetention)
      end
    end
  end
  if held + count > mostHeld then
    return redis.error_reply('SHARE ' .. held .. ' ' .. mostHeld)
  end
end

-- The caller's budget: a bucket of a minute's events, refilled continuously.
local tokens = -1
if budget > 0 then
  local bucket = redis.call('HMGET', KEYS[5], 'tokens', 'at')
  tokens = tonumber(bucket[1])
  if tokens then
    tokens = math.min(budget, tokens + math.max(0, now - tonumber(bucket[2])) * budget / 60000)
  else
    tokens = budget
  end
  if tokens < count then
    return redis.error_reply(string.format('BUDGET %d %d', math.ceil((count - tokens) * 60000 / budget), math.floor(tokens)))
  end
end

local epoch = tonumber(redis.call('GET', KEYS[3]))
if not epoch then
  epoch = now
  redis.call('SET', KEYS[3], epoch)
elseif now - epoch >= rebaseAfter then
  -- Forward decay: scores grow as e^(lambda (t - t0)); before that overflows precision,
  -- scale every score back to the new epoch in one pass. Atomic with the move of t0,
  -- so no caller can rebase twice.
  redis.call('ZUNIONSTORE', KEYS[2], 1, KEYS[2], 'WEIGHTS', string.format('%.17g', math.exp(-lambda * (now - epoch))))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. pruneBelow)
  epoch = now
  redis.call('SET', KEYS[3], epoch)
end

-- Trending sums are order-free: add them up per post and write each post once per batch.
local deadline = string.format('%d', now + window)
local results = {}
local decayed, hours, ttls, factors = {}, {}, {}, {}
local acceptedCount = 0
local lastEntry
local key = 9
for i = 0, count - 1 do
  local arg = 20 + i * 5
  local type, post, at = ARGV[arg], ARGV[arg + 1], tonumber(ARGV[arg + 2])
  local seen = KEYS[key]
  key = key + 1
  local accepted = 1
  -- The stored deadline, not only the key's expiry, decides: callers' clocks (and tests'
  -- fake clocks) rule the window, while the expiry frees the memory.
  local previous = redis.call('SET', seen, deadline, 'NX', 'GET', 'PX', ARGV[2])
  if previous then
    if tonumber(previous) > now then
      accepted = 0
    else
      redis.call('SET', seen, deadline, 'PX', ARGV[2])
    end
  end
  if post ~= '' then
    local hash, bucket = KEYS[key], KEYS[key + 1]
    key = key + 2
    local likers
    if type == 'post_like' or type == 'post_unlike' then
      likers = KEYS[key]
      key = key + 1
    end
    if accepted == 1 then
      -- A post's likes are the users who like it now: liking twice, or unliking what one
      -- does not like, changes nothing. An unlike takes its like's weight back from
      -- trending, so liking and unliking over and over lifts no post.
      local counter, weight = counters[type], weights[type] or 0
      if type == 'post_like' then
        if redis.call('SADD', likers, ARGV[arg + 4]) == 0 then
          counter, weight = nil, 0
        end
      elseif type == 'post_unlike' then
        counter, weight = nil, 0
        if redis.call('SREM', likers, ARGV[arg + 4]) == 1 then
          redis.call('HINCRBY', hash, 'likes', '-1')
          weight = -weights.post_like
        end
      end
      if counter then
        redis.call('HINCRBY', hash, counter, '1')
      end
      if weight ~= 0 then
        local factor = factors[at]
        if not factor then
          factor = math.exp(lambda * (at - epoch))
          factors[at] = factor
        end
        decayed[post] = (decayed[post] or 0) + weight * factor
        local ttl = math.floor(at / hourMs) * hourMs + retention - now
        if ttl > 0 then
          local sums = hours[bucket]
          if not sums then
            sums = {}
            hours[bucket] = sums
            ttls[bucket] = ttl
          end
          sums[post] = (sums[post] or 0) + weight
        end
      end
    end
  end
  if accepted == 1 then
    acceptedCount = acceptedCount + 1
    if trace ~= '' then
      lastEntry = redis.call('XADD', KEYS[1], '*', field, ARGV[arg + 3], traceField, trace)
    else
      lastEntry = redis.call('XADD', KEYS[1], '*', field, ARGV[arg + 3])
    end
  end
  results[i + 1] = accepted
end
for post, score in pairs(decayed) do
  redis.call('ZINCRBY', KEYS[2], string.format('%.17g', score), post)
end
for bucket, sums in pairs(hours) do
  for post, score in pairs(sums) do
    redis.call('ZINCRBY', bucket, string.format('%.17g', score), post)
  end
  redis.call('PEXPIRE', bucket, string.format('%d', ttls[bucket]))
end
if acceptedCount > 0 then
  redis.call('INCRBY', KEYS[4], acceptedCount)
  redis.call('PEXPIRE', KEYS[4], minuteRetention)
  if mostHeld > 0 then
    redis.call('ZADD', KEYS[6], string.match(lastEntry, '^(%d+)'), lastEntry .. ':' .. acceptedCount)
    redis.call('PEXPIRE', KEYS[6], heldRetention)
    redis.call('SET', KEYS[7], held + acceptedCount, 'PX', heldRetention)
  end
end
if budget > 0 then
  tokens = tokens - acceptedCount
  redis.call('HSET', KEYS[5], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', now))
  -- Full again after this long: the missing bucket then reads as full.
  redis.call('PEXPIRE', KEYS[5], string.format('%d', math.max(1, math.ceil((budget - tokens) * 60000 / budget))))
end
results[count + 1] = math.floor(tokens)
return results
