-- Reads one scope's map as one consistent snapshot. Reading is using: a
-- conversation whose later turns bring no new values (a Responses API
-- chain, say) must not expire under its live links, so a scope that
-- exists gets its full TTL again. A missing scope is not created.
-- KEYS: 1 tok, 2 val, 3 seq. ARGV: 1 ttl in ms.
-- Returns {HGETALL tok, HGETALL val}.
local tok = redis.call('HGETALL', KEYS[1])
if #tok > 0 then
  for k = 1, 3 do
    redis.call('PEXPIRE', KEYS[k], ARGV[1])
  end
end
return {tok, redis.call('HGETALL', KEYS[2])}
