-- keys.lua: every request a new cache key, for the memory figure. One
-- request in BENCH_CARD_EVERY is a card (a line of BENCH_PATHS with a
-- link_color that changes after each pass over the file, as unique.lua);
-- the others are share buttons for a new URL, whose render is ~10 times
-- cheaper, so a run reaches a million distinct keys in minutes while the
-- cache still holds full-size cards. The thread stops after BENCH_LIMIT
-- answers.
local paths = {}
local n = 0
local k = 0
local cards = 0
local answers = 0
local limit = tonumber(os.getenv("BENCH_LIMIT"))
local every = tonumber(os.getenv("BENCH_CARD_EVERY"))

for line in io.lines(os.getenv("BENCH_PATHS")) do
  n = n + 1
  paths[n] = line
end

request = function()
  k = k + 1
  if k % every == 0 then
    local p = paths[cards % n + 1] .. "?link_color=%23" .. string.format("%06x", math.floor(cards / n))
    cards = cards + 1
    return wrk.format(nil, p)
  end
  return wrk.format(nil, "/embed/button/share?url=https%3A%2F%2Fnews.example%2Fa%2F" .. k .. "&text=Read+this")
end

response = function(status, headers, body)
  answers = answers + 1
  if answers >= limit then
    wrk.thread:stop()
  end
end
