// The family's experience on a phone (360x740): map, filters in the URL, place search, navigation
// links, shortlist and compare, elder mode, language, offline, reports, accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, axeViolations, launchBrowser, liveOpen, startServer, watchErrors } from './harness.mjs';

const HERE = { latitude: 34.7155, longitude: 113.6437 };
const SEARCH = `/search?lat=${HERE.latitude}&lng=${HERE.longitude}`;
const FACILITY = 'dc-410103013004';
let server, browser;

before(async () => {
  // No tiles: the sandbox has no internet, exactly the "blocked tiles" case the map must survive.
  server = await startServer(['--tiles', 'none']);
  browser = await launchBrowser();
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

test('the map shows a marker per result without any tiles, and "search this area" moves the search', async () => {
  const { context, page, errors } = await phone();
  await page.goto(`${server.base}${SEARCH}&kind=kindergarten&limit=8`);
  await liveOpen(page);
  const results = await page.locator('.result').count();
  assert.equal(results, 8);
  await page.getByRole('button', { name: '地图' }).click();
  await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 15_000 });
  assert.equal(await markersShown(page), results, 'every result on the map, alone or in a cluster');
  await page.getByText('未配置底图：只显示位置标记。').waitFor();
  assert.ok(await page.getByRole('button', { name: '搜索此区域' }).isHidden(), 'offered only after moving the map');
  // Tap a marker: its card opens.
  await page.locator('.leaflet-marker-icon[data-id]').first().tap();
  await page.locator('.mk-card a').first().waitFor();
  // The map offers "search this area" only for moves after its own first framing (it listens from
  // 400 ms on); a quick test must not pan before that.
  await page.waitForTimeout(600);
  // Pan (with the keyboard: a drag may start on a marker, wherever the markers fall), then search there.
  await page.locator('#map').focus();
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowUp']) await page.keyboard.press(key);
  await page.getByRole('button', { name: '搜索此区域' }).click();
  await page.waitForURL((u) => new URL(u).searchParams.get('lat') !== String(HERE.latitude));
  const moved = new URL(page.url());
  assert.equal(moved.searchParams.get('kind'), 'kindergarten', 'the filters come along');
  assert.ok(Math.abs(Number(moved.searchParams.get('lng')) - HERE.longitude) > 0.0005);
  assert.deepEqual(errors, []);
  await context.close();
});

/// Results on the map: single markers plus the counts of cluster markers.
async function markersShown(page) {
  return page.evaluate(() => [...document.querySelectorAll('.leaflet-marker-icon')]
    .reduce((n, m) => n + (m.dataset.count ? Number(m.dataset.count) : 1), 0));
}

