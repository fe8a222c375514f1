{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Notifications {{#HAS_UNREAD}}<span class="badge">{{UNREAD}} new</span>{{/HAS_UNREAD}}</h1>
  {{#HAS_UNREAD}}<form method="post" action="/notifications/read" class="inline">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="small">Mark all as read</button>
  </form>{{/HAS_UNREAD}}
  <ul class="notifications" id="notifications">
{{#NOTIFICATIONS}}
    <li data-notification-id="{{ID}}" class="note{{#UNREAD_ITEM}} unread{{/UNREAD_ITEM}}">
      <a href="{{LINK}}"><strong>{{TITLE}}</strong></a>
      <span>{{BODY}}</span>
      <time datetime="{{WHEN}}">{{WHEN}}</time>
    </li>
{{/NOTIFICATIONS}}
  </ul>
  {{#NO_NOTIFICATIONS}}<p class="muted" id="no-notifications">No notifications yet.</p>{{/NO_NOTIFICATIONS}}
</section>
