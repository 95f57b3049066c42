-- bench/run: search. GET /applications/$BENCH_TOKEN/chats/{n}/messages/search?q=..., n drawn from $BENCH_CHATS
-- (the corpus chat), with &sort=$BENCH_SEARCH_SORT if set. Each query is a 3-5 letter infix of a word of the
-- corpus (matches inside words, as the API promises), drawn as the corpus draws them (corpus_words: with
-- $BENCH_WORDS_FILE, frequent words more often; only words of 4 letters or more), and one query in four has two
-- such terms.
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
  local draw = corpus_words()
  local function long_word()
    local word = draw()
    while #word < 4 do word = draw() end
    return word
  end
  local sort = os.getenv("BENCH_SEARCH_SORT")
  local suffix = (sort ~= nil and sort ~= "") and ("&sort=" .. sort) or ""
  for k = 1, 1000 do
    local q = infix(long_word())
    if k % 4 == 0 then q = q .. "+" .. infix(long_word()) end
    pool[k] = wrk.format("GET", "/applications/" .. token .. "/chats/" .. math.random(first, last)
                         .. "/messages/search?q=" .. q .. suffix)
  end
end

function request()
  i = i % #pool + 1
  return pool[i]
end
