// Browser test: a copier's profile and My bets in headless Debian Chromium
// (docs/metrics.md, "Own bets only"). On each brand the seeded bettor
// hoops_hana copies fav_fred; fred bets on a new event, the copy lane copies
// it, the event settles; hana's profile then shows the Copying section (copy
// P&L by trader) and My bets marks the copy "copied from @fav_fred", linked
// to fred. Screenshots of both pages at 390 px and 1280 px.
//
//   PORT=18181 TAILGATE_VAR=... node tests/e2e/record.mjs   (against a running, seeded stack)
//
// Prints "ok - <name>" / "not ok - <name>: <reason>" per test, then
// "<n> passed, <m> failed". Exits non-zero on any failure.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, newEvent, signedIn, sql } from './fixtures.mjs';
import { check, test, until, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const BRANDS = ['demo', 'acme'];
const TRADER = 'fav_fred';
const COPIER = 'hoops_hana';

// The whole page and the part under test (`part`, a locator) at each width.
async function shots(page, brand, name, part) {
  mkdirSync(SHOTS, { recursive: true });
  const files = [];
  // live notifications of the copies come as toasts over the page: not what is looked at here
  await page.evaluate(() => document.querySelectorAll('#toasts .toast').forEach((t) => t.remove()));
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const file = join(SHOTS, `record-${name}-${brand}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const detail = join(SHOTS, `record-${name}-${brand}-${width}-detail.png`);
    await part.screenshot({ path: detail });
    files.push(file, detail);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return files;
}

async function brandRun(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const schema = `t_${brand}`;
  const problems = [];
  const trader = await signedIn(browser, base, TRADER, problems);
  const copier = await signedIn(browser, base, COPIER, problems);
  try {
    // (a run before this one on the same stack may have started it)
    let r = await api(copier.page, 'GET', '/social/copy-trading/my-relationships');
    if (!r.json.relationships.some((x) => x.trader.id === trader.id && x.status === 'active')) {
      r = await api(copier.page, 'POST', '/social/copy-trading/relationships', {
        trader_id: trader.id, settings: { copy_mode: 'fixed_amount', fixed_amount: 5 } });
      check(r.status === 201, `copying ${TRADER} answered ${r.status} ${JSON.stringify(r.json)}`);
    }

    const ev = newEvent(schema);
    r = await api(trader.page, 'POST', '/social/bets', { selection_id: ev.home, stake: 1000, odds: 2.1,
      idempotency_key: `e2e-${randomBytes(6).toString('hex')}` });
    check(r.status === 201, `${TRADER}'s bet answered ${r.status} ${JSON.stringify(r.json)}`);
    const bet = r.json.bet.bet_id;
    const copyOf = () => sql(`SELECT coalesce(string_agg(status || ' ' || coalesce(skip_reason, ''), ','), '')
      FROM ${schema}.copy_trades WHERE original_bet_id = '${bet}' AND follower_id = '${copier.id}';`);
    await until(() => copyOf() !== '', 'the copy');
    check(copyOf().startsWith('placed'), `the copy was not placed: ${copyOf()}`);

    sql(`SET ROLE ${schema}; UPDATE events SET status = 'finished', home_score = 2, away_score = 0,
      result_version = result_version + 1, starts_at = least(starts_at, now() - interval '2 hours')
      WHERE id = '${ev.event}';
      INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '${ev.event}'));`);
    await until(() => sql(`SELECT count(*) FROM ${schema}.bets WHERE copied_from = '${bet}'
      AND user_id = '${copier.id}' AND status = 'won';`) === '1', 'the settlement of the copy');

    // the profile: the Copying section names the trader, linked, with the copy's P&L
    const page = copier.page;
    await page.goto(`${base}/u/${COPIER}`);
    const section = page.locator('#copying');
    check(await section.isVisible(), 'no Copying section on the copier\'s profile');
    check((await section.locator('h2').innerText()).trim() === 'Copying', 'the section is not titled "Copying"');
    const row = section.locator('tbody tr', { has: page.locator(`a[href="/u/${TRADER}"]`) });
    check(await row.count() === 1, `no row for @${TRADER} in the Copying section`);
    const text = await row.innerText();
    check(/\+\d+\.\d\d %/.test(text), `the row shows no ROI of the won copy: ${text}`);
    check(await page.locator('#perf-title').isVisible(), 'the verified performance is gone');
    const profileShots = await shots(page, brand, 'profile', section);

    // My bets: the copy marked, linked to the trader
    await page.goto(`${base}/bets?status=all`);
    const mark = page.locator('.copied-from', { has: page.locator(`a[href="/u/${TRADER}"]`) }).first();
    check(await mark.isVisible(), 'no "copied from" marking in My bets');
    check(/copied from @/.test(await mark.innerText()), `the marking reads "${await mark.innerText()}"`);
    const betShots = await shots(page, brand, 'bets', page.locator('table.bets tr', { has: mark }).first());
    check(problems.length === 0, problems.join(' | '));
    return [...profileShots, ...betShots];
  } finally {
    await trader.context.close().catch(() => {});
    await copier.context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    await test(`${brand}: a copier's profile shows the Copying section and My bets marks the copy`,
      async () => {
        const files = await brandRun(browser, brand);
        console.log(`# ${brand}: screenshots ${files.join(', ')}`);
      });
  }
});
