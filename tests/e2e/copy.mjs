// Browser test: the /copy page of a follower whose copy was cut by the hard
// cap, on each brand, at a phone's and a desktop's width. The seeded bettor
// fav_fred copies value_vera with a fixed amount far over 5 % of his
// bankroll; value_vera bets; once the worker has copied it, /copy must say in
// words what was asked and which cap cut it, and show today's and this
// month's P&L against the loss limits.
//
//   PORT=18181 node tests/e2e/copy.mjs      (against a running, seeded stack)
//
// Prints "ok - <name>" / "not ok - <name>: <reason>" per test, then
// "<n> passed, <m> failed". Screenshots in tests/e2e/screenshots/.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, pageFetch, test, until, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const PASSWORD = 'tailgate-demo-2026';
const BRANDS = ['demo', 'acme'];
const WIDTHS = [390, 1280];

// A signed-in API client of its own: a browser context (its own cookie)
// whose page calls the API with fetch, since only Chromium resolves
// *.localhost.
async function signIn(browser, base, login) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const call = pageFetch(page);
  const r = await call('POST', '/social/auth/login', { login, password: PASSWORD });
  check(r.status === 200, `${login} signs in: ${r.status} ${JSON.stringify(r.body)}`);
  const csrf = r.body.csrf_token;
  const api = (method, path, data) => call(method, path, data, csrf);
  return { context, page, api };
}

async function run(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const trader = await signIn(browser, base, 'value_vera');
  const follower = await signIn(browser, base, 'fav_fred');
  try {
    const me = await trader.api('GET', '/social/me');
    const traderId = me.body.user.user_id || me.body.user.id;
    // fixed 100,000.00: always over 5 % of the follower's bankroll
    let rel = await follower.api('POST', '/social/copy-trading/relationships', {
      trader_id: traderId,
      settings: { fixed_amount: 100000, daily_loss_limit: 50, monthly_loss_limit: 200 },
    });
    if (rel.status === 409) {
      const id = rel.body.error.relationship_id;
      rel = await follower.api('PUT', `/social/copy-trading/relationships/${id}/settings`,
        { fixed_amount: 100000, daily_loss_limit: 50, monthly_loss_limit: 200 });
      if (rel.body && rel.body.relationship && rel.body.relationship.status === 'paused')
        await follower.api('POST', `/social/copy-trading/relationships/${id}/resume`);
    }
    check(rel.status === 201 || rel.status === 200, `copying starts: ${rel.status} ${JSON.stringify(rel.body)}`);

    const ev = await trader.api('GET', '/social/events?limit=20');
    let sel = null;
    for (const e of ev.body.events || []) {
      if (!e.betting_open) continue;
      for (const m of e.markets || []) {
        if (m.status !== 'open') continue;
        for (const s of m.selections || []) if (!sel && s.odds > 1.2 && s.odds < 5) sel = s;
      }
    }
    check(sel, 'an open selection to bet on');
    const bet = await trader.api('POST', '/social/bets', {
      selection_id: sel.selection_id, stake: 500, odds: sel.odds,
      idempotency_key: `e2e-copy-${randomBytes(6).toString('hex')}`,
    });
    check(bet.status === 201, `the trader bets: ${bet.status} ${JSON.stringify(bet.body)}`);
    const betId = bet.body.bet.bet_id;

    // wait for the worker's copy (a condition, not a time)
    const copy = await until(async () => {
      const c = await follower.api('GET', '/social/copy-trading/copies?limit=20');
      return (c.body.copies || []).find((x) => x.original_bet_id === betId);
    }, 'the bet was copied or skipped');
    check(copy.status === 'placed' && copy.capped_by === 'hard_cap' &&
      copy.asked_amount === 10000000, `copied, cut by the hard cap: ${JSON.stringify(copy)}`);

    const page = follower.page;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/copy`);
      const text = await page.innerText('main');
      check(/100000\.00 asked, cut to [0-9.]+ by the 5 % hard cap/.test(text),
        `/copy says what was asked and which cap cut it (${width} px)`);
      check(/of a 50\.00 daily loss limit/.test(text) && /of a 200\.00 monthly loss limit/.test(text),
        `/copy shows today's and this month's P&L against the limits (${width} px)`);
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
      const wrapped = await page.evaluate(() => {
        const t = document.querySelector('.table-wrap');
        return !t || t.scrollWidth >= t.clientWidth;   /* the table scrolls in its own box */
      });
      check(!overflow && wrapped, `no sideways scrolling of the page at ${width} px`);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `copy-${brand}-${width}.png`), fullPage: true });
    }
    // leave the trader's later bets alone
    await follower.api('POST', `/social/copy-trading/relationships/${copy.relationship_id}/stop`);
  } finally {
    await trader.context.close().catch(() => {});
    await follower.context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    await test(`${brand}: /copy says how a capped copy's stake came about, and the loss limits`,
      () => run(browser, brand));
  }
});
