-- The last number granted under a parent: -1 if it was forgotten, -2 if this Redis does not know it.
-- KEYS[1] parent hash; KEYS[2] guard hash (the application of a chat).
local p = redis.call('HMGET', KEYS[1], 'next', 'gone')
if p[2] or redis.call('HEXISTS', KEYS[2], 'gone') == 1 then return -1 end
if not p[1] then return -2 end
return tonumber(p[1])
