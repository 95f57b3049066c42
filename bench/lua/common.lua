-- Shared by every wrk script of bench/run (loaded with dofile). It
--   * counts, in every wrk thread, the answers that are not 2xx, and the answers (all, and 2xx only) completed
--     in each wall-clock second (for the throughput-over-time and drain charts);
--   * when wrk is done, writes one JSON summary to $BENCH_WRK_JSON (requests, duration, requests/s, latency
--     percentiles from wrk's own histogram including p99.9, and the error count = non-2xx + socket errors),
--     and "epoch_second answers answers_2xx" lines to $BENCH_WRK_SERIES.
-- A script that loads this file may define on_response(status, headers, body) and init_script(args).
-- Every script reads the bench parameters from the environment (os.getenv), never from the command line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

non2xx = 0
per_second = {}
per_second_ok = {}

function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error("bench: environment variable " .. name .. " is not set") end
    return default
  end
  return value
end

-- A fixed vocabulary of pronounceable made-up words, the same in every thread and every run (its own
-- generator, independent of math.random), so the search queries find what the corpus holds.
function vocabulary(size)
  local onsets = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                  "br", "cl", "st", "tr", "sh", "ch", "gr", "pl"}
  local vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io"}
  local state = 20251125
  local function next_int(n)
    state = (state * 1103515245 + 12345) % 2147483648
    return math.floor(state / 65536) % n + 1
  end
  local words, seen = {}, {}
  while #words < size do
    local word = ""
    for _ = 1, next_int(3) + 1 do
      word = word .. onsets[next_int(#onsets)] .. vowels[next_int(#vowels)]
    end
    if not seen[word] then
      seen[word] = true
      words[#words + 1] = word
    end
  end
  return words
end

-- The words a corpus draws from: with $BENCH_WORDS_FILE ("count word" lines, letters only: a frequency list
-- of real text made by bench/run), each word as often as in that text; otherwise the made-up vocabulary of
-- $BENCH_VOCABULARY words, all equally likely. Returns draw(), which picks one word.
function corpus_words()
  local path = os.getenv("BENCH_WORDS_FILE")
  if path == nil or path == "" then
    local words = vocabulary(tonumber(env("BENCH_VOCABULARY", "500")))
    return function() return words[math.random(#words)] end
  end
  local words, cumulative, total = {}, {}, 0
  for line in io.lines(path) do
    local count, word = line:match("^%s*(%d+)%s+(%a+)%s*$")
    if count then
      total = total + tonumber(count)
      words[#words + 1] = word
      cumulative[#cumulative + 1] = total
    end
  end
  if #words == 0 then error("bench: no \"count word\" lines in " .. path) end
  return function()
    local target, lo, hi = math.random() * total, 1, #cumulative
    while lo < hi do -- the first word whose cumulative count reaches the target
      local mid = math.floor((lo + hi) / 2)
      if cumulative[mid] < target then lo = mid + 1 else hi = mid end
    end
    return words[lo]
  end
end

-- A message body of 8 to 14 words drawn by draw() (see corpus_words): JSON-safe, about 70 characters.
function message_body(draw)
  local parts = {}
  for i = 1, math.random(8, 14) do
    parts[i] = draw()
  end
  parts[1] = parts[1]:sub(1, 1):upper() .. parts[1]:sub(2)
  return table.concat(parts, " ")
end

-- "a-b" or "a" -> a, b
function range(text)
  local a, b = text:match("^(%d+)-(%d+)$")
  if a then return tonumber(a), tonumber(b) end
  return tonumber(text), tonumber(text)
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_index or 0))
  if init_script then init_script(args) end
end

function response(status, headers, body)
  local now = os.time()
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  else
    per_second_ok[now] = (per_second_ok[now] or 0) + 1
  end
  per_second[now] = (per_second[now] or 0) + 1
  if on_response then on_response(status, headers, body) end
end

function done(summary, latency, requests)
  local total_non2xx = 0
  local series, series_ok = {}, {}
  for _, thread in ipairs(threads) do
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
    for second, count in pairs(thread:get("per_second") or {}) do
      series[second] = (series[second] or 0) + count
    end
    for second, count in pairs(thread:get("per_second_ok") or {}) do
      series_ok[second] = (series_ok[second] or 0) + count
    end
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local duration = summary.duration / 1e6
  local function ms(us) return us / 1000 end
  local json = string.format(
    '{"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,"bytes":%d,' ..
    '"latency_ms":{"mean":%.3f,"stdev":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p99_9":%.3f,"max":%.3f},' ..
    '"errors":{"non_2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"total":%d}}',
    summary.requests, duration, summary.requests / duration, summary.bytes,
    ms(latency.mean), ms(latency.stdev), ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max),
    total_non2xx, errors.connect, errors.read, errors.write, errors.timeout, total_non2xx + socket_errors)
  local out = io.open(env("BENCH_WRK_JSON"), "w")
  out:write(json, "\n")
  out:close()
  local keys = {}
  for second in pairs(series) do keys[#keys + 1] = second end
  table.sort(keys)
  out = io.open(env("BENCH_WRK_SERIES"), "w")
  for _, second in ipairs(keys) do
    out:write(string.format("%d %d %d\n", second, series[second], series_ok[second] or 0))
  end
  out:close()
  io.write(json, "\n")
end
