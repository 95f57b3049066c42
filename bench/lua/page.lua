-- bench/run (section live): one page of one chat's messages, in one order.
-- GET /applications/$BENCH_TOKEN/chats/{n}/messages?order=$BENCH_PAGE_ORDER&limit=$BENCH_PAGE_LIMIT, n drawn from
-- $BENCH_CHATS; order asc (the default) is the chat's oldest page, desc its newest.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local order = env("BENCH_PAGE_ORDER", "asc")
  local limit = env("BENCH_PAGE_LIMIT", "50")
  for k = 1, 100 do
    pool[k] = wrk.format("GET", "/applications/" .. token .. "/chats/" .. math.random(first, last)
                         .. "/messages?order=" .. order .. "&limit=" .. limit)
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
