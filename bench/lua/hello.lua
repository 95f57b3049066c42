-- bench/run: the hello-world baseline. POSTs the same JSON bodies as create_message.lua to /hello.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

function init_script(args)
  local draw = corpus_words()
  local headers = {["Content-Type"] = "application/json"}
  for k = 1, 1000 do
    pool[k] = wrk.format("POST", "/hello", headers, '{"body":"' .. message_body(draw) .. '"}')
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
