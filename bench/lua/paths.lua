-- paths.lua: request the paths listed in the file named by BENCH_PATHS,
-- one per line, in order, round and round. The Go harness writes the list
-- (a Zipf-distributed sample for the mix), so the script stays trivial
-- and costs wrk almost nothing per request.
local paths = {}
local n = 0
local i = 0

for line in io.lines(os.getenv("BENCH_PATHS")) do
  n = n + 1
  paths[n] = line
end

request = function()
  i = i % n + 1
  return wrk.format(nil, paths[i])
end
