-- wrk script used by bench/run.py (same output as the peer kit's report.lua, so the
-- figures are read the same way): an optional POST body from WRK_BODY, and one
-- machine-readable RESULT line from wrk's own latency histogram.
local body = os.getenv("WRK_BODY")
if body and #body > 0 then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT rps=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d bytes=%d secs=%.2f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.bytes, secs,
    e.connect, e.read, e.write, e.status, e.timeout))
end
