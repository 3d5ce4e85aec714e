-- wrk script: each request GETs a random path from a file, one path per line.
--   wrk ... -s bench/paths.lua http://127.0.0.1:PORT -- FILE
-- Headers given to wrk with -H are kept. Used to spread object GETs and outbox pages over a
-- large database instead of hitting one cached row.
local paths = {}

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end
