// Browser test: colour contrast on the main pages (issue 15, "Broken" 4).
// A seeded member walks home, events, an event, the bet slip, the feed (with
// a bet post), that post, a profile, My bets, leaderboards, search, the copy
// page, the wallet and notifications on each brand at a phone's and a
// desktop's width; on every page each visible text must reach WCAG AA
// against its background (lib.mjs, checkContrast: 4.5:1, 3:1 for large
// text), and profit and loss must not look alike (their hues far apart).
//
//   PORT=18181 node tests/e2e/contrast.mjs      (against a running, seeded stack)
//
// Prints "ok - <name>" / "not ok - <name>: <reason>" per test, then
// "<n> passed, <m> failed". Screenshots in tests/e2e/screenshots/.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, colourMath, contrastOffenders, test, WAIT_MS, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const PASSWORD = 'tailgate-demo-2026';   // the seeded demo bettors' (README)
const MEMBER = 'fav_fred';               // follows value_vera, whose posts carry bets (docs/seed.md)
const BRANDS = ['demo', 'acme'];
const WIDTHS = [1280, 390];
// Profit and loss differ in hue by at least this much (orange and red: 18°).
const MIN_HUE_DISTANCE = 60;

async function signIn(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(`${base}/`);
  const status = await page.evaluate(async (a) => (await fetch('/social/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(a),
  })).status, { login: MEMBER, password: PASSWORD });
  check(status === 200, `${MEMBER} signs in: ${status}`);
  return { context, page };
}

// The pages to walk: fixed paths, and an event, its bet slip and a post with
// a bet found on the way.
async function pagesOf(page, base) {
  await page.goto(`${base}/events`);
  const event = await page.getAttribute('a.ev-teams', 'href');
  await page.goto(`${base}${event}`);
  const slip = await page.getAttribute('a.price', 'href');
  await page.goto(`${base}/feed`);
  const post = await page.locator('article.post:has(.bet-summary-line)').first().getAttribute('data-post-id');
  check(post, `${MEMBER}'s feed shows a post with a bet`);
  return [['home', '/'], ['events', '/events'], ['event', event], ['slip', slip], ['feed', '/feed'],
    ['post', `/posts/${post}`], ['profile', '/u/value_vera'], ['my-bets', '/bets'],
    ['leaderboards', '/leaderboards'], ['search', '/search?q=vera'], ['copy', '/copy'],
    ['wallet', '/wallet'], ['notifications', '/notifications']];
}

// The colours profit and loss are shown in on this page ([r, g, b] lists).
function profitLoss(page) {
  return page.evaluate(() => {
    const rgb = (el) => getComputedStyle(el).color.match(/[\d.]+/g).slice(0, 3).map(Number);
    const all = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility()).map(rgb);
    return { profit: all('.credit, .result-won'), loss: all('.debit, .result-lost') };
  });
}

// Walks every page at both widths: what fell short of AA, and the profit
// and loss colours seen ([r, g, b], each once).
async function walk(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const { context, page } = await signIn(browser, base);
  const failures = [];
  const seen = { profit: new Map(), loss: new Map() };
  try {
    const pages = await pagesOf(page, base);
    mkdirSync(SHOTS, { recursive: true });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      for (const [name, path] of pages) {
        await page.goto(`${base}${path}`);
        const { offenders } = await contrastOffenders(page);
        if (offenders.length) {
          failures.push(`${name} at ${width} px: ` + offenders.map((o) =>
            `${o.sel} "${o.text}" ${o.ratio}:1 (needs ${o.need}, ${o.fg} on ${o.bg})`).join('; '));
        }
        const pl = await profitLoss(page);
        for (const k of ['profit', 'loss']) for (const c of pl[k]) seen[k].set(c.join(','), c);
        await page.screenshot({ path: join(SHOTS, `contrast-${brand}-${name}-${width}.png`), fullPage: true });
      }
    }
  } finally {
    await context.close().catch(() => {});
  }
  return { failures, seen };
}

await withBrowser(async (browser) => {
  const M = colourMath();
  for (const brand of BRANDS) {
    let walked = null;
    await test(`${brand}: every text on the main pages reaches WCAG AA contrast, at 1280 and 390 px`, async () => {
      walked = await walk(browser, brand);
      check(walked.failures.length === 0, `below WCAG AA: ${walked.failures.join(' | ')}`);
    });
    await test(`${brand}: profit and loss are told apart by colour`, async () => {
      check(walked, 'the pages were not walked');
      const { profit, loss } = walked.seen;
      check(profit.size && loss.size, 'profit and loss both shown on the pages walked');
      for (const p of profit.values()) {
        for (const l of loss.values()) {
          const d = M.hueDistance(p, l);
          check(d >= MIN_HUE_DISTANCE, `profit rgb(${p}) and loss rgb(${l}) look alike: ` +
            `hues ${Math.round(d)}° apart (at least ${MIN_HUE_DISTANCE}°)`);
        }
      }
    });
  }
});
