// Phone screenshots for the README (not a test): node tests/browser/screenshots.mjs
import { PHONE, launchBrowser, liveOpen, startServer } from './harness.mjs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const out = (name) => join(ROOT, 'docs/screenshots', name);
const server = await startServer(['--tiles', 'none']);
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ ...PHONE, deviceScaleFactor: 1.5 });
  const page = await context.newPage();
  await page.goto(`${server.base}/search?lat=34.7155&lng=113.6437&audience=elder`);
  await liveOpen(page);
  await page.screenshot({ path: out('search.png') });
  await page.getByRole('button', { name: '地图' }).click();
  await page.locator('.leaflet-marker-icon').first().waitFor();
  await page.locator('#map').scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
  // Markers overlap at this zoom; open the nearest one's popup directly.
  await page.locator('.leaflet-marker-icon').first().dispatchEvent('click');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out('map.png') });
  await page.goto(`${server.base}/facility/dc-410103013004`);
  await liveOpen(page);
  await page.screenshot({ path: out('detail.png') });
  console.log('wrote docs/screenshots/{search,map,detail}.png');
} finally {
  await browser.close();
  await server.stop();
}
