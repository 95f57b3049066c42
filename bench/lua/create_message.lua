-- bench/run: message creation. POST /applications/$BENCH_TOKEN/chats/{n}/messages with a JSON body, n drawn
-- from $BENCH_CHATS ("first-last"), bodies of 8-14 words of the fixed vocabulary. The requests are built once
-- per thread (a pool of 1000), so the load generator spends its time on I/O, as in hello.lua.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local draw = corpus_words()
  local headers = {["Content-Type"] = "application/json"}
  for k = 1, 1000 do
    local chat = math.random(first, last)
    pool[k] = wrk.format("POST", "/applications/" .. token .. "/chats/" .. chat .. "/messages", headers,
                         '{"body":"' .. message_body(draw) .. '"}')
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
