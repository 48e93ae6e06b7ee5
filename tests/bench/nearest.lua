-- wrk script: /api/nearest at random points over the synthetic data's box (Henan), with filters.
local kinds = {"elderly_daycare", "kindergarten", "primary_school", "nursing_home", "holiday_care"}
local counter = 0
request = function()
  counter = counter + 1
  local lat = 31.4 + math.random() * 4.9
  local lng = 110.4 + math.random() * 6.2
  local kind = kinds[(counter % #kinds) + 1]
  local extra = (counter % 2 == 0) and "&available=true" or ""
  return wrk.format("GET", string.format("/api/nearest?lat=%.5f&lng=%.5f&kind=%s&limit=10%s", lat, lng, kind, extra))
end
