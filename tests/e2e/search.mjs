// Browser test: the header's search box, at a phone's and a desktop's width on
// both brands. "vera" typed in the header finds the member value_vera and the
// posts that name her on one page, members first; the page is no wider than
// the window and each results list is as wide as its card; the Members and
// Posts tabs keep the words and show one kind each. Screenshots in
// tests/e2e/screenshots/.
//
//   PORT=18181 node tests/e2e/search.mjs      (against a running, seeded stack)
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, openPage, test, withBrowser } from './lib.mjs';

const PORT = process.env.PORT || '8080';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const BRANDS = ['demo', 'acme'];
const QUERY = 'vera';
const MEMBER = 'value_vera';

// Sizes the page reports: its scrolling width against the window's, and each
// results list's width against the content box of the card it sits in.
function layout() {
  const lists = [...document.querySelectorAll('.search-results')].map((l) => {
    const card = l.closest('.card');
    const cs = getComputedStyle(card);
    const inner = card.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    return { name: l.getAttribute('aria-label') || l.className, width: l.getBoundingClientRect().width, inner };
  });
  return { scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth, lists };
}

function fits(l, width) {
  check(l.scroll <= l.inner, `the page is ${l.scroll} px wide in a ${l.inner} px window at ${width} px`);
  for (const x of l.lists) {
    check(Math.abs(x.width - x.inner) <= 1,
      `${x.name}: the list is ${Math.round(x.width)} px wide in a card of ${Math.round(x.inner)} px`);
  }
}

async function searchFromHeader(browser, brand, width) {
  const base = `http://${brand}.localhost:${PORT}`;
  const problems = [];
  const { context, page } = await openPage(browser, width, width > 600 ? 900 : 844, problems);
  try {
    const home = await page.goto(`${base}/`);
    check(home && home.status() === 200, `GET / answered ${home && home.status()}`);
    await page.fill('.site-search input[name="q"]', QUERY);
    await page.press('.site-search input[name="q"]', 'Enter');
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === QUERY);
    await page.waitForSelector('.search-page');

    // Members first, then posts.
    const members = await page.$$eval('.search-members a[href^="/u/"]', (as) => as.map((a) => a.getAttribute('href')));
    check(members.includes(`/u/${MEMBER}`), `no member ${MEMBER} among ${members.join(', ') || 'none'}`);
    const posts = await page.$$eval('.search-posts a[href^="/posts/"]', (as) => as.length);
    check(posts > 0, 'no post found');
    const order = await page.evaluate(() => {
      const m = document.querySelector('.search-members');
      const p = document.querySelector('.search-posts');
      return Boolean(m && p && (m.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    check(order, 'members do not come before posts');
    check((await page.getAttribute('.tabs [aria-current="page"]', 'href')).includes('type=all'),
      'the All tab is not the current one');
    const l = await page.evaluate(layout);
    check(l.lists.length === 2, `${l.lists.length} results lists, not 2`);
    fits(l, width);
    mkdirSync(SHOTS, { recursive: true });
    const shot = join(SHOTS, `search-${brand}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });

    // The Members tab: members only, the words kept.
    await page.click('.tabs a:has-text("Members")');
    await page.waitForURL((u) => u.searchParams.get('type') === 'users' && u.searchParams.get('q') === QUERY);
    check(await page.$(`.search-members a[href="/u/${MEMBER}"]`), 'Members tab: no value_vera');
    check(!(await page.$('.search-posts')), 'Members tab: posts shown');
    fits(await page.evaluate(layout), width);
    await page.screenshot({ path: join(SHOTS, `search-members-${brand}-${width}.png`), fullPage: true });

    // The Posts tab: posts only.
    await page.click('.tabs a:has-text("Posts")');
    await page.waitForURL((u) => u.searchParams.get('type') === 'posts' && u.searchParams.get('q') === QUERY);
    check((await page.$$('.search-posts a[href^="/posts/"]')).length > 0, 'Posts tab: no post');
    check(!(await page.$('.search-members')), 'Posts tab: members shown');
    fits(await page.evaluate(layout), width);
    await page.screenshot({ path: join(SHOTS, `search-posts-${brand}-${width}.png`), fullPage: true });
    check(problems.length === 0, problems.join(' | '));
    return { shot, l };
  } finally {
    await context.close().catch(() => {});
  }
}

await withBrowser(async (browser) => {
  for (const brand of BRANDS) {
    for (const width of [390, 1280]) {
      await test(`${brand}: "${QUERY}" from the header box at ${width} px: members then posts, nothing wider than the window`, async () => {
        const r = await searchFromHeader(browser, brand, width);
        console.log(`# ${brand} ${width}: page ${r.l.scroll}/${r.l.inner} px; lists ${r.l.lists
          .map((x) => `${Math.round(x.width)}/${Math.round(x.inner)}`).join(', ')}; screenshot ${r.shot}`);
      });
    }
  }
});
