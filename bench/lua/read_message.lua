-- bench/run: a single message. GET /applications/$BENCH_TOKEN/chats/{n}/messages/{m}, n drawn from $BENCH_CHATS,
-- m from 1..$BENCH_MAX_MESSAGE (a number every one of those chats has persisted).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local max_message = tonumber(env("BENCH_MAX_MESSAGE"))
  for k = 1, 1000 do
    pool[k] = wrk.format("GET", "/applications/" .. token .. "/chats/" .. math.random(first, last)
                         .. "/messages/" .. math.random(1, max_message))
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
