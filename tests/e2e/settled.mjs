// Browser test: a seeded bettor's settled bets (/u/<name>/bets), reached from
// their profile at a phone's and a desktop's width on both brands: newest
// settlement first by settlement number, dates in words, no sideways
// scrolling, readable text, and the "Older" page continues below the last
// number. Screenshots in tests/e2e/screenshots/.
//
//   PORT=18181 node tests/e2e/settled.mjs      (against a running, seeded stack)
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, openPage, test, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const BRANDS = ['demo', 'acme'];
const BETTOR = 'value_vera';

async function settledBets(browser, brand, width) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const { context, page } = await openPage(browser, width, 900, problems);
  try {
    const prof = await page.goto(`${base}/u/${BETTOR}`);
    check(prof && prof.status() === 200, `GET /u/${BETTOR} answered ${prof && prof.status()}`);
    await page.click(`a[href="/u/${BETTOR}/bets"]`);
    await page.waitForURL(`**/u/${BETTOR}/bets`);
    check((await page.innerText('h1')).trim() === 'Settled bets', 'no "Settled bets" heading');
    const seqs = async () => page.$$eval('tr[data-settlement-seq]',
      (rows) => rows.map((r) => Number(r.getAttribute('data-settlement-seq'))));
    const first = await seqs();
    check(first.length === 25, `${first.length} bets on the first page, not 25`);
    check(first.every((v, i) => i === 0 || v < first[i - 1]), 'not newest settlement first');
    const text = await page.innerText('table.settled-bets');
    check(!/\d{4}-\d\d-\d\dT/.test(text), 'a machine timestamp is shown');
    check(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC/.test(text), 'no date in words');
    const fit = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    check(fit, `the page scrolls sideways at ${width} px`);
    const look = await page.evaluate(() => {
      const cell = document.querySelector('.settled-bets .sb-bet');
      const card = cell.closest('.card');
      return { fg: getComputedStyle(cell).color, bg: getComputedStyle(card).backgroundColor };
    });
    check(look.fg !== look.bg, `text ${look.fg} on ${look.bg}`);
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, `settled-bets-${brand}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: width > 600 });
    await page.click('a[rel="next"]');
    await page.waitForURL(/cursor=\d+/);
    const second = await seqs();
    check(second.length > 0 && second[0] < first[first.length - 1],
      `page two starts at ${second[0]}, after ${first[first.length - 1]}`);
    check(problems.length === 0, problems.join(' | '));
    return { shot, look };
  } finally {
    await context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    for (const width of [390, 1280]) {
      await test(`${brand}: settled bets of a member at ${width} px, from the profile, paged`, async () => {
        const r = await settledBets(browser, brand, width);
        console.log(`# ${brand} ${width}: text ${r.look.fg} on ${r.look.bg}; screenshot ${r.shot}`);
      });
    }
  }
});
