-- bench/run: seeds a corpus. Like create_message.lua, but each of the $BENCH_THREADS threads sends at most its
-- share of $BENCH_QUOTA message POSTs, then only GET /livez. bench/run stops wrk (SIGINT, which makes wrk print
-- its summary) once the node has accepted the quota or stops accepting more; wrk's -d bounds it in any case.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i, sent, quota = {}, 0, 0, 0
local idle

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local threads = tonumber(env("BENCH_THREADS"))
  quota = math.ceil(tonumber(env("BENCH_QUOTA")) / threads)
  local draw = corpus_words()
  local headers = {["Content-Type"] = "application/json"}
  -- Distinct bodies per thread, sent round-robin ($BENCH_SEED_POOL, default 1000): a realistic corpus needs
  -- more, or its rare words would all come back in every 1000th message.
  for k = 1, tonumber(env("BENCH_SEED_POOL", "1000")) do
    local chat = math.random(first, last)
    pool[k] = wrk.format("POST", "/applications/" .. token .. "/chats/" .. chat .. "/messages", headers,
                         '{"body":"' .. message_body(draw) .. '"}')
  end
  idle = wrk.format("GET", "/livez")
end

function request()
  if sent >= quota then return idle end
  sent = sent + 1
  i = i % #pool + 1
  return pool[i]
end
