{{%AUTOESCAPE context="HTML"}}<section class="card search">
  <h1>Search</h1>
  <nav class="tabs" aria-label="What to search">
    <a href="{{HREF_POSTS}}"{{#TYPE_POSTS}} aria-current="page"{{/TYPE_POSTS}}>Posts</a>
    <a href="{{HREF_USERS}}"{{#TYPE_USERS}} aria-current="page"{{/TYPE_USERS}}>Members</a>
  </nav>
  <form method="get" action="/search" class="filters" role="search">
    <label>Search <input type="search" name="q" value="{{Q}}" maxlength="100" autofocus></label>
    {{#TYPE_USERS}}<input type="hidden" name="type" value="users">{{/TYPE_USERS}}
    {{#TYPE_POSTS}}<input type="hidden" name="type" value="posts">
    <label>Sport <select name="sport"><option value="">Every sport</option>{{#SPORTS}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/SPORTS}}</select></label>
    <label>Tag <input type="text" name="tag" value="{{TAG}}" maxlength="51" placeholder="#tag"></label>{{/TYPE_POSTS}}
    <button type="submit" class="button small">Search</button>
  </form>
{{#ERRORS}}  <p class="error" role="alert" data-field="{{FIELD}}">{{LABEL}} {{MSG}}</p>
{{/ERRORS}}
  {{#RESULTS_FOR}}<p class="muted small">Results for “{{Q}}” · page {{PAGE}}</p>{{/RESULTS_FOR}}
  {{#BROWSE_TAG}}<p class="muted small">Posts tagged #{{TAG}}, newest first · page {{PAGE}}</p>{{/BROWSE_TAG}}
  <ul class="graph-list search-users">
{{#USERS}}    <li><a href="/u/{{USERNAME}}"><strong>{{DISPLAY_NAME}}</strong></a> <span class="muted">@{{USERNAME}}</span>
      <span class="tier tier-{{TIER}}">{{TIER}}</span> <span class="muted small">{{FOLLOWERS}} followers</span></li>
{{/USERS}}  </ul>
  <ol class="search-posts">
{{#POSTS}}    <li class="search-post">
      <p><a href="/posts/{{POST_ID}}"><strong>{{#TITLE}}{{TEXT}}{{/TITLE}}{{#NO_TITLE}}{{TYPE_LABEL}}{{/NO_TITLE}}</strong></a>
        <span class="muted small">by <a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> <span class="tier tier-{{TIER}}">{{TIER}}</span> · {{CREATED_AT}}{{#SPORT}} · {{NAME}}{{/SPORT}}</span></p>
      <p class="snippet">{{#SNIPPET}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{#HIT}}<mark>{{TEXT}}</mark>{{/HIT}}{{/SNIPPET}}</p>
      <p class="muted small">{{#TAGS}}<a href="{{HREF}}" class="tag">#{{TAG}}</a> {{/TAGS}}{{LIKES}} likes · {{COMMENTS}} comments</p>
    </li>
{{/POSTS}}  </ol>
  {{#NO_RESULTS}}<p class="muted">Nothing found. Try fewer or different words{{#TYPE_USERS}}, or part of a name{{/TYPE_USERS}}.</p>{{/NO_RESULTS}}
  <p class="pager">{{#PREV}}<a href="{{HREF}}" rel="prev">Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}" rel="next">Next</a>{{/NEXT}}</p>
</section>
