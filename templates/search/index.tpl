{{%AUTOESCAPE context="HTML"}}<section class="card search-page">
  <h1>Search</h1>
  <nav class="tabs" aria-label="What to search">
    <a href="{{HREF_ALL}}"{{#TYPE_ALL}} aria-current="page"{{/TYPE_ALL}}>All</a>
    <a href="{{HREF_USERS}}"{{#TYPE_USERS}} aria-current="page"{{/TYPE_USERS}}>Members</a>
    <a href="{{HREF_POSTS}}"{{#TYPE_POSTS}} aria-current="page"{{/TYPE_POSTS}}>Posts</a>
  </nav>
  <form method="get" action="/search" class="filters" role="search">
    <label>Search <input type="search" name="q" value="{{Q}}" maxlength="100" autofocus></label>
    {{#TYPE_ALL}}<input type="hidden" name="type" value="all">{{/TYPE_ALL}}
    {{#TYPE_USERS}}<input type="hidden" name="type" value="users">{{/TYPE_USERS}}
    {{#TYPE_POSTS}}<input type="hidden" name="type" value="posts">
    <label>Sport <select name="sport"><option value="">Every sport</option>{{#SPORTS}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/SPORTS}}</select></label>
    <label>Tag <input type="text" name="tag" value="{{TAG}}" maxlength="51" placeholder="#tag"></label>{{/TYPE_POSTS}}
    <button type="submit" class="button small">Search</button>
  </form>
{{#ERRORS}}  <p class="error" role="alert" data-field="{{FIELD}}">{{LABEL}} {{MSG}}</p>
{{/ERRORS}}
  {{#RESULTS_FOR}}<p class="muted small">Results for “{{Q}}”{{#PAGED}} · page {{PAGE}}{{/PAGED}}</p>{{/RESULTS_FOR}}
{{#MEMBERS_PART}}  <section class="search-part">
    {{#HEADING}}<h2>Members</h2>{{/HEADING}}
    <ul class="graph-list search-members search-results" aria-label="Members">
{{#USERS}}      <li><a href="/u/{{USERNAME}}"><strong>{{DISPLAY_NAME}}</strong></a> <span class="muted">@{{USERNAME}}</span>
        <span class="tier tier-{{TIER}}">{{TIER}}</span> <span class="muted small">{{FOLLOWERS}}</span></li>
{{/USERS}}    </ul>
    {{#NONE}}<p class="muted">No member found. Try part of a name.</p>{{/NONE}}
    {{#ALL_MEMBERS}}<p><a class="all-members" href="{{HREF}}">All members matching “{{Q}}”</a></p>{{/ALL_MEMBERS}}
    <p class="pager">{{#PREV}}<a href="{{HREF}}" rel="prev">Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}" rel="next">Next</a>{{/NEXT}}</p>
  </section>
{{/MEMBERS_PART}}{{#POSTS_PART}}  <section class="search-part">
    {{#HEADING}}<h2>Posts</h2>{{/HEADING}}
    {{#BROWSE_TAG}}<p class="muted small">Posts tagged #{{TAG}}, newest first</p>{{/BROWSE_TAG}}
    {{#SIMILAR_TOO}}<p class="muted small">Few posts match “{{Q}}” as typed; posts with similar words follow.</p>{{/SIMILAR_TOO}}
    {{#SIMILAR_ONLY}}<p class="muted small">No post matches “{{Q}}” as typed; these have similar words.</p>{{/SIMILAR_ONLY}}
    <ol class="search-posts search-results" aria-label="Posts">
{{#POSTS}}      <li class="search-post">
        <p><a href="/posts/{{POST_ID}}"><strong>{{#TITLE}}{{TEXT}}{{/TITLE}}{{#NO_TITLE}}{{TYPE_LABEL}}{{/NO_TITLE}}</strong></a>
          <span class="muted small">by <a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> <span class="tier tier-{{TIER}}">{{TIER}}</span> · <time datetime="{{CREATED_AT}}">{{WHEN}} UTC</time>{{#SPORT}} · {{NAME}}{{/SPORT}}</span></p>
        <p class="snippet">{{#SNIPPET}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{#HIT}}<mark>{{TEXT}}</mark>{{/HIT}}{{/SNIPPET}}</p>
        <p class="muted small">{{#TAGS}}<a href="{{HREF}}" class="tag">#{{TAG}}</a> {{/TAGS}}{{LIKES}} · {{COMMENTS}}</p>
      </li>
{{/POSTS}}    </ol>
    {{#NONE}}<p class="muted">No post found. Try fewer or different words.</p>{{/NONE}}
    <p class="pager">{{#PREV}}<a href="{{HREF}}" rel="prev">Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}" rel="next">Next</a>{{/NEXT}}</p>
  </section>
{{/POSTS_PART}}</section>
