// Browser test: the forms a new member hit (issue 15, "Broken" 1 and 3), on
// both brands, at a phone's and a desktop's width.
//
// - "Copy this bet" on a post, through the real form: a mistake (nothing
//   typed) comes back on the post page with the message beside the form;
//   an amount typed (the percentage left empty, as a browser sends it)
//   copies the bet.
// - The radio groups of the bet slip ("if the price changes") and of the
//   copy settings (how much to copy; which sports and bet types): each box
//   left of its words on the same line (bounding boxes), the words as
//   written (no text-transform), and a choice that takes effect when the
//   form is sent.
//
//   PORT=18181 TAILGATE_VAR=... node tests/e2e/forms.mjs   (against a running, seeded stack)
//
// Prints "ok - <name>" / "not ok - <name>: <reason>" per test, then
// "<n> passed, <m> failed". Screenshots in tests/e2e/screenshots/.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, newEvent, signedIn } from './fixtures.mjs';
import { check, test, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const BRANDS = ['demo', 'acme'];
const WIDTHS = [390, 1280];
const TRADER = 'longshot_lou';   // posts a bet; nobody copies him in the other browser tests
const MEMBER = 'tilt_tom';       // copies it, bets, fills the copy form
const COPIED = 'value_vera';     // the trader whose copy form is filled

const SLIP_WORDS = ['Ask me again', 'Accept better odds', 'Accept any change within 5 %'];
const MODE_WORDS = ['Fixed amount', 'Percentage of bankroll', 'Proportional', 'Kelly scaled'];

// Chromium logs a 4xx answer to a form as a failed resource: the refusals
// these tests provoke (a mistake, a moved price) are not problems.
function unexpected(problems) {
  return problems.filter((p) => !/Failed to load resource: the server responded with a status of (409|422)/.test(p));
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `forms-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The part under test on its own (a locator), beside the whole page's shot.
async function detail(part, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `forms-${name}-detail.png`);
  await part.screenshot({ path: file });
  return file;
}

async function fits(page, what) {
  const w = await page.evaluate(() => [document.scrollingElement.scrollWidth, window.innerWidth]);
  check(w[0] <= w[1], `${what}: the page is ${w[0]} px wide in a ${w[1]} px window`);
}

// Every radio and checkbox of the groups under `scope` (a CSS selector): its
// box, the box of the first line of its words, the words as shown and the
// label's text-transform.
async function choices(page, scope) {
  return page.$$eval(`${scope} .choices label`, (labels) => labels.map((l) => {
    const box = l.querySelector('input').getBoundingClientRect();
    const words = l.querySelector('.choice-words') || l;
    const range = document.createRange();
    range.selectNodeContents(words);
    const line = range.getClientRects()[0];
    return {
      box: { left: box.left, right: box.right, mid: box.top + box.height / 2 },
      line: line ? { left: line.left, top: line.top, bottom: line.bottom } : null,
      first: (l.querySelector('.choice-words strong') || words).innerText.trim(),
      shown: words.innerText.trim(),
      transform: [getComputedStyle(l).textTransform, getComputedStyle(words).textTransform],
      visible: box.width > 0 && box.height > 0,
    };
  }));
}

function checkChoices(list, what, words) {
  check(list.length > 0, `${what}: no radio or checkbox group`);
  for (const c of list) {
    if (!c.visible) continue;
    check(c.line, `${what}: "${c.shown}" has no words`);
    check(c.box.right <= c.line.left + 0.5,
      `${what}: the box of "${c.first}" is not left of its words (${c.box.right} > ${c.line.left})`);
    check(c.box.mid >= c.line.top && c.box.mid <= c.line.bottom,
      `${what}: the box of "${c.first}" is not on the line of its words ` +
      `(middle ${c.box.mid}, line ${c.line.top}-${c.line.bottom})`);
    check(c.transform.every((t) => t === 'none'),
      `${what}: "${c.first}" is shown with text-transform ${c.transform.join('/')}`);
  }
  if (words) {
    const firsts = list.map((c) => c.first);
    check(JSON.stringify(firsts) === JSON.stringify(words),
      `${what}: the options read ${JSON.stringify(firsts)}, not ${JSON.stringify(words)}`);
  }
}

// A post about the trader's new bet on a fresh event; its id and the bet's.
async function betPost(trader, brand) {
  const ev = newEvent(`t_${brand}`);
  let r = await api(trader.page, 'POST', '/social/bets', { selection_id: ev.home, stake: 1000,
    odds: 2.1, idempotency_key: `e2e-forms-${randomBytes(6).toString('hex')}` });
  check(r.status === 201, `${TRADER}'s bet answered ${r.status} ${JSON.stringify(r.json)}`);
  const bet = r.json.bet.bet_id;
  r = await api(trader.page, 'POST', '/social/posts', { post_type: 'bet_post', bet_id: bet,
    content: `Rovers to win, copy it if you like (${randomBytes(4).toString('hex')})` });
  check(r.status === 201, `the post answered ${r.status} ${JSON.stringify(r.json)}`);
  return { post: r.json.post.post_id, bet, ev };
}

async function copyThisBet(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const trader = await signedIn(browser, base, TRADER, problems);
  const member = await signedIn(browser, base, MEMBER, problems);
  const files = [];
  try {
    const { post, bet } = await betPost(trader, brand);
    const page = member.page;
    const form = `form.copy-bet[action="/posts/${post}/copy"]`;

    // nothing typed: the post page again, the message beside the form
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/posts/${post}`);
    const [sent] = await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    check(sent.status() === 422, `an empty form answered ${sent.status()}, not 422`);
    check(await page.isVisible(form), 'the post page is not shown again with its form');
    check(await page.isVisible('.post-content'), 'the post is not shown again');
    const msg = await page.locator(`${form} [role=alert]`).innerText();
    check(/Give an amount or a percentage of your bankroll/.test(msg), `the message reads "${msg}"`);
    check(!(await page.isVisible('.error-page')), 'a full-page error');
    await fits(page, 'the post page at 390 px');
    files.push(await shot(page, `copy-bet-mistake-${brand}-390`),
      await detail(page.locator(form), `copy-bet-mistake-${brand}-390`));

    // an amount typed, the percentage left empty: copied
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill(`${form} input[name=amount]`, '10.00');
    check(await page.inputValue(`${form} input[name=percentage]`) === '', 'the percentage is not empty');
    await Promise.all([page.waitForURL(/\/bets\?status=open/), page.click(`${form} button[type=submit]`)]);
    check(await page.isVisible('.notice'), 'no "Bet placed" notice after the copy');
    const r = await api(page, 'GET', '/social/copy-trading/copies?limit=50');
    const copy = (r.json.copies || []).find((x) => x.original_bet_id === bet);
    check(copy && copy.status === 'placed' && copy.copy_amount === 1000,
      `the copy of 10.00 is not listed: ${JSON.stringify(copy || r.json)}`);
    files.push(await shot(page, `copy-bet-copied-${brand}-1280`));
    check(unexpected(problems).length === 0, unexpected(problems).join(' | '));
    return files;
  } finally {
    await trader.context.close().catch(() => {});
    await member.context.close().catch(() => {});
  }
}

// The bet slip's radio group at one width; choosing takes effect: with a
// price that has moved up since the slip was shown, "Ask me again" refuses
// the bet and shows the new price, "Accept better odds" places it.
async function slip(browser, brand, width) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const member = await signedIn(browser, base, MEMBER, problems);
  try {
    const page = member.page;
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    const ev = newEvent(`t_${brand}`);

    // the slips on the event's page
    await page.goto(`${base}/events/${ev.event}`);
    await page.click(`#slip-${ev.home} summary`);
    checkChoices(await choices(page, `#slip-${ev.home}`), `the event's slip at ${width} px`, SLIP_WORDS);
    await fits(page, `the event page at ${width} px`);
    const files = [await shot(page, `slip-event-${brand}-${width}`)];

    // the slip page
    await page.goto(`${base}/bets/slip?selection_id=${ev.home}`);
    checkChoices(await choices(page, '.slip-form'), `the slip at ${width} px`, SLIP_WORDS);
    await fits(page, `the slip at ${width} px`);
    const seenLower = async () => page.$eval('.slip-form input[name=odds]', (i) => { i.value = '2.05'; });
    await page.fill('#stake', '5.00');
    await seenLower();
    await page.check('.slip-form input[name=accept_odds_change][value=none]');
    await Promise.all([page.waitForNavigation(), page.click('.slip-form button[type=submit]')]);
    const alert = await page.locator('.slip .alert').innerText();
    check(/The price is now/.test(alert), `"Ask me again" did not ask again: "${alert}"`);
    files.push(await shot(page, `slip-asked-${brand}-${width}`),
      await detail(page.locator('.slip-form fieldset.choices'), `slip-choices-${brand}-${width}`));
    await page.fill('#stake', '5.00');
    await seenLower();
    await page.check('.slip-form input[name=accept_odds_change][value=better]');
    await Promise.all([page.waitForURL(/\/bets\?status=open&placed=/),
      page.click('.slip-form button[type=submit]')]);
    check(await page.isVisible('.notice'), '"Accept better odds" did not place the bet');
    check(unexpected(problems).length === 0, unexpected(problems).join(' | '));
    return files;
  } finally {
    await member.context.close().catch(() => {});
  }
}

// The copy form's groups at one width; choosing the mode takes effect:
// "Fixed amount" with no amount is refused, "Percentage of bankroll" with a
// percentage simulates.
async function copyForm(browser, brand, width) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const member = await signedIn(browser, base, MEMBER, problems);
  try {
    const page = member.page;
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.goto(`${base}/u/${COPIED}/copy`);
    const list = await choices(page, 'form.copy-form');
    checkChoices(list.slice(0, MODE_WORDS.length), `the copy form's modes at ${width} px`, MODE_WORDS);
    checkChoices(list, `the copy form's groups at ${width} px`);
    check(list.some((c) => c.shown === 'American football'),
      `"American football" is not shown as written: ${list.map((c) => c.shown).join(', ')}`);
    await fits(page, `the copy form at ${width} px`);
    const files = [await shot(page, `copy-form-${brand}-${width}`),
      await detail(page.locator('form.copy-form fieldset').first(), `copy-form-modes-${brand}-${width}`),
      await detail(page.locator('form.copy-form fieldset').nth(1), `copy-form-bets-${brand}-${width}`)];

    const simulate = () => Promise.all([page.waitForNavigation(), page.click('button[name=simulate]')]);
    await page.check('input[name=copy_mode][value=fixed_amount]');
    await page.fill('#fixed_amount', '');
    await page.fill('#percentage', '2');
    await simulate();
    check(await page.locator('#fixed_amount ~ p.field-error').first().isVisible(),
      'the fixed amount mode without an amount was not refused');
    check(!(await page.isVisible('.copy-sim')), 'simulated without an amount');
    await page.check('input[name=copy_mode][value=percentage_of_bankroll]');
    await page.fill('#percentage', '2');
    await simulate();
    check(await page.isVisible('.copy-sim'), 'no simulation with 2 % of the bankroll');
    check(await page.isChecked('input[name=copy_mode][value=percentage_of_bankroll]'),
      'the mode chosen is not kept');
    files.push(await shot(page, `copy-form-simulated-${brand}-${width}`));
    check(unexpected(problems).length === 0, unexpected(problems).join(' | '));
    return files;
  } finally {
    await member.context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    await test(`${brand}: "Copy this bet" through the post's form: a mistake on the post page, an amount copies`,
      async () => console.log(`# screenshots ${(await copyThisBet(browser, brand)).join(', ')}`));
    for (const width of WIDTHS) {
      await test(`${brand}: the bet slip's price-change choices at ${width} px: one line each, as written, and they work`,
        async () => console.log(`# screenshots ${(await slip(browser, brand, width)).join(', ')}`));
      await test(`${brand}: the copy form's choices at ${width} px: one line each, as written, and the mode works`,
        async () => console.log(`# screenshots ${(await copyForm(browser, brand, width)).join(', ')}`));
    }
  }
});
