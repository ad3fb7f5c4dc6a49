-- A new random query string on every request, as a cache-busting crawler sends: Batori
-- should answer from its one cache entry for the page.
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?r=" .. n .. "-" .. math.random(1000000000))
end
