-- wrk script for bench/reader/load.sh: readers spread over the timeline page, search pages and the embed, each
-- request from one of 200 reader addresses (X-Forwarded-For, believed from the loopback proxy the app is told of),
-- counting answers by status so that 429s are reported apart from errors. Prints one JSON line at the end.
local paths = {}
local timeline = "/t/north-korean-workers-in-russia"
local queries = { "sanctions", "workers", "repatriation", "putin", "warehouse", "resolution+2375", "construction",
  "students", "visa", "moscow", "vladivostok", "drones", "alabuga", "lavrov", "deadline", "kim", "labour", "pyongyang",
  "security+council", "wages", "factory", "border", "tourist", "2019", "2024" }
for _ = 1, 10 do paths[#paths + 1] = timeline end
for _ = 1, 5 do paths[#paths + 1] = "/embed/t/north-korean-workers-in-russia" end
for _, q in ipairs(queries) do paths[#paths + 1] = "/search?q=" .. q end

-- ONE_ADDRESS=1: every request from loopback itself, as if all readers shared one address (the limits then apply).
local one_address = os.getenv("ONE_ADDRESS") == "1"

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  counts = {}
  math.randomseed(id * 7919)
end

function request()
  local path = paths[math.random(#paths)]
  if one_address then return wrk.format("GET", path, { ["Accept-Encoding"] = "br" }) end
  return wrk.format("GET", path, { ["Accept-Encoding"] = "br", ["X-Forwarded-For"] = "10.1.0." .. math.random(200) })
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = string.format('"%s":%d', status, n) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.1f,"rps":%.0f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
