// /admin on a phone (360×740) as a district admin: a report names its facility, the audit trail finds a
// facility by part of its name and says how many entries matched, its entries read in words, its scroll
// area is reached by keyboard, and axe finds nothing — in Chinese and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, launchBrowser, startServer, watchErrors } from './harness.mjs';

const FACILITY = 'dc-410103013004';
const PASSWORD = 'correct horse battery';
let server, browser;

before(async () => {
  server = await startServer();
  server.addUser('admin', 'district_admin', [], PASSWORD);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an admin reads reports and the audit trail, by keyboard too, in both languages', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  // A resident's report about the facility.
  const report = await page.request.post(`${server.base}/api/report`, {
    form: { facility_id: FACILITY, kind: 'full', note: '' },
    headers: { origin: server.base },
  });
  assert.equal(report.status(), 200, await report.text());
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill('admin');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.who', { timeout: 30_000 });

  await page.goto(`${server.base}/admin`);
  const named = page.locator(`.reports li[data-facility="${FACILITY}"] a[href="/facility/${FACILITY}"]`);
  const name = (await named.first().textContent()).trim();
  assert.ok(name.length > 2 && name !== FACILITY, `the report names its facility: ${name}`);

  // Part of the name finds the facility's entries (the sample's month of history).
  const part = [...name].slice(0, 3).join('');
  await page.getByLabel('按名称或编号查找机构').fill(part);
  await page.getByRole('button', { name: '查找' }).click();
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === part);
  assert.match(await page.locator('.audit-matched').textContent(), /\d+ 条记录/);
  const rows = page.locator('table.audit tbody tr');
  assert.ok((await rows.count()) > 0, 'entries found');
  const first = await rows.first().textContent();
  assert.match(first, /空位：|总位数：|确认数字无变化：|状态：/, first);
  assert.match(first, /示例数据|管理页面|区名册导入|机构系统接口/, first);

  // The table's scroll area: a named region that Tab reaches, and the arrow keys then scroll.
  const region = page.getByRole('region', { name: '审计记录（可左右滚动）' });
  assert.equal(await region.count(), 1);
  await page.getByRole('button', { name: '查找' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await region.evaluate((el) => el === document.activeElement), true, 'Tab reaches the table');
  const wider = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
  if (wider) {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((el) => el.scrollLeft > 0, await region.elementHandle());
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the admin page is ${overflow}px wider than the phone`);
  assert.deepEqual(await axeViolations(page), []);

  // The same in English.
  await page.goto(`${server.base}/settings?lang=en&back=%2Fadmin`);
  await page.getByLabel('Find a facility by part of its name or id').fill(part);
  await page.locator('form[role=search] button').click();
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === part);
  assert.match(await page.locator('.audit-matched').textContent(), /Entries for “.+”: \d+/);
  const english = await rows.first().textContent();
  assert.match(english, /Free places: |Places in total: |Figure confirmed: |Status: /, english);
  assert.match(english, /Sample data|Manager page|District register|Facility system/, english);
  assert.equal(await page.getByRole('region', { name: 'Audit trail (scrolls sideways)' }).count(), 1);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
