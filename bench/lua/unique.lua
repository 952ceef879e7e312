-- unique.lua: every request a new cache key. Paths are the lines of the
-- file named by BENCH_PATHS (one per post) with a link_color that changes
-- after each pass over them, so request k uses post k mod n and colour
-- k div n: all distinct. The thread stops after BENCH_LIMIT answers.
local paths = {}
local n = 0
local k = 0
local answers = 0
local limit = tonumber(os.getenv("BENCH_LIMIT"))

for line in io.lines(os.getenv("BENCH_PATHS")) do
  n = n + 1
  paths[n] = line
end

request = function()
  local p = paths[k % n + 1] .. "?link_color=%23" .. string.format("%06x", math.floor(k / n))
  k = k + 1
  return wrk.format(nil, p)
end

response = function(status, headers, body)
  answers = answers + 1
  if answers >= limit then
    wrk.thread:stop()
  end
end
