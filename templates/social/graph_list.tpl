{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>{{G_WHAT}} of <a href="/u/{{G_USERNAME}}">{{G_DISPLAY_NAME}}</a></h1>
  <nav class="tabs" aria-label="Follow lists">
    <a href="/u/{{G_USERNAME}}/followers"{{#G_ON_FOLLOWERS}} aria-current="page"{{/G_ON_FOLLOWERS}}>Followers</a>
    <a href="/u/{{G_USERNAME}}/following"{{#G_ON_FOLLOWING}} aria-current="page"{{/G_ON_FOLLOWING}}>Following</a>
  </nav>
  <p class="muted small" data-total="{{G_TOTAL}}">{{G_TOTAL}} in all · page {{G_PAGE}} of {{G_PAGES}}</p>
  <ul class="graph-list">
{{#G_USERS}}    <li><a href="/u/{{USERNAME}}"><strong>{{DISPLAY_NAME}}</strong></a> <span class="muted">@{{USERNAME}}</span>
      <span class="tier tier-{{TIER}}">{{TIER}}</span> <span class="muted small">{{FOLLOWERS}} followers</span></li>
{{/G_USERS}}  </ul>
  {{#G_EMPTY}}<p class="muted">Nobody yet.</p>{{/G_EMPTY}}
  <p class="pager">{{#PREV}}<a href="{{HREF}}" rel="prev">Previous</a>{{/PREV}} Page {{G_PAGE}} {{#NEXT}}<a href="{{HREF}}" rel="next">Next</a>{{/NEXT}}</p>
</section>
