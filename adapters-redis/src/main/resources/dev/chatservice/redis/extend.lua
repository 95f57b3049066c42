-- Raises a parent's ceiling to a newly reserved durable ceiling; 0 if the counter is gone (seed instead).
local c = redis.call('HGET', KEYS[1], 'ceil')
if not c then return 0 end
if tonumber(ARGV[1]) > tonumber(c) then redis.call('HSET', KEYS[1], 'ceil', ARGV[1]) end
return 1
