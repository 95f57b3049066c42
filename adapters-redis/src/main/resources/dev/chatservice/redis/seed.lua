-- Restarts a parent's counter at ARGV[1] below the durable ceiling ARGV[2], unless another node already did.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'next', ARGV[1], 'ceil', ARGV[2])
return 1
