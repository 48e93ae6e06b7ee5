// The pages' Content-Security-Policy in a real browser: it refuses what it should (an inline script
// without the response's nonce, a string compiled as code), and the map with a configured tile
// provider works under it.
// (Every other browser test also fails on any violation: harness.mjs `launchBrowser`.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, liveOpen, startServer, takeCspViolations, watchErrors } from './harness.mjs';

const SEARCH = '/search?lat=34.7155&lng=113.6437&kind=kindergarten&limit=5';
// A 1×1 transparent PNG: the sandbox has no internet, so tile requests are answered here (after the
// browser's CSP check, which is what this test is about).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
let server, browser;

before(async () => {
  server = await startServer(['--tiles', 'osm']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an injected inline script and a string compiled as code are refused, and the violation is caught', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}${SEARCH}`);
  await liveOpen(page);
  const outcome = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.append(s);
    // A string handed to setTimeout is compiled as the page's own code, so it is subject to the
    // policy (DevTools' evaluate itself is not, which is why this is not a plain eval here).
    setTimeout('window.__evaluated = true;', 0);
    await new Promise((r) => setTimeout(r, 200));
    return { injected: window.__injected ?? false, evaluated: window.__evaluated ?? false };
  });
  assert.deepEqual(outcome, { injected: false, evaluated: false });
  const seen = takeCspViolations();
  assert.ok(seen.some((v) => /script-src.* blocked inline/.test(v)), `the harness saw the script: ${seen.join('\n')}`);
  assert.ok(seen.some((v) => /script-src.* blocked eval/.test(v)), `the harness saw the eval: ${seen.join('\n')}`);
  await context.close();
});

test('the map draws the configured tiles (osm) under the policy', async () => {
  const context = await browser.newContext(PHONE);
  const tiles = [];
  await context.route('https://tile.openstreetmap.org/**', (route) => {
    tiles.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}${SEARCH}`);
  await liveOpen(page);
  await page.getByRole('button', { name: '地图' }).click();
  await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 15_000 });
  await page.locator('img.leaflet-tile-loaded').first().waitFor({ timeout: 15_000 });
  assert.ok(tiles.length > 0, 'tiles were asked for');
  assert.deepEqual(errors, []);
  await context.close();
});
