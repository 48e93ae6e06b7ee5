// A facility manager signs in on a phone and taps +1; a family looking at that facility on another
// phone sees the new number appear without reloading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, liveOpen, launchBrowser, startServer, watchErrors } from './harness.mjs';

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

// Opening hours by day chips and time pickers, no syntax to learn: what the picker writes is what the
// text field shows, and a family sees the hours on the facility page in their language. Chinese with
// ordinary type, English in elder mode.
const HOURS = {
  zh: {
    locale: 'zh-CN', elder: false, login: '登录名', password: '密码', signIn: '登录', section: '开放状态与时间',
    workdays: '工作日', saturday: '周六', sunday: '周日', add: '添加一段时间', opens: '开门', closes: '关门',
    save: '保存开放时间', saved: '已保存', shown: '周一至周六 08:30–17:30；周日 09:00–12:00',
  },
  en: {
    locale: 'en-GB', elder: true, login: 'Login', password: 'Password', signIn: 'Sign in', section: 'Status and opening hours',
    workdays: 'Weekdays', saturday: 'Sat', sunday: 'Sun', add: 'Add a period', opens: 'Opens', closes: 'Closes',
    save: 'Save hours', saved: 'Saved', shown: 'Mon–Sat 08:30–17:30; Sun 09:00–12:00',
  },
};

for (const [language, t] of Object.entries(HOURS)) {
  test(`a manager sets opening hours with the picker and families see them (${language}${t.elder ? ', elder mode' : ''})`, async () => {
    const context = await browser.newContext({ ...PHONE, locale: t.locale });
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (t.elder) await page.goto(`${server.base}/settings?elder=1&back=/manage`);
    await page.goto(`${server.base}/manage`);
    await page.getByLabel(t.login, { exact: true }).fill('li');
    await page.getByLabel(t.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t.signIn, exact: true }).click();
    const facility = page.locator(`.managed-facility[data-id="${FACILITY}"]`);
    await facility.locator('.svc-edit[data-ready="true"]').first().waitFor({ timeout: 30_000 });
    if (t.elder) assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
    await facility.locator('details.info > summary').filter({ hasText: t.section }).click();
    const picker = facility.locator('.hours-picker');
    const periods = picker.locator('fieldset.period');
    // Start from one period, whatever the facility had.
    while (await periods.count() > 1) await periods.last().locator(':scope > button').click();
    const first = periods.first();
    await first.getByRole('button', { name: t.workdays, exact: true }).click();
    await first.getByRole('button', { name: t.saturday, exact: true }).click();
    assert.equal(await first.getByRole('button', { name: t.saturday, exact: true }).getAttribute('aria-pressed'), 'true');
    await first.getByLabel(t.opens).fill('08:30');
    await first.getByLabel(t.closes).fill('17:30');
    await picker.getByRole('button', { name: t.add, exact: true }).click();
    const second = periods.nth(1);
    await second.getByRole('button', { name: t.sunday, exact: true }).click();
    await second.getByLabel(t.opens).fill('09:00');
    await second.getByLabel(t.closes).fill('12:00');
    // The picker and the text field say the same thing, in the one form the parser reads.
    assert.equal(await facility.locator('input.hours-text').inputValue(), 'Mo-Sa 08:30-17:30; Su 09:00-12:00');

    // Thumb-sized chips, nothing wider than the phone, and nothing axe objects to on the open editor.
    for (const chip of await first.locator('.chip').all()) {
      const box = await chip.boundingBox();
      assert.ok(box.width >= 44 && box.height >= 44, `chip ${box.width}x${box.height}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `manager page is ${overflow}px wider than the phone`);
    assert.deepEqual(await axeViolations(page), []);

    await facility.getByRole('button', { name: t.save, exact: true }).click();
    await facility.locator('details.info [role="status"]').filter({ hasText: t.saved }).waitFor({ timeout: 10_000 });
    await page.goto(`${server.base}/facility/${FACILITY}`);
    await page.locator('dl.facts dd').filter({ hasText: t.shown }).waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
