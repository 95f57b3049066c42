-- Records a top-up: raises the ceiling to a newly reserved durable ceiling (never lowers it), sets the
-- low-water mark sized for the counter's rate, starts the next rate window and releases the top-up lease.
-- KEYS[1] parent hash; ARGV: 1 ceiling, 2 low-water mark, 3 window start number, 4 window start (ms),
-- 5 the last number below the reserved block (ceiling - count).
-- Numbers between the counter's ceiling and its new block were reserved by someone else: another primary
-- during a split brain, or a counter restarted elsewhere. The counter jumps over them, so that it only ever
-- grants numbers of blocks reserved for it.
-- Returns 0 if the counter is gone from Redis (its recovery seeds it), else 1.
local c = redis.call('HGET', KEYS[1], 'ceil')
if not c then return 0 end
if tonumber(ARGV[1]) > tonumber(c) then
  if tonumber(ARGV[5]) > tonumber(c) then
    local n = tonumber(redis.call('HGET', KEYS[1], 'next'))
    if n < tonumber(ARGV[5]) then redis.call('HSET', KEYS[1], 'next', ARGV[5]) end
  end
  redis.call('HSET', KEYS[1], 'ceil', ARGV[1])
end
redis.call('HSET', KEYS[1], 'low', ARGV[2], 'rn', ARGV[3], 'rt', ARGV[4])
redis.call('HDEL', KEYS[1], 'tu')
return 1
