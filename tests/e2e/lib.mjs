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
// The JSON API called from inside a page (its cookies, same origin):
// (method, path, data, csrf) -> { status, body } (body null when not JSON).
export function pageFetch(page) {
  return (method, path, data, csrf) => page.evaluate(async (a) => {
    const headers = { 'Content-Type': 'application/json' };
    if (a.csrf) headers['X-CSRF-Token'] = a.csrf;
    const res = await fetch(a.path, { method: a.method, headers, credentials: 'same-origin',
      body: a.data === undefined ? undefined : JSON.stringify(a.data) });
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    return { status: res.status, body };
  }, { method, path, data, csrf });
}

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

// ---- colour contrast (WCAG 2.x, AA) -------------------------------------------
// The colour arithmetic, one function so that both Node and the page run the
// same code: contrastOffenders() hands its source to the page.
export function colourMath() {
  // sRGB channel 0..255 -> linear light
  const lin = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // top (with alpha 0..1) over an opaque bottom
  const over = (top, alpha, bottom) => bottom.map((c, i) => alpha * top[i] + (1 - alpha) * c);
  const hue = ([r, g, b]) => {
    const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
    if (d === 0) return null;   // a grey has no hue
    const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    return (h * 60 + 360) % 360;
  };
  const hueDistance = (a, b) => {
    const x = hue(a), y = hue(b);
    if (x === null || y === null) return 0;
    const d = Math.abs(x - y);
    return Math.min(d, 360 - d);
  };
  return { luminance, contrast, over, hue, hueDistance };
}

// Runs in the page: every visible element with text of its own (and every
// filled or placeholder-showing form field) is measured against its effective
// background: the first opaque background up its ancestors, with the
// translucent ones on the way composited over it. An element under a
// background image or gradient cannot be measured from styles and is listed
// as skipped (with the reason); so is SVG text (charts are checked by eye).
// Opacity of the element and its ancestors fades the text toward the
// background. Disabled controls are exempt (WCAG 1.4.3). Running transitions
// and animations (a toast fading out) are finished first: what is measured is
// the settled look, never a frame in between.
function pageContrast(makeMath) {
  const M = makeMath();
  for (const a of document.getAnimations()) { try { a.finish(); } catch (e) { /* an endless one */ } }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  // Any CSS colour the browser knows (rgb(), color(srgb ...), color-mix() results)
  // to [r, g, b] 0..255 and alpha 0..1, by painting one pixel.
  const memo = new Map();
  const rgba = (css) => {
    if (memo.has(css)) return memo.get(css);
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    const v = a === 0 ? { rgb: [0, 0, 0], a: 0 } : { rgb: [r, g, b], a: a / 255 };
    memo.set(css, v);
    return v;
  };
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      let p = e.localName;
      if (e.id) { parts.unshift(`${p}#${e.id}`); break; }
      if (e.classList.length) p += '.' + [...e.classList].join('.');
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  // the background behind el: [r, g, b], or a reason it cannot be known
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== 'none') return { skip: `background image on ${name(e)}` };
      const c = rgba(cs.backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    let base = [255, 255, 255];   // the canvas behind everything
    for (let i = layers.length - 1; i >= 0; i--) base = M.over(layers[i].rgb, layers[i].a, base);
    return { rgb: base };
  };
  const fade = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const large = (cs) => {
    const px = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
    return px >= 24 || (bold && px >= 18.66);
  };
  const ownText = (el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
  const offenders = [], skipped = [];
  let measured = 0;
  const measure = (el, text, cs, colour) => {
    const bg = background(el);
    if (bg.skip) { skipped.push({ sel: name(el), text, why: bg.skip }); return; }
    const c = rgba(colour);
    const fg = M.over(M.over(c.rgb, c.a, bg.rgb), fade(el), bg.rgb);
    const ratio = M.contrast(fg, bg.rgb);
    const need = large(cs) ? 3 : 4.5;
    measured++;
    if (ratio < need - 0.005) {
      offenders.push({ sel: name(el), text: text.slice(0, 50), ratio: Math.round(ratio * 100) / 100, need,
        fg: `rgb(${fg.map(Math.round).join(',')})`, bg: `rgb(${bg.rgb.map(Math.round).join(',')})` });
    }
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (['script', 'style', 'noscript', 'template', 'option'].includes(el.localName)) continue;
    if (el.closest('svg')) {
      if (el.localName === 'text' && el.textContent.trim()) skipped.push({ sel: name(el), text: el.textContent.trim().slice(0, 50), why: 'SVG text' });
      continue;
    }
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.bottom <= 0) continue;   // screen-reader only, off-screen
    if (el.closest('[disabled], [aria-disabled=true]')) continue;
    const cs = getComputedStyle(el);
    const field = ['input', 'select', 'textarea'].includes(el.localName);
    if (field) {
      if (['hidden', 'checkbox', 'radio', 'range', 'color', 'submit', 'button', 'image', 'file'].includes(el.type)) continue;
      const value = el.localName === 'select' ? (el.selectedOptions[0] || {}).text || '' : el.value;
      if (value) measure(el, value, cs, cs.color);
      else if (el.placeholder) measure(el, `placeholder: ${el.placeholder}`, cs, getComputedStyle(el, '::placeholder').color);
      continue;
    }
    const text = ownText(el);
    if (text) measure(el, text, cs, cs.color);
  }
  return { offenders, skipped, measured };
}

// The text on this page below WCAG AA contrast: { offenders: [{ sel, text,
// ratio, need, fg, bg }], skipped: [{ sel, text, why }], measured }.
export async function contrastOffenders(page) {
  return page.evaluate(`(${pageContrast})(${colourMath})`);
}

// Offenders in words, one per selector and colour pair (with how many).
export function describeOffenders(offenders) {
  const seen = new Map();
  for (const o of offenders) {
    const key = `${o.sel} ${o.fg} ${o.bg}`;
    if (seen.has(key)) seen.get(key).n++;
    else seen.set(key, { ...o, n: 1 });
  }
  return [...seen.values()].map((o) => `${o.sel} "${o.text}" ${o.ratio}:1 (needs ${o.need}:1, ` +
    `${o.fg} on ${o.bg})${o.n > 1 ? ` x${o.n}` : ''}`).join('; ');
}

// Fails naming every offender (selector, text, ratio against what AA needs).
export async function checkContrast(page, where) {
  const { offenders, measured } = await contrastOffenders(page);
  check(measured > 0, `${where}: no text measured`);
  check(offenders.length === 0, `${where}: ${offenders.length} below WCAG AA: ${describeOffenders(offenders)}`);
}
