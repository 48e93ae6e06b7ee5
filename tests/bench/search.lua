-- wrk script: server-rendered /search pages at random points (what a family's first load costs).
request = function()
  local lat = 31.4 + math.random() * 4.9
  local lng = 110.4 + math.random() * 6.2
  return wrk.format("GET", string.format("/search?lat=%.5f&lng=%.5f&kind=kindergarten&limit=10", lat, lng))
end
