{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}} · {{TENANT_NAME}}</title>
<link rel="stylesheet" href="/static/css/app.css">
<link rel="stylesheet" href="/brand.css">
<link rel="icon" href="/favicon.ico">
<script src="/static/js/app.js" defer></script>
</head>
<body data-live="{{LIVE_URL}}">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap bar">
    <a class="brand" href="/"><img src="{{TENANT_LOGO}}" alt="" width="36" height="36"><span class="brand-name">{{TENANT_NAME}}</span></a>
    {{#HAS_TENANT}}<span class="mode mode-{{MONEY_MODE}}" title="Balances on this site are {{MONEY_MODE_LABEL}}">{{MONEY_MODE_LABEL}}</span>{{/HAS_TENANT}}
    <form method="get" action="/search" class="site-search" role="search"><input type="search" name="q" maxlength="100" placeholder="Search posts and members" aria-label="Search posts and members"></form>
    <nav aria-label="Main" class="nav">
      <a href="/events">Events</a>
      <a href="/leaderboards">Leaderboards</a>
{{#SIGNED_IN}}
      <a href="/">Home</a>
      <a href="/feed">Feed</a>
      <a href="/notifications" class="bell">Notifications <span class="badge" id="unread-badge" data-known="{{NAV_KNOWN}}" data-count="{{NAV_UNREAD}}"{{#NAV_NO_UNREAD}} hidden{{/NAV_NO_UNREAD}}>{{NAV_UNREAD}}</span></a>
      <a href="/bets">My bets</a>
{{#COPY_TRADING}}      <a href="/copy">Copying</a>
{{/COPY_TRADING}}      <a href="/wallet" class="cash" title="Cash available">{{NAV_CASH}} {{CURRENCY}}</a>
      <a href="/u/{{USERNAME}}" class="me">{{DISPLAY_NAME}}</a>
      <a href="/settings/profile">Settings</a>
{{/SIGNED_IN}}
{{#IS_ADMIN}}      <a href="/admin/users">Admin</a>
{{/IS_ADMIN}}
{{#SIGNED_IN}}
      <form method="post" action="/signout" class="inline">
        <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
        <button type="submit" class="linklike">Sign out</button>
      </form>
{{/SIGNED_IN}}
{{#SIGNED_OUT}}
      <a href="/signin">Sign in</a>
      <a class="button small" href="/signup">Join free</a>
{{/SIGNED_OUT}}
    </nav>
  </div>
</header>
<main id="main" class="wrap">
{{>BODY}}
</main>
<div id="toasts" class="toasts" role="status" aria-live="polite"></div>
<footer class="site-footer">
  <div class="wrap">
    <p><strong>{{TENANT_NAME}}</strong>{{#HAS_TENANT}} — {{TENANT_TAGLINE}}{{/HAS_TENANT}}</p>
    <p class="muted small">Bet responsibly. 18+ only. Past results do not guarantee future returns.</p>
  </div>
</footer>
</body>
</html>
