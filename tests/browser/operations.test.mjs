// The district's operations centre on a phone (360×740) and at a desk (1280×800): targets with their
// definitions and trends, the access map, suggestions, work items handled by the right people; axe clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, launchBrowser, startServer, watchErrors } from './harness.mjs';

const FACILITY = 'dc-410103013004';
const PASSWORD = 'correct horse battery';
const DESK = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };
let server, browser;

before(async () => {
  server = await startServer();
  server.addUser('admin', 'district_admin', [], PASSWORD);
  server.addUser('li', 'facility_manager', [FACILITY], PASSWORD);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(context, login) {
  const page = await context.newPage();
  await page.goto(`${server.base}/manage`);
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.who', { timeout: 30_000 });
  return page;
}

for (const [name, profile] of [['phone', PHONE], ['desk', DESK]]) {
  test(`an admin sees targets, access, suggestions and work items (${name})`, async () => {
    const context = await browser.newContext(profile);
    const page = await signIn(context, 'admin');
    const errors = watchErrors(page);
    const res = await page.goto(`${server.base}/operations`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('.target').count(), 8, 'every target (TargetId::ALL)');
    for (const target of await page.locator('.target').all()) {
      assert.ok((await target.locator('.big').textContent()).trim().length > 0);
      assert.ok((await target.locator('.definition').textContent()).trim().length > 10, 'each with its definition');
    }
    assert.match(await page.locator('[data-target="community_daycare"] .ratio').textContent(), /\/ 176/);
    assert.ok((await page.locator('.work-item').count()) > 0, 'the sample gives work to do');
    assert.ok(await page.locator('#access svg').count() > 0, 'the access map');
    assert.ok(await page.locator('#access table').count() > 0, 'with its tables');
    assert.ok(await page.locator('#trends .chart').count() > 0, 'trends');
    if (name === 'phone') {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `operations page is ${overflow}px wider than the phone`);
    }
    assert.deepEqual(await axeViolations(page), []);
    // Printing leaves out the controls.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.work-actions').first().isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an admin filters to coverage gaps and acknowledges one', async () => {
  const context = await browser.newContext(PHONE);
  const page = await signIn(context, 'admin');
  await page.goto(`${server.base}/operations?kind=coverage_gap&state=open`);
  const first = page.locator('.work-item[data-kind="coverage_gap"]').first();
  const id = await first.getAttribute('data-id');
  await first.getByRole('button', { name: '受理' }).click();
  await page.waitForURL(/operations/);
  await page.goto(`${server.base}/operations?kind=coverage_gap&state=acknowledged`);
  const item = page.locator(`.work-item[data-id="${id}"]`);
  assert.equal(await item.getAttribute('data-state'), 'acknowledged');
  assert.match(await item.locator('.state').textContent(), /处理中/);
  await context.close();
});

test('a manager resolves a residents\' report on /manage and the facility page says so', async () => {
  const res = await fetch(`${server.base}/api/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ facility_id: FACILITY, kind: 'wrong', note: '电话号码不对' }),
  });
  assert.equal(res.status, 200);
  const context = await browser.newContext(PHONE);
  const page = await signIn(context, 'li');
  const errors = watchErrors(page);
  const item = page.locator('.my-work .work-item[data-kind="report_wrong"]');
  await item.waitFor();
  await item.getByLabel('处理说明（可选）').fill('已更正电话');
  await item.getByRole('button', { name: '已解决' }).click();
  await page.waitForURL(/manage/);
  await page.locator('.my-work .work-item[data-kind="report_wrong"][data-state="resolved"]').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);

  const family = await browser.newContext(PHONE);
  const facility = await family.newPage();
  await facility.goto(`${server.base}/facility/${FACILITY}`);
  assert.match(await facility.locator('.report-status').textContent(), /已处理/);
  await facility.locator('details.history > summary').click();
  assert.ok(await facility.locator('details.history svg').count() > 0, 'free places over 30 days');
  await family.close();
  await context.close();
});
