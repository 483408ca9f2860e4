-- Reads one scope's map as one consistent snapshot.
-- KEYS: 1 tok, 2 val. Returns {HGETALL tok, HGETALL val}.
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
