// Shared by the browser tests: a real `caremap serve` on 127.0.0.1 with a fresh SQLite file, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = process.env.CAREMAP_BIN || join(ROOT, 'target/debug/caremap');

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

export async function startServer(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'caremap-browser-'));
  const child = spawn(BIN, ['serve', '--addr', '127.0.0.1:0', '--database-url', `sqlite://${join(dir, 'caremap.db')}`, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start within 60 s')), 60_000);
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const m = buffered.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  const dbUrl = `sqlite://${join(dir, 'caremap.db')}`;
  return {
    base,
    dir,
    /// `caremap user add` on this server's database, password on standard input.
    addUser(login, role, facilities, password) {
      const args = ['user', 'add', '--login', login, '--role', role, '--database-url', dbUrl];
      for (const f of facilities) args.push('--facility', f);
      const r = spawnSync(BIN, args, { cwd: ROOT, input: `${password}\n`, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  // Every context this browser makes reports Content-Security-Policy violations (into `violations`, below).
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    // Init scripts run in every document before the page's own scripts and are not subject to the CSP.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    context.on('console', (m) => {
      if (isCspMessage(m.text())) violations.push(`${m.text()} ${m.location()?.url ?? ''}`);
      // The islands loader's error for an island the page's bundle lacks (app/src/bundles.rs).
      if (isMissingIsland(m.text())) missingIslands.push(`${m.text()} on ${m.location()?.url ?? ''}`);
    });
    return context;
  };
  return browser;
}

/// Content-Security-Policy violations seen by any page of this test file since the last test ended.
const violations = [];
/// Take (and clear) the violations seen so far: for a test that provokes one on purpose.
export function takeCspViolations() {
  return violations.splice(0);
}
const isCspMessage = (text) => /Content Security Policy|^CSP violation/i.test(text);
/// Islands a page showed but its bundle did not have, since the last test ended.
const missingIslands = [];
const isMissingIsland = (text) => /^no island called /.test(text);

// The pages run under their real policy, and every browser test fails on any violation (Chromium reports
// a refused script, style, image or connection on the console, and as a `securitypolicyviolation` event).
if (process.env.NODE_TEST_CONTEXT) {
  afterEach(() => {
    const seen = violations.splice(0);
    assert.deepEqual(seen, [], 'Content-Security-Policy violations');
    const missing = missingIslands.splice(0);
    assert.deepEqual(missing, [], 'islands missing from the page\'s bundle');
  });
}

/// Wait until the page's live-update connection is open (its islands have hydrated).
export async function liveOpen(page) {
  await page.waitForSelector('html[data-live="open"]', { timeout: 30_000 });
}

/// Run axe-core (from npm, injected into the page) and return its violations.
export async function axeViolations(page) {
  // Evaluated through DevTools, not added as an inline <script>: the page's CSP would (rightly) refuse that.
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
  });
}

/// Fail the test on any uncaught error in the page (a hydration panic shows up here), including any
/// Content-Security-Policy violation (which every test also fails on, watched or not: `launchBrowser`).
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' || isCspMessage(text)) errors.push(`${text} ${m.location()?.url ?? ''}`);
  });
  return errors;
}
