// Browser test: sign up on each brand in headless Debian Chromium, land on the
// signed-in home page and receive the live welcome notification (server-sent
// events through nginx/nchan) without reloading. Also checks that the two
// brands look different.
//
//   PORT=18181 node tests/e2e/signup.mjs      (against a running stack)
//
// Prints "ok - <name>" / "not ok - <name>: <reason>" per test, then
// "<n> passed, <m> failed". Exits non-zero on any failure.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, test, until, WAIT_MS, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const BRANDS = ['demo', 'acme'];
const COOKIE = '__Host-tg_session';

// Runs before any page script: records every message the page's EventSource
// receives, so the test can tell a live delivery from a server-rendered list,
// and every toast app.js shows (id, text, on screen when added): a toast
// leaves after 8 s, which a busy machine can take to look at it.
function recordLiveEvents() {
  const Native = window.EventSource;
  if (!Native) return;
  window.__tgLive = { opened: 0, events: [], toasts: [] };
  new MutationObserver((changes) => {
    for (const c of changes) {
      for (const t of c.addedNodes) {
        if (!(t instanceof HTMLElement) || !t.classList.contains('toast')) continue;
        const box = t.getBoundingClientRect();
        window.__tgLive.toasts.push({ id: t.getAttribute('data-notification-id'), text: t.innerText,
          shown: box.width > 0 && box.height > 0 && getComputedStyle(t).visibility !== 'hidden' });
      }
    }
  }).observe(document, { childList: true, subtree: true });
  window.EventSource = function (url, init) {
    const es = new Native(url, init);
    es.addEventListener('open', () => { window.__tgLive.opened++; });
    es.addEventListener('notification', (ev) => {
      let n = null;
      try { n = JSON.parse(ev.data); } catch (e) { /* recorded as null */ }
      window.__tgLive.events.push(n);
    });
    return es;
  };
  window.EventSource.prototype = Native.prototype;
}

// The first toast recorded on the page (recordLiveEvents) that was on screen
// and matches; null while there is none.
async function shownToast(page, match) {
  const toasts = await page.evaluate(() => (window.__tgLive ? window.__tgLive.toasts : []));
  return toasts.find((t) => t.shown && match(t)) || null;
}

async function signUpAndWait(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const tag = randomBytes(4).toString('hex');
  const username = `e2e_${brand}_${tag}`;
  const display = `E2E ${brand} ${tag}`;
  const password = `Tg!${randomBytes(12).toString('base64url')}`;
  const problems = []; // console errors, CSP violations, uncaught exceptions

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(recordLiveEvents);

    const form = await page.goto(`${base}/signup`);
    check(form && form.status() === 200, `GET /signup answered ${form && form.status()}`);
    check(await page.isVisible('form[action="/signup"]'), 'no sign-up form on /signup');
    check(await page.evaluate(() => window.isSecureContext),
      `${base} is not a secure context in Chromium`);

    await page.fill('#username', username);
    await page.fill('#email', `${username}@example.com`);
    await page.fill('#display_name', display);
    await page.fill('#password', password);
    const [home] = await Promise.all([
      page.waitForNavigation({ url: `${base}/`, waitUntil: 'load' }).catch(async () => {
        const err = (await page.locator('.field-error, .alert').allInnerTexts()).join('; ');
        throw new Error(`no redirect to / after sign-up (at ${page.url()}${err ? `; ${err}` : ''})`);
      }),
      page.click('form[action="/signup"] button[type="submit"]'),
    ]);
    check(home && home.status() === 200, `GET / after sign-up answered ${home && home.status()}`);
    const serverHtml = await home.text();

    // The session cookie: __Host- prefix and Secure, accepted on http://*.localhost.
    const cookie = (await context.cookies(base)).find((c) => c.name === COOKIE);
    check(cookie, `Chromium did not store the ${COOKIE} cookie (Secure cookie on http://${brand}.localhost refused?)`);
    check(cookie.secure && cookie.httpOnly && cookie.path === '/',
      `${COOKIE} flags: secure=${cookie.secure} httpOnly=${cookie.httpOnly} path=${cookie.path}`);

    const h1 = (await page.locator('h1').first().innerText()).trim();
    check(h1.includes('Welcome'), `h1 is "${h1}", expected "Welcome, ${display}"`);
    check(h1.includes(display), `h1 is "${h1}", expected it to name the user ("Welcome, ${display}")`);
    check(await page.locator('ul#notifications').count() === 1, 'no ul#notifications on the home page');
    const live = await page.getAttribute('body', 'data-live');
    check(/^\/live\/[0-9a-f-]{36}$/.test(live || ''), `body data-live is "${live}"`);

    // Ids the server rendered into the list; a "new" item is one not among them.
    const rendered = new Set([...serverHtml.matchAll(/data-notification-id="([^"]+)"/g)].map((m) => m[1]));

    // Wait for the welcome notification: delivered over the live stream and
    // shown on the page (as a toast / new list item, or, if the worker beat
    // the page render, as the server-rendered item the script de-duplicated).
    let delivered = null;
    try {
      await page.waitForFunction(() => {
        const l = window.__tgLive;
        return l && l.events.some((n) => n && /Welcome/.test(n.title || ''));
      }, null, { timeout: WAIT_MS, polling: 100 });
      delivered = await page.evaluate(() => window.__tgLive.events.find((n) => n && /Welcome/.test(n.title || '')));
    } catch (e) {
      const st = await page.evaluate(() => window.__tgLive || null);
      throw new Error(`no live welcome notification within ${WAIT_MS / 1000} s ` +
        `(EventSource opened ${st ? st.opened : '?'} time(s), ${st ? st.events.length : '?'} event(s))`);
    }
    const id = delivered.id;
    let how;
    if (rendered.has(id)) {
      // The worker published before GET / was rendered: the item is already
      // in the list and app.js must not duplicate it.
      const copies = await page.locator(`#notifications li[data-notification-id="${id}"]`).count();
      check(copies === 1, `welcome notification listed ${copies} times`);
      // The welcome itself cannot show app.js drawing a live event, so make a
      // notification that is certain to come after this page loaded: change
      // the password in a second tab ("Your password was changed").
      const other = await context.newPage();
      await other.goto(`${base}/settings/password`);
      await other.fill('#current_password', password);
      await other.fill('#new_password', `${password}-2`);
      await Promise.all([other.waitForNavigation(), other.click('form[action="/settings/password"] button[type="submit"]')]);
      check(await other.isVisible('.notice'), `password change failed (at ${other.url()})`);
      await other.close();
      const toast = await until(() => shownToast(page, (t) => /Your password was changed/.test(t.text)),
        'a live toast for a notification made after the page loaded');
      const nid = toast.id;
      check(!rendered.has(nid), 'toast for a notification the server had rendered');
      check(await page.locator(`#notifications li[data-notification-id="${nid}"]`).count() === 1,
        'live notification not prepended to #notifications');
      how = 'server-rendered (worker beat the page); its live event was de-duplicated, and a later ' +
        'notification (password change in another tab) arrived live as toast and list item';
    } else {
      const item = page.locator(`#notifications li[data-notification-id="${id}"]`);
      await item.waitFor({ state: 'attached', timeout: WAIT_MS }).catch(() => {
        throw new Error('live welcome event received but no li was added to #notifications');
      });
      check(/Welcome/.test(await item.innerText()), 'new notification item does not say "Welcome"');
      const toast = await until(() => shownToast(page, (t) => t.id === id),
        'a .toast shown for the live welcome event');
      check(/Welcome/.test(toast.text), 'toast does not say "Welcome"');
      check(!(await page.isVisible('#no-notifications')), '"Nothing yet" placeholder still shown');
      how = 'arrived live: toast and new list item';
    }
    check(delivered.title.includes(display), `welcome title "${delivered.title}" does not name the user`);

    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, `signup-${brand}.png`);
    await page.screenshot({ path: shot, fullPage: true });

    const look = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      font: getComputedStyle(document.body).fontFamily,
      name: (document.querySelector('.brand-name') || {}).textContent || '',
    }));
    check(problems.length === 0, problems.join(' | '));
    return { username, how, look, shot };
  } finally {
    await context.close().catch(() => {});
  }
}

