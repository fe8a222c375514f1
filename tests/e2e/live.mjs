// Browser test: live notifications in more than one tab (issue 15, item 5).
// On each brand a new member has N unread notifications, pushed live less
// than a minute ago (so nchan still holds them for new subscribers). Then:
//  - a new session's page shows exactly N in the header badge and no toast;
//    a new notification shows one toast and N + 1 there and in the tab that
//    was already open;
//  - "Mark all as read" in one tab clears the badge of the other tab, and a
//    new tab shows no badge and no toast; the next notification shows one
//    toast and 1.
// One tab at 1280 px, the other at 390 x 844. Every toast and every badge
// value a page shows is recorded from the first parsed node on (an init
// script's MutationObserver), so a replayed toast that vanished again still
// counts. The "nothing replayed" checks wait for a fresh notification's own
// toast: nchan delivers in order, so every replay came before it.
// Screenshots in tests/e2e/screenshots/.
//
//   PORT=18181 node tests/e2e/live.mjs      (against a running stack)
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WAIT_MS, check, openPage, pageFetch, test, until, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const BRANDS = ['demo', 'acme'];
const PASSWORD = 'live-tabs-password';

// Records every toast (its notification id) and every value of the unread
// badge ('' while hidden), in page order, into window.__live.
function recordLive() {
  const seen = { toasts: [], badges: [] };
  window.__live = seen;
  new MutationObserver((ms) => {
    for (const m of ms) {
      for (const n of m.addedNodes) {
        if (n.nodeType === 1 && n.classList.contains('toast'))
          seen.toasts.push(n.getAttribute('data-notification-id'));
      }
    }
    const b = document.getElementById('unread-badge');
    if (b) {
      const v = b.hidden ? '' : b.textContent.trim();
      if (seen.badges[seen.badges.length - 1] !== v) seen.badges.push(v);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

// A browser context of its own (its own cookie) at this size, recording the
// live page state; api() calls the JSON API from its page.
async function client(browser, base, width, height, problems) {
  const { context, page } = await openPage(browser, width, height, problems);
  await context.addInitScript(recordLive);
  await page.goto(`${base}/signin`);
  let csrf = null;
  const fetchJson = pageFetch(page);
  const call = (method, path, data) => fetchJson(method, path, data, csrf);
  const enter = async (path, data, want) => {
    const r = await call('POST', path, data);
    check(r.status === want, `${path} for ${data.username || data.login}: ${r.status} ${JSON.stringify(r.body)}`);
    csrf = r.body.csrf_token;
    return r.body.user.user_id || r.body.user.id;
  };
  return {
    context, page, api: call,
    signup: (username, display) => enter('/social/auth/signup', { username,
      email: `${username}@example.com`, password: PASSWORD, display_name: display }, 201),
    login: (login) => enter('/social/auth/login', { login, password: PASSWORD }, 200),
  };
}

const live = (page) => page.evaluate(() => ({ toasts: window.__live.toasts.slice(),
  badges: window.__live.badges.slice() }));
// The badge showing exactly n (a locator wait).
const badgeShows = (page, n) => page.locator('#unread-badge', { hasText: new RegExp(`^${n}$`) }).waitFor();
const badgeNow = (page) => page.evaluate(() => {
  const b = document.getElementById('unread-badge');
  return b ? (b.hidden ? '' : b.textContent.trim()) : null;
});

async function run(browser, brand) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const tag = randomBytes(4).toString('hex');
  const name = `live_${tag}`;
  const a = await client(browser, base, 1280, 800, problems);
  const b = await client(browser, base, 390, 844, problems);
  const fan = await client(browser, base, 1280, 800, problems);
  try {
    const me = await a.signup(name, `Lena ${tag.slice(0, 4)}`);
    await fan.signup(`fan_${tag}`, `Fan ${tag.slice(0, 4)}`);
    // The stored notifications, newest first, as the API has them.
    const stored = async () => (await a.api('GET', '/social/notifications')).body;
    const storedUnread = async (n) => until(async () => {
      const s = await stored();
      return s.unread === n && s;
    }, `${n} unread notifications stored`);
    // One more notification for the member: the fan follows them again.
    let follows = 0;
    const notifyOnce = async (unreadAfter) => {
      if (follows++ > 0) {
        const u = await fan.api('DELETE', `/social/users/${me}/follow`);
        check(u.status === 200, `unfollow: ${u.status}`);
      }
      const f = await fan.api('POST', `/social/users/${me}/follow`);
      check(f.status === 201, `follow: ${f.status} ${JSON.stringify(f.body)}`);
      return (await storedUnread(unreadAfter)).notifications[0].id;
    };

    // Tab A is open on the list while the first N arrive live: the welcome
    // and three follows, all pushed within the last minute.
    await a.page.goto(`${base}/notifications`);
    const N = 4;
    await storedUnread(1);
    for (let i = 2; i <= N; i++) await notifyOnce(i);
    await until(async () => (await a.page.locator('#notifications li').count()) === N,
      `tab A lists the ${N} notifications`);

    // A new session (tab B) shows exactly N and toasts nothing replayed (on
    // a page without the list: the home page's list hides replays).
    await b.login(name);
    await b.page.goto(`${base}/events`);
    check(await badgeNow(b.page) === String(N), `tab B's badge shows ${await badgeNow(b.page)}, not ${N}`);
    const fresh = await notifyOnce(N + 1);
    await until(async () => (await live(b.page)).toasts.includes(fresh), 'tab B toasts the new notification');
    await badgeShows(b.page, N + 1);
    await badgeShows(a.page, N + 1);
    let seenB = await live(b.page);
    check(seenB.toasts.length === 1, `tab B showed ${seenB.toasts.length} toasts: ${seenB.toasts.join(', ')}`);
    check(seenB.badges.every((v) => v === '' || v === String(N) || v === String(N + 1)),
      `tab B's badge went through ${seenB.badges.join(' → ')}`);
    mkdirSync(SHOTS, { recursive: true });
    await b.page.screenshot({ path: join(SHOTS, `live-${brand}-390-toast.png`) });

    // "Mark all as read" in tab A: tab B's badge goes, a new tab shows none.
    await a.page.goto(`${base}/notifications`);
    await a.page.click('form[action="/notifications/read"] button');
    await a.page.locator('#unread-badge').waitFor({ state: 'hidden' });
    await b.page.locator('#unread-badge').waitFor({ state: 'hidden' });
    check((await stored()).unread === 0, 'unread left after "Mark all as read"');
    const c = await b.context.newPage();
    c.setDefaultTimeout(WAIT_MS);
    c.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await c.goto(`${base}/bets`);
    check(await badgeNow(c) === '', `the new tab's badge shows ${await badgeNow(c)}`);
    const next = await notifyOnce(1);
    await until(async () => (await live(c)).toasts.includes(next), 'the new tab toasts the next notification');
    await badgeShows(c, 1);
    const seenC = await live(c);
    check(seenC.toasts.length === 1, `the new tab showed ${seenC.toasts.length} toasts: ${seenC.toasts.join(', ')}`);
    check(seenC.badges.every((v) => v === '' || v === '1'), `the new tab's badge went through ${seenC.badges.join(' → ')}`);
    await badgeShows(a.page, 1);
    seenB = await live(b.page);
    check(seenB.toasts.length === 2, `tab B showed ${seenB.toasts.length} toasts in all, not 2`);
    await a.page.screenshot({ path: join(SHOTS, `live-${brand}-1280-after-read.png`) });
    await c.screenshot({ path: join(SHOTS, `live-${brand}-390-new-tab.png`) });
    check(problems.length === 0, problems.join(' | '));
  } finally {
    for (const x of [a, b, fan]) await x.context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    await test(`${brand}: live notifications across tabs: the badge is the stored count, only new ones toast`,
      () => run(browser, brand));
  }
});
