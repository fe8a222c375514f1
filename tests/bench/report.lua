-- wrk reporter for tests/bench/run.sh: one parseable line per run.
--   BENCH name=<scenario> rps=<req/s> p50_ms=<ms> p95_ms=<ms> p99_ms=<ms>
--         requests=<n> non2xx=<n> errors=<socket errors>
-- The scenario name comes from the BENCH_NAME environment variable.
done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local rps = secs > 0 and summary.requests / secs or 0
  io.write(string.format(
    "BENCH name=%s rps=%.1f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d errors=%d\n",
    os.getenv("BENCH_NAME") or "run", rps,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
