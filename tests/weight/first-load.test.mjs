// The weight of a phone's first visit to `/`: the HTML (with its inlined CSS) plus the JS and WASM
// it loads, as transferred with brotli. docs/weight.json records the accepted figure; the run fails
// when the page grows more than 5 % past it. (The map's code is not part of it: it loads on demand.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { ROOT, startServer } from '../browser/harness.mjs';

const RECORD = JSON.parse(readFileSync(join(ROOT, 'docs/weight.json'), 'utf8'));
let server;

before(async () => { server = await startServer(['--tiles', 'none']); });
after(async () => { await server?.stop(); });

/// Bytes on the wire (brotli when offered) and the decoded body.
function fetchBr(url) {
  return new Promise((ok, fail) => {
    http.get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

test('first load of / stays within 5 % of the recorded weight', async () => {
  const page = await fetchBr(`${server.base}/`);
  assert.equal(page.status, 200);
  assert.equal(page.encoding, 'br', 'the page is sent brotli-compressed');
  const { brotliDecompressSync } = await import('node:zlib');
  const html = brotliDecompressSync(page.bytes).toString('utf8');
  // What the page itself pulls in before any interaction: scripts and preloads.
  const assets = [...html.matchAll(/<link[^>]+href="(\/(?:home-)?pkg\/[^"]+)"[^>]*>/g)].map((m) => m[1])
    .filter((href) => /\.(js|wasm|css)$/.test(href));
  assert.ok(assets.some((a) => a.endsWith('.wasm')) && assets.some((a) => a.endsWith('.js')), `assets: ${assets}`);
  assert.ok(!assets.some((a) => a.includes('leaflet') || a.includes('map.js')), 'the map is not in the first load');
  const parts = { html: page.bytes.length };
  for (const a of new Set(assets)) {
    const r = await fetchBr(`${server.base}${a}`);
    assert.equal(r.status, 200, a);
    assert.equal(r.encoding, 'br', `${a} is served brotli-compressed`);
    parts[a] = r.bytes.length;
  }
  const total = Object.values(parts).reduce((s, n) => s + n, 0);
  console.log(`first load of /: ${total} B brotli`, JSON.stringify(parts));
  const limit = Math.round(RECORD.first_load_br_bytes * 1.05);
  assert.ok(total <= limit, `first load is ${total} B, more than 5 % over the recorded ${RECORD.first_load_br_bytes} B (limit ${limit} B); make it smaller, or if the growth is worth it update docs/weight.json`);
});
