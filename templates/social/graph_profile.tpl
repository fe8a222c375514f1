{{%AUTOESCAPE context="HTML"}}{{#G_FLASH}}<div class="notice" role="status" id="graph-flash"><p>{{MSG}}</p></div>
{{/G_FLASH}}<p class="graph">
  <span class="tier tier-{{G_TIER}}" data-tier="{{G_TIER}}">{{G_TIER}}</span>
  <a href="/u/{{G_USERNAME}}/followers"><strong data-count="followers">{{G_FOLLOWERS}}</strong> followers</a>
  · <a href="/u/{{G_USERNAME}}/following"><strong data-count="following">{{G_FOLLOWING}}</strong> following</a>
{{#G_COPY}}  · <strong data-count="copiers">{{G_COPIERS}}</strong> copiers
  · <strong data-count="copied_volume">{{G_COPIED}}</strong> {{G_CURRENCY}} copied
{{/G_COPY}}</p>
{{#G_BUTTONS}}<div class="graph-buttons">
{{#G_FOLLOW}}  <form method="post" action="/u/{{G_USERNAME}}/follow" class="inline">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="small">Follow</button>
  </form>
{{/G_FOLLOW}}{{#G_UNFOLLOW}}  <form method="post" action="/u/{{G_USERNAME}}/unfollow" class="inline">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="small secondary">Unfollow</button>
  </form>
{{/G_UNFOLLOW}}{{#G_COPY_START}}  <a class="button small" href="/u/{{G_USERNAME}}/copy">Copy</a>
{{/G_COPY_START}}{{#G_COPYING}}  <a class="button small ghost" href="/copy">You copy this member</a>
{{/G_COPYING}}{{#G_BLOCK}}  <form method="post" action="/u/{{G_USERNAME}}/block" class="inline">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="small linklike">Block</button>
  </form>
{{/G_BLOCK}}{{#G_UNBLOCK}}  <p class="muted small">You have blocked this member.</p>
  <form method="post" action="/u/{{G_USERNAME}}/unblock" class="inline">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="small secondary">Unblock</button>
  </form>
{{/G_UNBLOCK}}</div>
{{/G_BUTTONS}}{{#G_SIGNED_OUT_COPY}}<div class="graph-buttons"><a class="button small" href="/u/{{G_USERNAME}}/copy">Copy</a></div>
{{/G_SIGNED_OUT_COPY}}
