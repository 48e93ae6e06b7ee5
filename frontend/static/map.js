// CareMap's map view, loaded only when a family opens the map. Leaflet (npm, served by CareMap
// under /pkg/leaflet/) draws markers for the results, the search point and, if tiles are configured
// and reachable, a base map. Coordinates arrive already in the tiles' system (WGS-84 for OSM and
// Tianditu, GCJ-02 for Amap). Without tiles the markers and the list still work.
let leaflet;

function loadCss(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.appendChild(link);
}

async function loadLeaflet() {
  if (leaflet) return leaflet;
  loadCss('/pkg/leaflet/leaflet.css');
  await new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = '/pkg/leaflet/leaflet.js';
    s.onload = ok;
    s.onerror = () => fail(new Error('leaflet failed to load'));
    document.head.appendChild(s);
  });
  leaflet = window.L;
  return leaflet;
}

function escape(text) {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

// data: { center:[lat,lng], user:[lat,lng]|null, tiles:{urls:[…], subdomains:"…", attribution:"…", maxZoom}|null,
//         results:[{id,name,kind,short,lat,lng,distance,free,href}],
//         labels:{you, searchHere, details, tilesFailed, cluster ("… {n} …")} }
export async function open(el, data) {
  const L = await loadLeaflet();
  if (el._caremap) el._caremap.remove();
  // A maximum zoom even without tiles, so that a cluster of one address ends in a list, not endless zooming.
  const map = L.map(el, { zoomControl: true, attributionControl: true, maxZoom: 18 }).setView(data.center, 15);
  el._caremap = map;
  if (data.tiles) {
    // A base map that does not load (offline, blocked) says so, instead of leaving a blank grey square.
    let loaded = 0;
    let failed = 0;
    let said = false;
    for (const url of data.tiles.urls) {
      const layer = L.tileLayer(url, { subdomains: data.tiles.subdomains || 'abc', maxZoom: data.tiles.maxZoom || 18,
        attribution: data.tiles.attribution || '' }).addTo(map);
      layer.on('tileload', () => { loaded += 1; });
      layer.on('tileerror', () => {
        failed += 1;
        if (!said && loaded === 0 && failed >= 2) {
          said = true;
          const note = L.control({ position: 'bottomleft' });
          note.onAdd = () => {
            const p = L.DomUtil.create('p', 'map-note tiles-failed');
            p.setAttribute('role', 'status');
            p.textContent = data.labels.tilesFailed;
            return p;
          };
          note.addTo(map);
        }
      });
    }
  }
  const bounds = data.results.map((r) => [r.lat, r.lng]);
  const markers = L.layerGroup().addTo(map);
  const draw = () => cluster(L, map, markers, data);
  if (data.user) {
    L.circleMarker(data.user, { radius: 9, color: '#fff', weight: 3, fillColor: '#0b57d0', fillOpacity: 1 })
      .addTo(map).bindTooltip(data.labels.you);
    bounds.push(data.user);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  draw();
  map.on('zoomend', draw);

  // "Search this area": offered once the family has moved the map.
  const button = L.control({ position: 'topright' });
  button.onAdd = () => {
    const b = L.DomUtil.create('button', 'btn map-search');
    b.type = 'button';
    b.textContent = data.labels.searchHere;
    b.hidden = true;
    L.DomEvent.on(b, 'click', (e) => {
      L.DomEvent.stop(e);
      const c = map.getCenter();
      el.dispatchEvent(new CustomEvent('caremap:search-area', { detail: { lat: c.lat, lng: c.lng }, bubbles: true }));
    });
    // Only once the family moves the map, not for its own first framing.
    setTimeout(() => map.on('moveend', () => { b.hidden = false; }), 400);
    return b;
  };
  button.addTo(map);
  setTimeout(() => map.invalidateSize(), 0);
  return map;
}

// Markers closer than a thumb on screen become one cluster marker with their count (overlapping markers
// cannot be tapped apart): tapping it zooms in to them, or at the closest zoom lists them.
const CLUSTER_PX = 40;
function cluster(L, map, layer, data) {
  layer.clearLayers();
  const groups = [];
  for (const r of data.results) {
    const p = map.latLngToLayerPoint([r.lat, r.lng]);
    // A group is drawn at its first point, and every first point is at least CLUSTER_PX from every other:
    // no two markers on screen are closer than that.
    const g = groups.find((x) => x.p.distanceTo(p) < CLUSTER_PX);
    if (g) g.items.push(r); else groups.push({ p, at: [r.lat, r.lng], items: [r] });
  }
  for (const g of groups) {
    if (g.items.length === 1) {
      const r = g.items[0];
      const icon = L.divIcon({ className: `mk mk-${r.kind}`, html: `<span>${escape(r.short)}</span>`, iconSize: [34, 34] });
      const marker = L.marker([r.lat, r.lng], { icon, title: r.name, keyboard: true }).addTo(layer);
      marker.bindPopup(
        `<div class="mk-card"><strong>${escape(r.name)}</strong><br>${escape(r.distance)} · ${escape(r.free)}` +
        `<br><a href="${r.href}">${escape(data.labels.details)}</a></div>`,
      );
      marker.getElement()?.setAttribute('data-id', r.id);
      continue;
    }
    const points = g.items.map((r) => [r.lat, r.lng]);
    const label = data.labels.cluster.replace('{n}', String(g.items.length));
    const icon = L.divIcon({ className: 'mk mk-cluster', html: `<span>${g.items.length}</span>`, iconSize: [44, 44] });
    const marker = L.marker(g.at, { icon, title: label, alt: label, keyboard: true }).addTo(layer);
    const el = marker.getElement();
    el?.setAttribute('data-count', String(g.items.length));
    el?.setAttribute('aria-label', label);
    marker.on('click', () => {
      if (map.getZoom() < map.getMaxZoom()) {
        map.fitBounds(points, { padding: [50, 50] });
        return;
      }
      // At the closest zoom they still overlap (one address): list them.
      const list = g.items.map((r) => `<li><a href="${r.href}">${escape(r.name)}</a> · ${escape(r.free)}</li>`).join('');
      marker.bindPopup(`<div class="mk-card"><ul class="mk-list">${list}</ul></div>`).openPopup();
    });
  }
}

// Setting one facility's point (district admins, /admin): a marker to drag, or tap the map to move it.
// data: { center:[lat,lng], tiles:{…}|null, label:"…" } in the tiles' system. Each move is sent as a
// `caremap:placed` event with { lat, lng } (as displayed).
export async function place(el, data) {
  const L = await loadLeaflet();
  if (el._caremap) el._caremap.remove();
  const map = L.map(el, { zoomControl: true, attributionControl: true }).setView(data.center, 16);
  el._caremap = map;
  if (data.tiles) {
    for (const url of data.tiles.urls) {
      L.tileLayer(url, { subdomains: data.tiles.subdomains || 'abc', maxZoom: data.tiles.maxZoom || 18,
        attribution: data.tiles.attribution || '' }).addTo(map);
    }
  }
  const icon = L.divIcon({ className: 'mk mk-place', html: '<span>◎</span>', iconSize: [34, 34] });
  const marker = L.marker(data.center, { icon, draggable: true, title: data.label, keyboard: true }).addTo(map);
  const report = (ll) =>
    el.dispatchEvent(new CustomEvent('caremap:placed', { detail: { lat: ll.lat, lng: ll.lng }, bubbles: true }));
  map.on('click', (e) => { marker.setLatLng(e.latlng); report(e.latlng); });
  marker.on('dragend', () => report(marker.getLatLng()));
  setTimeout(() => map.invalidateSize(), 0);
  return map;
}