// Issue 9 friction: overlapping markers could not be tapped apart (axe flagged their size); a base map that
// fails to load left a blank grey square.
test('close markers cluster and a tap zooms in to them; a base map that fails says so', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}${SEARCH}&limit=40`);
  await liveOpen(page);
  await page.getByRole('button', { name: '地图' }).click();
  await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 15_000 });
  const results = await page.locator('.result').count();
  assert.equal(await markersShown(page), results);
  // Measured once the map has settled: right after the first markers appear, the fit-to-results zoom may still
  // be under way and the clusters not yet recomputed for it (seen once in CI-like runs: 23.1 px).
  const centres = () => page.locator('.leaflet-marker-icon').evaluateAll((ms) => ms.map((m) => {
    const r = m.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  }));
  const closest = (bs) => Math.min(Infinity, ...bs.flatMap((a, i) => bs.slice(i + 1).map((b) => Math.hypot(a[0] - b[0], a[1] - b[1]))));
  let boxes = await centres();
  for (let tries = 0; tries < 15 && closest(boxes) < 24; tries += 1) {
    await page.waitForTimeout(200);
    boxes = await centres();
  }
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const d = Math.hypot(boxes[i][0] - boxes[j][0], boxes[i][1] - boxes[j][1]);
      assert.ok(d >= 24, `markers ${i} and ${j} are ${d.toFixed(1)} px apart`);
    }
  }
  const cluster = page.locator('.mk-cluster').first();
  assert.ok(await cluster.count() > 0, 'forty results near one point make at least one cluster');
  const zoom = () => page.evaluate(() => document.querySelector('#map')._caremap.getZoom());
  const before = await zoom();
  await cluster.tap();
  await page.waitForFunction((z) => document.querySelector('#map')._caremap.getZoom() > z, before);
  assert.equal(await markersShown(page), results, 'still every result after zooming in');
  await context.close();

  // Tiles configured but unreachable (this sandbox has no internet): the map says so.
  const osm = await startServer(['--tiles', 'osm']);
  try {
    const second = await phone();
    await second.page.goto(`${osm.base}${SEARCH}&limit=5`);
    await liveOpen(second.page);
    await second.page.getByRole('button', { name: '地图' }).click();
    await second.page.locator('.tiles-failed').waitFor({ timeout: 20_000 });
    assert.match(await second.page.locator('.tiles-failed').textContent(), /底图加载失败/);
    await second.context.close();
  } finally {
    await osm.stop();
  }
});

test('filters round-trip through the URL', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}${SEARCH}`);
  await page.locator('summary', { hasText: '筛选' }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `filters are ${overflow}px wider than the phone`);
  await page.getByLabel('孩子', { exact: true }).check();
  await page.getByRole('checkbox', { name: '课后服务', exact: true }).check();
  await page.getByLabel('只看公办或普惠').check();
  await page.getByRole('button', { name: '应用筛选' }).click();
  await page.waitForURL(/audience=child/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('service'), 'after_school');
  assert.equal(url.searchParams.get('ownership'), 'public,inclusive_private');
  assert.equal(url.searchParams.get('lat'), String(HERE.latitude));
  // The same link opened afresh shows the same choices and only matching results.
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await fresh.locator('summary', { hasText: '筛选 (3)' }).click();
  assert.ok(await fresh.getByLabel('孩子', { exact: true }).isChecked());
  assert.ok(await fresh.getByRole('checkbox', { name: '课后服务', exact: true }).isChecked());
  assert.ok(!(await fresh.getByRole('checkbox', { name: '喘息服务', exact: true }).isChecked()));
  const kinds = await fresh.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(kinds.length > 0);
  assert.ok(kinds.every((k) => ['kindergarten', 'primary_school', 'middle_school', 'holiday_care'].includes(k)), `${kinds}`);
  const services = await fresh.locator('.result').evaluateAll((els) =>
    els.map((e) => [...e.querySelectorAll('.cap')].map((c) => c.dataset.service)));
  assert.ok(services.every((s) => s.includes('after_school')));
  // Holiday dates: only sites with a session in range.
  await fresh.goto(`${server.base}${SEARCH}&kind=holiday_care&from=2027-08-03&to=2027-08-05&grade=8`);
  assert.equal(await fresh.locator('.result').count(), 0, 'the August session takes grades 1-6 only');
  await fresh.goto(`${server.base}${SEARCH}&kind=holiday_care&from=2027-07-20&to=2027-07-21&grade=8`);
  assert.ok(await fresh.locator('.result').count() > 0);
  await context.close();
});

