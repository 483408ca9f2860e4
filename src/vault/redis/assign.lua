-- Assigns tokens for one request's values in one scope, atomically.
-- KEYS: 1 tok (token -> sealed), 2 val (hash -> token), 3 seq (type -> last n)
-- ARGV: 1 ttl in ms, 2 token cap, then per value: type, hash, sealed original
-- Returns {'ok', token, ...} in argument order, or {'full'} having written
-- nothing when the new values would take the scope past the cap.
local ttl = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local n = (#ARGV - 2) / 3

local found = {}
local fresh = 0
local seen = {}
for i = 0, n - 1 do
  local h = ARGV[4 + 3 * i]
  local t = redis.call('HGET', KEYS[2], h)
  if t then
    found[i + 1] = t
  elseif not seen[h] then
    seen[h] = true
    fresh = fresh + 1
  end
end
if fresh > 0 and redis.call('HLEN', KEYS[1]) + fresh > cap then
  return {'full'}
end

local out = {'ok'}
for i = 0, n - 1 do
  local t = found[i + 1]
  if not t then
    local ty, h, sealed = ARGV[3 + 3 * i], ARGV[4 + 3 * i], ARGV[5 + 3 * i]
    -- A value repeated within this batch was written a moment ago.
    t = redis.call('HGET', KEYS[2], h)
    if not t then
      t = ty .. ':' .. redis.call('HINCRBY', KEYS[3], ty, 1)
      redis.call('HSET', KEYS[2], h, t)
      redis.call('HSET', KEYS[1], t, sealed)
    end
  end
  out[#out + 1] = t
end
for k = 1, 3 do
  redis.call('PEXPIRE', KEYS[k], ttl)
end
return out
