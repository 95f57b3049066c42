-- bench/run: search. GET /applications/$BENCH_TOKEN/chats/{n}/messages/search?q=..., n drawn from $BENCH_CHATS
-- (the corpus chat). Each query is a 3-5 letter infix of a vocabulary word (matches inside words, as the API
-- promises), and one query in four has two such terms.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local pool, i = {}, 0

local function infix(word)
  local length = math.min(#word - 1, math.random(3, 5))
  local start = math.random(2, #word - length + 1)
  return word:sub(start, start + length - 1)
end

function init_script(args)
  local token = env("BENCH_TOKEN")
  local first, last = range(env("BENCH_CHATS"))
  local words = vocabulary(tonumber(env("BENCH_VOCABULARY", "500")))
  for k = 1, 1000 do
    local q = infix(words[math.random(#words)])
    if k % 4 == 0 then q = q .. "+" .. infix(words[math.random(#words)]) end
    pool[k] = wrk.format("GET", "/applications/" .. token .. "/chats/" .. math.random(first, last)
                         .. "/messages/search?q=" .. q)
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
