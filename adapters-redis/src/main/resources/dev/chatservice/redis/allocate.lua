-- Grants the next number under a parent (an application or a chat) in one atomic step.
-- KEYS[1] parent hash {next, ceil, gone, low, tu, rn, rt}; KEYS[2] guard hash (the application of a chat;
-- else KEYS[1]); KEYS[3] Idempotency-Key string (ignored unless ARGV[6] == '1').
-- ARGV: 1 body fingerprint, 2 now (ms), 3 key window (ms), 4 child key prefix ('' = none),
--       5 child's first ceiling, 6 has key, 7 low-water mark of a counter that has none yet,
--       8 top-up lease (ms), 9 child's first low-water mark.
-- Returns {'OK', number, accepted_at_ms, top_up}, {'REPLAY', number, accepted_at_ms, 0}, {'EXHAUSTED', top_up}
-- or {status}. top_up = 1 hands the caller the parent's top-up lease: it must reserve the next numbers.
local p = redis.call('HMGET', KEYS[1], 'next', 'ceil', 'gone', 'low', 'tu')
if p[3] then return {'GONE'} end
if KEYS[2] ~= KEYS[1] and redis.call('HEXISTS', KEYS[2], 'gone') == 1 then return {'GONE'} end
-- A missing counter is never created here: only the caller knows, from the durable store, where to restart.
if not p[1] then return {'MISSING'} end
if ARGV[6] == '1' then
  local seen = redis.call('GET', KEYS[3])
  if seen then
    local n, f, t = string.match(seen, '^(%d+)|([^|]*)|(%d+)$')
    if n and tonumber(t) >= tonumber(ARGV[2]) - tonumber(ARGV[3]) then
      if f ~= ARGV[1] then return {'CONFLICT'} end
      return {'REPLAY', tonumber(n), tonumber(t), 0}
    end
  end
end
local now = tonumber(ARGV[2])
-- One top-up per parent at a time across every node; a lease left by a node that died or failed expires.
local lease_free = (not p[5]) or tonumber(p[5]) <= now
local n = tonumber(p[1]) + 1
local ceil = tonumber(p[2])
if n > ceil then
  if lease_free then
    redis.call('HSET', KEYS[1], 'tu', now + tonumber(ARGV[8]))
    return {'EXHAUSTED', 1}
  end
  return {'EXHAUSTED', 0}
end
local top_up = 0
if ceil - n < tonumber(p[4] or ARGV[7]) and lease_free then
  top_up = 1
  redis.call('HSET', KEYS[1], 'next', n, 'tu', now + tonumber(ARGV[8]))
else
  redis.call('HSET', KEYS[1], 'next', n)
end
if ARGV[4] ~= '' then
  redis.call('HSET', ARGV[4] .. n, 'next', 0, 'ceil', ARGV[5], 'rt', ARGV[2], 'low', ARGV[9])
end
if ARGV[6] == '1' then
  redis.call('SET', KEYS[3], n .. '|' .. ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
end
return {'OK', n, now, top_up}
