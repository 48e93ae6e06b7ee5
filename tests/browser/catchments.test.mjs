// "Which school is my child assigned to?" on a phone (360x740): a search for schools shows the
// catchment card (划片, the sample year 2026) at the top and marks the assigned schools; a search
// without schools shows no card; a school's page shows its catchment map and communities; a district
// admin reviews the year and uploads a file through the page's form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHONE, axeViolations, launchBrowser, startServer, watchErrors } from './harness.mjs';

const SCHOOL = 'ps-410103001-0';
const PASSWORD = 'correct horse battery';
let server, browser, at;

before(async () => {
  server = await startServer(['--tiles', 'none']);
  server.addUser('admin', 'district_admin', [], PASSWORD);
  browser = await launchBrowser();
  const detail = await (await fetch(`${server.base}/api/facility?id=${SCHOOL}`)).json();
  at = { lat: detail.facility.lat, lng: detail.facility.lng };
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

test('a school search shows the catchment card at the top and marks the assigned schools', async () => {
  const { context, page, errors } = await phone();
  const api = await (await fetch(`${server.base}/api/catchment?lat=${at.lat}&lng=${at.lng}`)).json();
  assert.equal(api.year, 2026);
  const names = api.schools.map((s) => s.name);
  assert.ok(names.length >= 1 && api.schools.some((s) => s.id === SCHOOL), JSON.stringify(api));

  await page.goto(`${server.base}/search?lat=${at.lat}&lng=${at.lng}&kind=primary_school&kind=middle_school`);
  const card = page.locator('.catchment-card');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /按划片（2026）您的孩子对应：/);
  for (const name of names) assert.ok(text.includes(name), `${name} named in the card: ${text}`);
  assert.match(text, /以教育局公布的招生通告为准/);
  assert.match(text, /示例划片/, 'the sample year says it is made up');
  // At the top: visible without scrolling, and it fits the phone's width.
  const box = await card.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 740, `card at ${box.y}..${box.y + box.height}`);
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `card ${box.x}..${box.x + box.width} wide`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scrolling');
  // Every assigned school in the results carries the mark, and no other does.
  const marked = await page.locator('.result:has(.catchment-mark)').evaluateAll((els) => els.map((e) => e.dataset.id));
  const listed = await page.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.id));
  const expected = api.schools.map((s) => s.id).filter((id) => listed.includes(id));
  assert.deepEqual([...marked].sort(), [...expected].sort());
  assert.ok(marked.includes(SCHOOL));
  assert.equal(await page.locator('.result .catchment-mark').first().innerText(), '划片学校');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('in English, and only when the search includes schools', async () => {
  const { context, page } = await phone({ locale: 'en-US' });
  await page.goto(`${server.base}/search?lat=${at.lat}&lng=${at.lng}&kind=primary_school`);
  assert.match(await page.locator('.catchment-card').innerText(), /By catchment \(2026\), your child's school: /);
  assert.equal(await page.locator('.result .catchment-mark').first().innerText(), 'Your catchment school');
  await page.goto(`${server.base}/search?lat=${at.lat}&lng=${at.lng}&kind=kindergarten`);
  await page.locator('.result').first().waitFor();
  assert.equal(await page.locator('.catchment-card').count(), 0);
  await context.close();
});

test("a school's page shows its catchment on a map and its communities in words", async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/facility/${SCHOOL}`);
  const section = page.locator('.catchment-school');
  await section.waitFor();
  assert.match(await section.locator('h2').innerText(), /招生划片（2026）/);
  assert.equal(await section.locator('svg.catchment-map path[data-school]').count(), 1);
  const box = await section.locator('svg.catchment-map').boundingBox();
  assert.ok(box.width <= 360 && box.width > 200, `map ${box.width} px wide`);
  assert.match(await section.locator('.catchment-communities').innerText(), /覆盖社区：|划片范围内没有社区/);
  await context.close();
});

test('a district admin reviews the year and uploads a file from the page', async () => {
  const { context, page, errors } = await phone();
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('admin');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.who', { timeout: 30_000 });
  await page.goto(`${server.base}/admin/catchments`);
  const problems = page.locator('.catchment-problems');
  await problems.waitFor();
  assert.equal(await problems.getAttribute('data-year'), '2026');
  assert.match(await page.locator('.sample-tag').first().innerText(), /示例划片/);
  assert.ok(await page.locator('svg.catchment-map path[data-school]').count() >= 40, 'every sample catchment drawn');
  assert.ok((await page.locator('[data-problem="overlaps"] li').count()) > 0, 'the sample has unmarked overlaps');

  const file = join(server.dir, 'upload.geojson');
  const ring = [[113.60, 34.70], [113.61, 34.70], [113.61, 34.71], [113.60, 34.71], [113.60, 34.70]];
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { school_id: SCHOOL }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
  await page.getByLabel('文件（GeoJSON 或 CSV）').setInputFiles(file);
  await page.getByRole('spinbutton', { name: '学年' }).fill('2030');
  await page.getByLabel('教育局通告链接').fill('https://jyj.example/2030');
  await page.getByRole('button', { name: '上传' }).click();
  await page.waitForURL((u) => new URL(u).searchParams.get('year') === '2030');
  assert.match(await page.locator('p.done[role="status"]').innerText(), /已导入：1 个范围、0 个社区，共 1 所学校。/);
  assert.equal(await page.locator('.catchment-problems').getAttribute('data-year'), '2030');
  const api = await (await fetch(`${server.base}/api/catchment?lat=34.705&lng=113.605&year=2030`)).json();
  assert.deepEqual(api.schools.map((s) => s.id), [SCHOOL]);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
