// static/js/app.js links a live notification only to a path on this site,
// and shows none that the page already counts (the badge's data-known: nchan
// replays its recent messages to a new page): the script runs here against a
// minimal page (no browser needed) and is fed notifications as nchan would
// push them. Prints "N passed, M failed".
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

// One page with a notification list (and a badge that knows the ids in
// known); feeds it the notifications and returns the list.
function pageFed(notes, known = '') {
  const list = element('ul');
  const badge = element('span');
  badge.setAttribute('data-known', known);
  const listeners = {};
  const body = element('body');
  body.setAttribute('data-live', '/live/00000000-0000-4000-8000-000000000001');
  const document = {
    body,
    getElementById: (id) => (id === 'notifications' ? list : id === 'unread-badge' ? badge : null),
    querySelector: () => null,
    createElement: element,
  };
  const window = {
    EventSource: function () {
      this.addEventListener = (name, fn) => { listeners[name] = fn; };
    },
  };
  vm.runInNewContext(src, {
    document, window, CSS: { escape: (s) => s }, setTimeout: () => 0,
    EventSource: window.EventSource,
  });
  for (const n of notes) listeners.notification({ data: JSON.stringify(n) });
  return list;
}

// The href the script gave the list item of a notification with this link.
function hrefFor(link) {
  const list = pageFed([{ id: 'n-' + Math.random(), title: 't', body: 'b', link }]);
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
// Replayed notifications the page knows are not shown again; a new one once.
{
  const note = (id) => ({ id, title: 't', body: 'b', link: '/wallet' });
  const list = pageFed([note('old-1'), note('old-2'), note('new-1'), note('new-1')], 'old-2 old-1');
  const ids = list.children.map((li) => li.getAttribute('data-notification-id')).join(' ');
  if (ids === 'new-1') { passed++; console.log('ok - known notifications are not shown again, a new one once'); }
  else { failed++; console.log(`not ok - known notifications: the list shows "${ids}", want "new-1"`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
