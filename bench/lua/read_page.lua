-- bench/run: a message page. GET /applications/$BENCH_TOKEN/chats/{n}/messages?limit=$BENCH_PAGE_LIMIT (first
-- page, default 50 items), n drawn from $BENCH_CHATS. With $BENCH_PAGE_ORDER (asc or desc) the request names
-- that order: asc is the chat's oldest page, desc its newest (the live section compares them).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local limit = env("BENCH_PAGE_LIMIT", "50")
  local order = env("BENCH_PAGE_ORDER", "")
  local query = (order ~= "" and ("order=" .. order .. "&") or "") .. "limit=" .. limit
  for k = 1, 1000 do
    pool[k] = wrk.format("GET", "/applications/" .. token .. "/chats/" .. math.random(first, last)
                         .. "/messages?" .. query)
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
