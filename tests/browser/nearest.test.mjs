// A family on a phone opens CareMap, taps "use my location", and sees the nearest services in
// order of distance. Passing proves SSR + hydration + the server function round trip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, startServer, watchErrors } from './harness.mjs';

// A point in 长江路街道, Erqi (WGS-84, as a phone's GPS reports it).
const HERE = { latitude: 34.7155, longitude: 113.6437 };
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('use my location lists nearby services nearest first', async () => {
  const context = await browser.newContext({ ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}/`);
  // Server-rendered: disabled until the WASM has hydrated the page.
  const locate = page.locator('#locate');
  await locate.waitFor();
  await page.waitForFunction(() => !document.querySelector('#locate').disabled, null, { timeout: 30_000 });
  await page.getByLabel('幼儿园').check();
  await page.getByLabel('小学').check();
  await locate.click();

  await page.waitForURL(/\/search\?/, { timeout: 15_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('kind'), 'kindergarten,primary_school');
  assert.ok(Math.abs(Number(url.searchParams.get('lat')) - HERE.latitude) < 1e-5);
  await page.locator('.result').first().waitFor({ timeout: 15_000 });
  const distances = await page.locator('.result').evaluateAll((els) => els.map((e) => Number(e.dataset.distance)));
  assert.ok(distances.length >= 5, `only ${distances.length} results`);
  for (let i = 1; i < distances.length; i++) assert.ok(distances[i - 1] <= distances[i], `order: ${distances}`);
  const kinds = await page.locator('.result .kind').allTextContents();
  assert.ok(kinds.every((k) => k === '幼儿园' || k === '小学'), `kinds: ${kinds}`);
  // The card tells how far and how to act on it.
  const first = page.locator('.result').first();
  assert.match(await first.locator('.dist').textContent(), /米|公里/);
  assert.ok(await first.locator('a[href^="tel:"]').count() === 1);
  // The whole page fits a 360 px phone: nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('search results are readable without JavaScript', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await page.selectOption('#near', '410103013');
  await page.getByLabel('养老院').check();
  await page.locator('#near ~ button').click();
  await page.waitForURL(/near=410103013/);
  const kinds = await page.locator('.result .kind').allTextContents();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === '养老院'), `kinds: ${kinds}`);
  await context.close();
});