// An admin tops a member up, goes Back and submits the same form again: the
// second submission asks for confirmation instead of paying twice. The
// confirmation page is photographed at phone and desktop widths.
async function topUpTwice(browser, brand, username) {
  const base = `http://${brand}.localhost:${PORT}`;
  const shots = [];
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/signin`);
      await page.fill('input[name=login]', `${brand}_admin`);
      await page.fill('input[name=password]', 'tailgate-demo-2026');
      await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
      const list = `${base}/admin/users?q=${username}`;
      const amount = width === 390 ? '12.34' : '56.78';
      const submit = async () => {
        const form = page.locator(`tr:has-text("@${username}") form.adjust`);
        await form.locator('input[name=amount]').fill(amount);
        await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      };
      await page.goto(list);
      await submit();
      check(/Wallet updated/.test(await page.innerText('main')), 'first top-up not confirmed');
      await page.goBack();
      await page.reload();
      await submit();
      const text = await page.innerText('main');
      check(/identical/.test(text) && /again/i.test(text), `no confirmation after Back: ${text.slice(0, 200)}`);
      check(await page.isVisible('input[name=repeat]') === false, 'repeat should be a hidden field');
      const shot = join(SHOTS, `adjust-confirm-${brand}-${width}.png`);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      shots.push(shot);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("Cancel")')]);
      check(/Members/.test(await page.innerText('main')), 'Cancel does not lead back to the members');
    } finally {
      await context.close().catch(() => {});
    }
  }
  return shots;
}

const looks = {};
const members = {};
await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    await test(`${brand}: sign up, signed-in home, live welcome notification`, async () => {
      const r = await signUpAndWait(browser, brand);
      looks[brand] = r.look;
      members[brand] = r.username;
      console.log(`# ${brand}: user ${r.username}; welcome ${r.how}; screenshot ${r.shot}`);
    });
  }
  for (const brand of BRANDS) {
    await test(`${brand}: Back and resubmit of a top-up asks for confirmation`, async () => {
      check(members[brand], 'needs the member signed up above');
      const shots = await topUpTwice(browser, brand, members[brand]);
      console.log(`# ${brand}: screenshots ${shots.join(' ')}`);
    });
  }
  await test('brands look different (body background, brand name)', async () => {
    const [a, b] = BRANDS.map((x) => looks[x]);
    check(a && b, 'needs both brands to have signed up');
    console.log(`# ${BRANDS[0]}: "${a.name}" ${a.bg}; ${BRANDS[1]}: "${b.name}" ${b.bg}`);
    check(a.name.trim() && b.name.trim(), 'empty .brand-name');
    check(a.name.trim() !== b.name.trim(), `both brands are named "${a.name.trim()}"`);
    check(a.bg !== b.bg, `both bodies have background ${a.bg}`);
  });
});
