// A district officer on a phone (360x740) takes the register they have, sees what it would change,
// imports it, and fixes the approximate point on the map (issue 11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHONE, axeViolations, launchBrowser, startServer, watchErrors } from './harness.mjs';

const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer(['--tiles', 'none']);
  server.addUser('admin', 'district_admin', [], PASSWORD);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an admin previews and imports a register, then places its approximate facility on the map', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('admin');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.who', { timeout: 30_000 });

  await page.goto(`${server.base}/admin`);
  const file = join(server.dir, '名录.csv');
  writeFileSync(file, '二七区日间照料机构名录\n序号,机构名称,机构类型,所属社区,床位数（张）,备注\n1,幸福里日间照料站,日间照料站,淮河社区,20,新建\n');
  await page.getByLabel('名录文件').setInputFiles(file);
  await page.getByRole('button', { name: '预览变化' }).click();
  await page.waitForURL((u) => new URL(u).pathname === '/admin/registers' && new URL(u).searchParams.has('upload'));
  const preview = page.locator('.register-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /第 2 行是表头/);
  assert.match(await page.locator('.unused-columns').innerText(), /序号、备注/);
  assert.match(await page.locator('.register-list.added').innerText(), /第 3 行 · 幸福里日间照料站/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scrolling');
  assert.deepEqual(await axeViolations(page), []);
  let found = await (await fetch(`${server.base}/api/places?q=幸福里日间照料站`)).json();
  assert.ok(!JSON.stringify(found).includes('幸福里日间照料站'), 'nothing imported by the preview');

  await page.getByRole('button', { name: '确认导入' }).click();
  await page.waitForURL((u) => new URL(u).searchParams.get('added') === '1');
  assert.match(await page.locator('p.done[role="status"]').innerText(), /已导入：新增 1 个，修改 0 个，停办 0 个。/);

  await page.goto(`${server.base}/admin#placing`);
  const item = page.locator('#placing li', { hasText: '幸福里日间照料站' });
  await item.waitFor();
  const id = await item.getAttribute('data-id');
  const before = (await (await fetch(`${server.base}/api/facility?id=${id}`)).json()).facility;
  assert.equal(before.location_basis, 'community');
  await item.getByRole('button', { name: '在地图上定位' }).click();
  const map = item.locator('.place-map');
  await item.locator('.place-map.open.leaflet-container').waitFor({ timeout: 30_000 });
  const box = await map.boundingBox();
  assert.ok(box.width <= 360 && box.width > 200, `the map fits the phone: ${box.width}`);
  // Tap a little north-east of the marker (the map opens centred on the approximate point).
  await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 - 60);
  const lat = Number(await item.getByLabel('纬度').inputValue());
  const lng = Number(await item.getByLabel('经度').inputValue());
  assert.ok(lat > before.lat && lng > before.lng, `moved north-east: ${lat},${lng} from ${before.lat},${before.lng}`);
  await item.getByRole('button', { name: '保存位置' }).click();
  await page.waitForFunction((fid) => !document.querySelector(`#placing li[data-id="${fid}"]`), id, { timeout: 30_000 });
  const after = (await (await fetch(`${server.base}/api/facility?id=${id}`)).json()).facility;
  assert.equal(after.location_basis, 'surveyed');
  assert.ok(Math.abs(after.lat - lat) < 1e-6 && Math.abs(after.lng - lng) < 1e-6);
  await page.goto(`${server.base}/facility/${id}`);
  assert.equal(await page.locator('.approx-location').count(), 0, 'no longer shown as approximate');
  assert.deepEqual(errors, []);
  await context.close();
});
