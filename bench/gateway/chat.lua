-- wrk script: one small chat completion per request, with the API key from the environment.
-- BENCH_DELAY_MS, when set, makes each connection wait that long between requests (a paced, moderate load).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say hello"}],"max_tokens":8}'
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause then
  function delay() return pause end
end