test('place search works offline of any online service, with pinyin', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/`);
  await page.getByLabel('或输入地点：小区、社区、街道、地标').fill('huaihelu');
  await page.getByRole('button', { name: '查找' }).first().click();
  await page.waitForURL(/q=huaihelu/);
  await page.getByText('「淮河路街道」附近').waitFor();
  assert.ok(await page.locator('.result').count() > 0);
  await page.goto(`${server.base}/search?q=${encodeURIComponent('二七万达')}`);
  await page.getByText('「二七万达广场」附近（位置为大致位置）').waitFor();
  await page.goto(`${server.base}/search?q=zzzzqqqq`);
  await page.getByText('没有找到这个地点').waitFor();
  await context.close();
});

test('navigate buttons give each map app the coordinates it expects', async () => {
  const { context, page } = await phone();
  const res = await page.request.get(`${server.base}/api/facility?id=${FACILITY}`);
  const { facility } = await res.json();
  await page.goto(`${server.base}/facility/${FACILITY}`);
  const amap = new URL(await page.locator('[data-nav="amap"]').getAttribute('href'));
  const baidu = new URL(await page.locator('[data-nav="baidu"]').getAttribute('href'));
  const apple = new URL(await page.locator('[data-nav="apple"]').getAttribute('href'));
  const [aLng, aLat] = amap.searchParams.get('position').split(',').map(Number);
  const [bLat, bLng] = baidu.searchParams.get('location').split(',').map(Number);
  const [pLat, pLng] = apple.searchParams.get('ll').split(',').map(Number);
  // GCJ-02 in Erqi sits a few hundred metres from WGS-84; BD-09 further still; Apple gets GCJ-02 in China.
  const metres = (la1, lo1, la2, lo2) => Math.hypot((la1 - la2) * 111_000, (lo1 - lo2) * 111_000 * Math.cos(la1 * Math.PI / 180));
  const gcjShift = metres(aLat, aLng, facility.lat, facility.lng);
  assert.ok(gcjShift > 100 && gcjShift < 800, `GCJ-02 shift ${gcjShift} m`);
  assert.ok(metres(bLat, bLng, aLat, aLng) > 500, 'BD-09 is shifted again from GCJ-02');
  assert.ok(metres(pLat, pLng, aLat, aLng) < 1, 'Apple Maps gets GCJ-02 inside China');
  assert.equal(baidu.searchParams.get('coord_type'), 'bd09ll');
  assert.equal(amap.searchParams.get('coordinate'), 'gaode');
  assert.match(await page.locator('a[href^="tel:"]').first().getAttribute('href'), /^tel:\d+$/);
  await context.close();
});

test('shortlist up to three and compare them side by side', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}${SEARCH}&kind=kindergarten&limit=5`);
  await liveOpen(page);
  const add = page.getByRole('button', { name: '加入对比' });
  await add.nth(0).click();
  await page.getByRole('button', { name: '移出对比' }).first().waitFor();
  await add.nth(0).click();
  await add.nth(0).click();
  await page.getByText('已选 3 个').waitFor();
  assert.ok(await page.getByRole('button', { name: '最多对比 3 个' }).first().isDisabled());
  await page.getByRole('link', { name: '对比', exact: true }).click();
  await page.waitForURL(/\/compare\?ids=/);
  assert.equal(await page.locator('table.compare thead th a').count(), 3);
  await page.getByRole('button', { name: '打印' }).waitFor();
  // The search point came along, rounded to about 100 m (issue 9 item 9: distance in the comparison).
  const from = new URL(page.url()).searchParams.get('origin');
  assert.match(from, /^\d+\.\d{3},\d+\.\d{3}$/);
  await compareFitsThePhone(page);
  // Remembered on the phone: a new page still has it.
  const again = await context.newPage();
  await again.goto(`${server.base}/`);
  await again.getByText('已选 3 个').waitFor();
  // And in elder mode the comparison still fits.
  await page.getByRole('link', { name: '长辈模式' }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
  await compareFitsThePhone(page);
  await context.close();
});

/// On a 360 px phone every facility's value of every attribute is on screen (stacked, not in columns off to
/// the side), under the attribute's right name; printed, the page adds phone numbers, the print date and
/// absolute update times.
async function compareFitsThePhone(page) {
  const width = await page.evaluate(() => window.innerWidth);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  const rows = await page.locator('table.compare tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    label: tr.querySelector('th')?.textContent ?? '',
    cells: [...tr.querySelectorAll('td')].map((td) => {
      const r = td.getBoundingClientRect();
      return { left: r.left, right: r.right, text: td.textContent };
    }),
  })));
  assert.ok(rows.length >= 6, JSON.stringify(rows));
  for (const row of rows) {
    assert.equal(row.cells.length, 3, row.label);
    for (const c of row.cells) assert.ok(c.left >= 0 && c.right <= width + 0.5, `${row.label}: ${c.left}..${c.right}`);
  }
  const row = (label) => rows.find((r) => r.label === label);
  assert.ok(row('机构类型'), `the type row is named for what it shows: ${rows.map((r) => r.label)}`);
  for (const c of row('机构类型').cells) assert.match(c.text, /幼儿园/);
  for (const c of row('距离（从搜索位置）').cells) assert.match(c.text, /\d (米|公里)$/);
  for (const c of row('电话').cells) assert.match(c.text, /\d{3}/);
  for (const c of row('空位更新时间').cells) assert.match(c.text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}|尚未报告/);
  assert.ok(await page.locator('.print-only').isHidden(), 'the print date is for paper');
  await page.emulateMedia({ media: 'print' });
  assert.match(await page.locator('.print-only').textContent(), /^打印于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.ok(await page.locator('.print-only').isVisible());
  await page.emulateMedia({ media: 'screen' });
}

