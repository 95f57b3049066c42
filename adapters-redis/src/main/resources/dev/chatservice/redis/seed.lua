-- Restarts a parent's counter at ARGV[1] below the durable ceiling ARGV[2], unless another node already did.
-- ARGV[3]: now (ms), the start of its first rate window; ARGV[4]: its first low-water mark.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'next', ARGV[1], 'ceil', ARGV[2], 'rn', ARGV[1], 'rt', ARGV[3], 'low', ARGV[4])
return 1
