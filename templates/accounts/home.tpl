{{%AUTOESCAPE context="HTML"}}<section class="grid two">
  <div>
    <h1>Welcome, {{DISPLAY_NAME}}</h1>
    <p class="muted">Member since {{MEMBER_SINCE}} · <span class="role">{{ROLE}}</span></p>
    <article class="card">
      <h2>Your profile</h2>
      <p>{{BIO}}</p>
      <p>{{#SPORTS}}<span class="chip">{{SPORT_LABEL}}</span> {{/SPORTS}}</p>
      <p><a href="/settings/profile">Edit profile</a> · <a href="/u/{{USERNAME}}">View public page</a></p>
    </article>
  </div>
  <aside class="card" aria-labelledby="notes-title">
    <h2 id="notes-title">Notifications {{#HAS_UNREAD}}<span class="badge">{{UNREAD}} new</span>{{/HAS_UNREAD}}</h2>
    <ul class="notifications" id="notifications">
{{#NOTIFICATIONS}}
      <li data-notification-id="{{ID}}" class="note{{#UNREAD_ITEM}} unread{{/UNREAD_ITEM}}">
        <a href="{{LINK}}"><strong>{{TITLE}}</strong></a>
        <span>{{BODY}}</span>
        <time datetime="{{WHEN}}">{{WHEN}}</time>
      </li>
{{/NOTIFICATIONS}}
    </ul>
    {{#NO_NOTIFICATIONS}}<p class="muted" id="no-notifications">Nothing yet. New activity appears here as it happens.</p>{{/NO_NOTIFICATIONS}}
    <p><a href="/notifications">All notifications</a></p>
  </aside>
</section>