test('elder mode: large type, big targets, remembered', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}${SEARCH}`);
  await page.getByRole('link', { name: '长辈模式' }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(base >= 20, `base font ${base}px`);
  const small = await page.evaluate(() => [...document.querySelectorAll('a.btn, button, .chip, summary')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => e.getBoundingClientRect())
    .filter((r) => r.height < 48 || r.width < 48).length);
  assert.equal(small, 0, 'every tap target is at least 48 px');
  assert.ok(page.url().includes('/search'), 'back where they were');
  // The first result is on the first screen (issue 9 friction): its name, whole, above the fold.
  const first = await page.locator('.result h2').first().boundingBox();
  assert.ok(first && first.y + first.height <= 740, `first result's name ends at ${first && first.y + first.height} px`);
  await page.goto(`${server.base}/facility/${FACILITY}`);
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')), 'remembered');
  await page.getByRole('link', { name: '标准字号' }).click();
  await page.waitForFunction(() => !document.documentElement.classList.contains('elder'));
  await context.close();
});

test('two languages: Accept-Language, a switch, remembered', async () => {
  const english = await phone({ locale: 'en-GB' });
  await english.page.goto(`${server.base}/`);
  assert.equal(await english.page.getAttribute('html', 'lang'), 'en');
  await english.page.getByRole('heading', { name: 'Care services near you' }).waitFor();
  await english.context.close();

  const { context, page } = await phone();
  await page.goto(`${server.base}/facility/${FACILITY}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByRole('heading', { name: 'Services and free places' }).waitFor();
  await page.goto(`${server.base}${SEARCH}`);
  await page.getByRole('heading', { level: 1, name: /^Near/ }).waitFor();
  await page.getByRole('link', { name: '中文' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await context.close();
});

test('offline, the last results still show with the time they were fetched', async () => {
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await page.goto(`${server.base}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${server.base}${SEARCH}&kind=elderly_daycare`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Load once more under the worker's control so that it keeps a copy.
  await page.reload();
  const names = await page.locator('.result h2').allTextContents();
  const fetched = await page.locator('.fetched').textContent();
  assert.ok(names.length > 0);
  await context.setOffline(true);
  await page.reload();
  assert.deepEqual(await page.locator('.result h2').allTextContents(), names);
  assert.equal(await page.locator('.fetched').textContent(), fetched);
  assert.ok(await page.locator('.offline-banner').isVisible(), 'says it is offline');
  await context.setOffline(false);
  await context.close();
});

// Issue 9 item 2: offline, a page never saved says so and lists the saved ones; it never shows another page's
// content (a kindergarten link used to show the last day-care search).
test('offline, a page not saved says so and lists the saved pages', async () => {
  const { context, page } = await phone({ serviceWorkers: 'allow' });
  await page.goto(`${server.base}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.goto(`${server.base}/search?near=410103013&kind=elderly_daycare`);
  const place = await page.locator('.where strong').textContent();
  assert.ok(place.length > 0);
  assert.ok((await page.title()).startsWith(place), `the results are named by their place: ${await page.title()}`);
  await context.setOffline(true);
  for (const path of [`/search?near=410103013&kind=kindergarten`, '/facility/no-such-one', '/manage']) {
    await page.goto(`${server.base}${path}`);
    await page.getByRole('heading', { name: '此页面未保存' }).waitFor();
    assert.equal(await page.locator('.result').count(), 0, `${path}: no other page's results`);
    const saved = await page.locator('#saved-pages a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.ok(saved.some(([href, text]) => href === '/search?near=410103013&kind=elderly_daycare' && text.startsWith(place)),
      `${path}: the saved search is offered: ${JSON.stringify(saved)}`);
    assert.ok(!saved.some(([href]) => href.includes('kindergarten') || href.startsWith('/manage')), JSON.stringify(saved));
  }
  // The saved one still opens offline, as itself.
  await page.getByRole('link', { name: place }).first().click();
  await page.waitForURL((u) => new URL(u).searchParams.get('kind') === 'elderly_daycare');
  assert.ok(await page.locator('.result').count() > 0);
  await context.setOffline(false);
  await context.close();
});

// Issue 9 friction: "暂停开放" reaches an open family page live (as a figure does), and a facility that is not
// open shows no free places in green.
test('a facility closing for now reaches an open page live, and its places stop showing as free', async () => {
  const id = 'dc-410103013001';
  server.addUser('zhao', 'facility_manager', [id], 'correct horse battery');
  const { context, page } = await phone();
  await page.goto(`${server.base}/facility/${id}`);
  await liveOpen(page);
  assert.equal(await page.locator('.status-notice').count(), 0);
  const headers = { origin: server.base, 'content-type': 'application/x-www-form-urlencoded' };
  const login = await fetch(`${server.base}/api/login`, { method: 'POST', headers, body: 'login=zhao&password=correct+horse+battery' });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('caremap_session=')).split(';')[0];
  const setStatus = (status) => fetch(`${server.base}/api/manage/info`, {
    method: 'POST',
    headers: { origin: server.base, cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ facility_id: id, status }),
  });
  assert.equal((await setStatus('temporarily_closed')).status, 200);
  await page.locator('.status-notice', { hasText: '暂停开放' }).waitFor({ timeout: 3_000 });
  assert.equal(await page.locator('.capacity').getAttribute('data-status'), 'temporarily_closed');
  assert.equal(await page.locator('.capacity li.free').count(), 0, 'no free places shown as free');
  assert.ok(await page.locator('.capacity li.paused').count() > 0);
  assert.equal((await setStatus('open')).status, 200);
  await page.locator('.status-notice').waitFor({ state: 'detached', timeout: 3_000 });
  assert.equal(await page.locator('.capacity').getAttribute('data-status'), 'open');
  await context.close();
});

