-- wrk script: one small chat completion per request, with the API key from the environment.
-- BENCH_DELAY_MS, when set, makes each connection wait that long between requests (a paced, moderate load).
-- BENCH_MODEL names the endpoint (default bench); BENCH_STREAM=1 asks for a streamed answer.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
local model = os.getenv("BENCH_MODEL") or "bench"
local stream = os.getenv("BENCH_STREAM") == "1" and ',"stream":true' or ""
wrk.body = '{"model":"' .. model .. '","messages":[{"role":"user","content":"Say hello"}],"max_tokens":8' .. stream .. '}'
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause then
  function delay() return pause end
end
