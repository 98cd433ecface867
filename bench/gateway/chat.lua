-- wrk script: one small chat completion per request, with the API key from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say hello"}],"max_tokens":8}'
