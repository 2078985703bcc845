-- wrk script: POSTs pre-signed Twilio webhooks from REQUESTS (make_requests.py), each once.
local requests = {}
local index = 0

function init(args)
  for line in io.lines(os.getenv("REQUESTS")) do
    local signature, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", "/webhooks/twilio", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = signature,
    }, body)
  end
end

local once = os.getenv("ONCE") ~= nil
local health = wrk.format("GET", "/healthz")

function request()
  index = index + 1
  if index > #requests then
    -- With ONCE set, every webhook is sent once; then only health checks (nothing stored)
    -- until million.sh sees every conversation stored and interrupts wrk.
    if once then return health end
    index = 1
  end
  return requests[index]
end


function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
