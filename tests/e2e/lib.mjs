// What the browser tests share: "ok - name" / "not ok - name: reason" lines,
// Debian's own Chromium (docs/decisions.md, "Tooling") and the final tally
// "<n> passed, <m> failed" (scripts/test.sh reads it; non-zero exit on any failure).
// A test file: withBrowser(async (browser) => { await test('name', async () => ...); }).
import { chromium } from 'playwright-core';

const results = [];

// How long a test waits for something to happen (a job, a live push, a page
// change) before it fails: generous, because a wait ends as soon as its
// condition holds; it only matters on a busy machine or when the thing never
// happens. Playwright's waits get it too (openPage).
export const WAIT_MS = 60000;

// Waits until fn() (sync or async) returns something truthy and returns it:
// polled a few ms apart at first, then every 100 ms; after ms an error
// naming what never happened. A wait for a condition, never a pause.
export async function until(fn, what, ms = WAIT_MS) {
  const end = Date.now() + ms;
  for (let i = 0; ; i++) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) throw new Error(`not within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, Math.min(5 * 2 ** i, 100)));
  }
}

export function ok(name) {
  results.push(true);
  console.log(`ok - ${name}`);
}

export function notOk(name, why) {
  results.push(false);
  // One line: no colour codes or line breaks from Playwright's call logs.
  console.log(`not ok - ${name}: ${String(why).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim()}`);
}

export function check(cond, why) {
  if (!cond) throw new Error(why);
}

function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    timeout: 30000,
  });
}

function finish() {
  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

// A fresh context and page at this viewport; console errors, CSP
// violations and uncaught exceptions are collected into problems.
export async function openPage(browser, width, height, problems) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { context, page };
}

// One named test: "ok", or "not ok" with the error's message.
export async function test(name, fn) {
  try {
    await fn();
    ok(name);
  } catch (e) {
    notOk(name, e.message);
  }
}

// Runs body(browser) in Chromium, closes it and prints the tally (exits).
export async function withBrowser(body) {
  let browser;
  try {
    browser = await launch();
    await body(browser);
  } catch (e) {
    notOk('browser', e.message);
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  finish();
}