test('results show walking time and the living circle they fall in', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}${SEARCH}&kind=elderly_daycare&limit=20`);
  const cards = await page.locator('.result').evaluateAll((els) => els.map((e) => ({
    d: Number(e.dataset.distance),
    meta: e.querySelector('.meta').textContent,
    circle: e.querySelector('.circle')?.textContent ?? null,
  })));
  for (const c of cards) {
    const minutes = Number(c.meta.match(/步行约 (\d+) 分钟/)[1]);
    assert.equal(minutes, Math.max(1, Math.ceil(c.d * 1.3 / (4000 / 60))), c.meta);
    const want = c.d <= 300 ? '5分钟生活圈' : c.d <= 500 ? '10分钟生活圈' : c.d <= 1000 ? '15分钟生活圈' : null;
    assert.equal(c.circle, want, `${c.d} m`);
  }
  assert.ok(cards.some((c) => c.circle) && cards.some((c) => !c.circle), 'both near and far results in the sample');
  await context.close();
});

test('share copies the link when the phone has no share sheet', async () => {
  const { context, page } = await phone({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(`${server.base}/facility/${FACILITY}`);
  await liveOpen(page);
  await page.evaluate(() => { delete Navigator.prototype.share; });
  await page.getByRole('button', { name: '分享' }).click();
  await page.getByText('链接已复制').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.base}/facility/${FACILITY}`);
  await context.close();
});

test('a resident reports a facility full; the report is accepted', async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/facility/${FACILITY}`);
  await liveOpen(page);
  await page.locator('summary', { hasText: '空位不对' }).click();
  await page.getByLabel('补充说明（可选）').fill('今天去过，说满了');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('谢谢！机构管理员和区里会看到。').waitFor();
  await context.close();
});

test('no accessibility violations (axe-core, WCAG 2.2 AA) on /, /search and /facility', async () => {
  const { context, page } = await phone();
  for (const path of ['/', SEARCH, `/facility/${FACILITY}`]) {
    await page.goto(`${server.base}${path}`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeViolations(page), [], path);
  }
  await page.goto(`${server.base}/settings?elder=1&back=/`);
  assert.deepEqual(await axeViolations(page), [], 'elder mode');
  await context.close();
});
