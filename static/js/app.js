// Tailgate page behaviour: live notifications over server-sent events.
// No inline script anywhere (the CSP forbids it); this file is all there is.
(function () {
  'use strict';

  var body = document.body;
  var url = body.getAttribute('data-live');
  var badge = document.getElementById('unread-badge');

  // What this page already counts: the badge was rendered with the stored
  // unread count and the ids of the member's notifications of the last few
  // minutes (data-known, app/notify notify_layout_vars), the ones nchan may
  // still replay to a new subscriber. A notification event is new to the
  // page only if its id is in neither that list nor the page; a new one
  // toasts once, and the badge is then set from the stored count (recount),
  // never incremented: replays, repeated deliveries and reads in another tab
  // cannot skew it. docs/architecture.md, "Live notifications in the page".
  var known = {};
  ((badge && badge.getAttribute('data-known')) || '').split(' ').forEach(function (id) {
    if (id) known[id] = true;
  });
  function onPage(id) {
    return document.querySelector('[data-notification-id="' + CSS.escape(id) + '"]') !== null;
  }

  // A path on this site, as the server stores them (app/social
  // social_link_local): one leading "/", never "//" or "/\" (another host to
  // the browser) and no control character (browsers drop tabs and newlines,
  // so "/\t/host" would become "//host").
  function localPath(link) {
    return typeof link === 'string' && /^\/(?![\/\\])[^\x00-\x1f\x7f]*$/.test(link);
  }

  function setBadge(n) {
    if (!badge) return;
    badge.setAttribute('data-count', String(n));
    badge.textContent = String(n);
    badge.hidden = n <= 0;
    if (n > 0) return;
    var unread = document.querySelectorAll('#notifications .note.unread');
    for (var i = 0; i < unread.length; i++) unread[i].classList.remove('unread');
  }

  // The stored unread count, asked again after something changed it; one
  // request at a time, and one more if a change came in meanwhile, so the
  // last answer is never older than the last event.
  var counting = false, again = false;
  function recount() {
    if (!badge || !window.fetch) return;
    if (counting) { again = true; return; }
    counting = true;
    window.fetch('/social/notifications', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j && typeof j.unread === 'number') setBadge(j.unread); })
      .catch(function () { /* the next event or page load corrects it */ })
      .then(function () {
        counting = false;
        if (again) { again = false; recount(); }
      });
  }

  function toast(n) {
    var box = document.getElementById('toasts');
    if (!box) return;
    var t = document.createElement('div');
    t.className = 'toast';
    t.setAttribute('data-notification-id', n.id);
    var strong = document.createElement('strong');
    strong.textContent = n.title;
    var p = document.createElement('p');
    p.textContent = n.body;
    t.appendChild(strong);
    t.appendChild(p);
    box.appendChild(t);
    setTimeout(function () { t.classList.add('leaving'); }, 8000);
    setTimeout(function () { t.remove(); }, 8600);
  }

  function prepend(n) {
    var list = document.getElementById('notifications');
    if (!list) return;
    var li = document.createElement('li');
    li.className = 'note unread';
    li.setAttribute('data-notification-id', n.id);
    var a = document.createElement('a');
    a.href = localPath(n.link) ? n.link : '/notifications';
    var strong = document.createElement('strong');
    strong.textContent = n.title;
    a.appendChild(strong);
    var span = document.createElement('span');
    span.textContent = n.body;
    li.appendChild(a);
    li.appendChild(span);
    list.insertBefore(li, list.firstChild);
    var empty = document.getElementById('no-notifications');
    if (empty) empty.remove();
  }

  function onNotification(ev) {
    var n;
    try { n = JSON.parse(ev.data); } catch (e) { return; }
    if (!n || !n.id || known[n.id] || onPage(n.id)) return;
    known[n.id] = true;
    prepend(n);
    toast(n);
    recount();
  }

  // A post by someone the member follows: on top of an open feed (text
  // only, through textContent), with the notice that the feed has news.
  function onPost(ev) {
    var p, feed = document.getElementById('feed');
    try { p = JSON.parse(ev.data); } catch (e) { return; }
    if (!feed || !p || !p.post_id || !/^\/posts\/[0-9a-f-]{36}$/.test(p.link || '')) return;
    if (feed.querySelector('[data-post-id="' + CSS.escape(p.post_id) + '"]')) return;
    var li = document.createElement('li');
    var art = document.createElement('article');
    art.className = 'card post post-live';
    art.setAttribute('data-post-id', p.post_id);
    var who = document.createElement('p');
    who.className = 'muted small';
    who.textContent = (p.shared_by ? p.shared_by + ' shared a post by ' : 'New post by ') +
      p.author_display_name + ' (@' + p.author_username + ')';
    var a = document.createElement('a');
    a.href = p.link;
    a.textContent = p.excerpt;
    var text = document.createElement('p');
    text.appendChild(a);
    art.appendChild(who);
    art.appendChild(text);
    li.appendChild(art);
    feed.insertBefore(li, feed.firstChild);
    var note = document.getElementById('feed-new');
    if (note) note.hidden = false;
  }

  if (url && window.EventSource) {
    var es = new EventSource(url);
    es.addEventListener('notification', onNotification);
    es.addEventListener('post', onPost);
    // Every notification marked read (in another tab, or through the API).
    es.addEventListener('read', recount);
    es.onmessage = onNotification;
  }
})();
