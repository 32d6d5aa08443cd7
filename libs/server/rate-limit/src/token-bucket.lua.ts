/**
 * Token buckets checked and charged in one atomic step. KEYS: one hash per bucket.
 * ARGV: for each bucket, its capacity (burst) and refill rate in tokens per millisecond.
 * A request is admitted only when every bucket holds a token; then each loses one.
 * The clock is Redis's own, so api instances with skewed clocks still agree.
 *
 * Answers { admitted (1/0), index of the first refusing bucket (1-based, 0 if none),
 *   ms until it holds a token, tokens left in the emptiest bucket, that bucket's index,
 *   ms until that bucket is full again }.
 */
export const TOKEN_BUCKET_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = #KEYS
local levels = {}
local refused = 0
local retry_ms = 0
for i = 1, count do
  local capacity = tonumber(ARGV[i * 2 - 1])
  local rate = tonumber(ARGV[i * 2])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then
    tokens = capacity
  else
    tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
  end
  levels[i] = tokens
  if tokens < 1 and refused == 0 then
    refused = i
    retry_ms = math.ceil((1 - tokens) / rate)
  end
end
local lowest = 0
local lowest_left = -1
local full_in_ms = 0
for i = 1, count do
  local capacity = tonumber(ARGV[i * 2 - 1])
  local rate = tonumber(ARGV[i * 2])
  local tokens = levels[i]
  if refused == 0 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'at', tostring(now))
  local to_full = math.ceil((capacity - tokens) / rate)
  redis.call('PEXPIRE', KEYS[i], to_full + 1000)
  if lowest == 0 or tokens < lowest_left then
    lowest = i
    lowest_left = tokens
    full_in_ms = to_full
  end
end
local admitted = 1
if refused > 0 then admitted = 0 end
return { admitted, refused, retry_ms, math.floor(lowest_left), lowest, full_in_ms }
`;
