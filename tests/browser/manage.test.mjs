// A facility manager signs in on a phone and taps +1; a family looking at that facility on another
// phone sees the new number appear without reloading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, liveOpen, launchBrowser, startServer, watchErrors } from './harness.mjs';

const FACILITY = 'dc-410103013004';
const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer();
  server.addUser('li', 'facility_manager', [FACILITY], PASSWORD);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a tap on +1 reaches a family watching the facility', async () => {
  const family = await browser.newContext(PHONE);
  const familyPage = await family.newPage();
  const familyErrors = watchErrors(familyPage);
  await familyPage.goto(`${server.base}/facility/${FACILITY}`);
  await liveOpen(familyPage);
  const shown = familyPage.locator('.capacity li[data-service="meals"]');
  const before = Number(await shown.getAttribute('data-available'));

  const manager = await browser.newContext(PHONE);
  const page = await manager.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('li');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  const editor = page.locator(`.managed-facility[data-id="${FACILITY}"] .svc-edit[data-service="meals"][data-ready="true"]`);
  await editor.waitFor({ timeout: 30_000 });
  const count = editor.locator('.count .n');
  const start = Number(await count.textContent());
  assert.equal(start, before, 'manager and family start from the same figure');

  // Tap +1 (or −1 when the service is full to the maximum) with a thumb-sized button.
  const max = Number((await editor.locator('.count small').textContent()).replace(/[^0-9]/g, ''));
  const button = editor.getByRole('button', { name: start < max ? '助餐 空位加一' : '助餐 空位减一' });
  const box = await button.boundingBox();
  assert.ok(box.width >= 48 && box.height >= 48, `tap target ${box.width}x${box.height}`);
  const expected = start < max ? start + 1 : start - 1;
  const tapped = Date.now();
  await button.tap();
  await page.waitForFunction((n) => document.querySelector('.svc-edit[data-service="meals"] .count .n')?.textContent === String(n), expected);

  // The family's page follows within 2 s, without a reload.
  await familyPage.waitForFunction(
    (n) => document.querySelector('.capacity li[data-service="meals"]')?.dataset.available === String(n),
    expected,
    { timeout: 2_000 },
  );
  assert.ok(Date.now() - tapped < 2_500);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `manager page is ${overflow}px wider than the phone`);
  assert.deepEqual(errors, []);
  assert.deepEqual(familyErrors, []);
  await manager.close();
  await family.close();
});

test("the facility's manager sees residents' reports about it", async () => {
  const res = await fetch(`${server.base}/api/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ facility_id: FACILITY, kind: 'full', note: '周二去过，已满' }),
  });
  assert.equal(res.status, 200);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('li');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  const report = page.locator(`.reports li[data-facility="${FACILITY}"]`).first();
  await report.waitFor({ timeout: 15_000 });
  assert.match(await report.textContent(), /反映已满.*周二去过，已满/);
  await context.close();
});

test('a wrong password is refused with a plain message', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('li');
  await page.getByLabel('密码').fill('not it at all');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('alert').filter({ hasText: '登录名或密码不正确' }).waitFor({ timeout: 10_000 });
  await context.close();
});

test('an admin resets a password; the manager must choose a new one before anything else', async () => {
  server.addUser('boss', 'district_admin', [], PASSWORD);
  server.addUser('zhou', 'facility_manager', [FACILITY], PASSWORD);
  const admin = await browser.newContext(PHONE);
  const page = await admin.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('boss');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.who');
  await page.goto(`${server.base}/admin`);
  const row = page.locator('li.account[data-login="zhou"]');
  await row.getByRole('button', { name: '重置密码' }).click();
  const temporary = (await row.locator('code.temporary').textContent({ timeout: 30_000 })).trim();
  assert.ok(temporary.length >= 12, temporary);
  assert.deepEqual(errors, []);

  const phone = await browser.newContext(PHONE);
  const manager = await phone.newPage();
  await manager.goto(`${server.base}/manage`);
  await manager.getByLabel('登录名').fill('zhou');
  await manager.getByLabel('密码').fill(temporary);
  await manager.getByRole('button', { name: '登录' }).click();
  await manager.getByText('您的密码已被管理员重置').waitFor({ timeout: 30_000 });
  assert.equal(await manager.locator('.managed-facility').count(), 0, 'nothing else until it is changed');
  await manager.getByLabel('当前密码').fill(temporary);
  await manager.getByLabel('新密码（至少 10 个字符）').fill('zhou chose this 789');
  await manager.getByRole('button', { name: '修改密码' }).click();
  await manager.locator(`.managed-facility[data-id="${FACILITY}"]`).waitFor({ timeout: 30_000 });
  await admin.close();
  await phone.close();
});
