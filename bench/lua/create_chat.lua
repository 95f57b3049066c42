-- bench/run: chat creation. POST /applications/$BENCH_TOKEN/chats, no body.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local req

function init_script(args)
  req = wrk.format("POST", "/applications/" .. env("BENCH_TOKEN") .. "/chats")
end

function request()
  return req
end
