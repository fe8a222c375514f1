// static/js/app.js links a live notification only to a path on this site:
// the script runs here against a minimal page (no browser needed) and is fed
// notifications as nchan would push them. Prints "N passed, M failed".
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const src = readFileSync(fileURLToPath(new URL('../../static/js/app.js', import.meta.url)), 'utf8');

function element(tag) {
  return {
    tag, attrs: {}, children: [], classList: { add() {} }, textContent: '', hidden: false,
    setAttribute(k, v) { this.attrs[k] = String(v); },
    getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; },
    appendChild(c) { this.children.push(c); return c; },
    insertBefore(c) { this.children.unshift(c); return c; },
    get firstChild() { return this.children[0] || null; },
    remove() {},
  };
}

// One page with a notification list; returns the href the script gave the
// list item of a notification with this link.
function hrefFor(link) {
  const list = element('ul');
  const listeners = {};
  const body = element('body');
  body.setAttribute('data-live', '/live/00000000-0000-4000-8000-000000000001');
  const document = {
    body,
    getElementById: (id) => (id === 'notifications' ? list : null),
    querySelector: () => null,
    createElement: element,
  };
  const store = {};
  const window = {
    EventSource: function () {
      this.addEventListener = (name, fn) => { listeners[name] = fn; };
    },
  };
  vm.runInNewContext(src, {
    document, window, CSS: { escape: (s) => s }, setTimeout: () => 0,
    sessionStorage: { getItem: (k) => store[k] || null, setItem: (k, v) => { store[k] = v; } },
    EventSource: window.EventSource,
  });
  listeners.notification({ data: JSON.stringify({ id: 'n-' + Math.random(), title: 't', body: 'b', link }) });
  const li = list.children[0];
  return li && li.children[0] ? li.children[0].href : undefined;
}

let passed = 0;
let failed = 0;
function check(link, want) {
  const got = hrefFor(link);
  if (got === want) { passed++; console.log(`ok - link ${JSON.stringify(link)} -> ${got}`); }
  else { failed++; console.log(`not ok - link ${JSON.stringify(link)}: href ${JSON.stringify(got)}, want ${want}`); }
}

check('/posts/0190abcd', '/posts/0190abcd');
check('/wallet?x=1', '/wallet?x=1');
check('//evil.example/x', '/notifications');
check('/\\evil.example/x', '/notifications');
check('/\t/evil.example', '/notifications');
check('https://evil.example/', '/notifications');
check('javascript:alert(1)', '/notifications');
check(null, '/notifications');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
