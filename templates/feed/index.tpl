{{%AUTOESCAPE context="HTML"}}<section class="feed-head">
  <h1>Your feed</h1>
  <p class="muted small">Posts by the people you follow first, then from people they follow, what is hot in your sports, and analyses for newcomers. <a href="/posts/new">Write a post</a> · <a href="/feed">Refresh</a></p>
  <p id="feed-new" class="notice" role="status" hidden>New posts from people you follow: <a href="/feed">show them</a>.</p>
</section>
<ol class="feed" id="feed" data-live-feed>
{{#ITEMS}}  <li><article class="card post post-{{POST_TYPE}}" data-post-id="{{POST_ID}}">
    <p class="muted small"><span class="chip">{{TYPE_LABEL}}</span> by <a href="/u/{{AUTHOR_USERNAME}}">{{AUTHOR_DISPLAY}}</a> <span class="tier tier-{{AUTHOR_TIER}}">{{AUTHOR_TIER}}</span> · <time datetime="{{CREATED_AT}}">{{CREATED_AT}}</time>{{#SPORT}} · {{NAME}}{{/SPORT}}{{#EDITED}} · edited{{/EDITED}}</p>
    {{#TITLE}}<h2><a href="/posts/{{POST_ID}}">{{TEXT}}</a></h2>{{/TITLE}}
    {{#BET}}<p class="bet-summary-line bet-{{STATUS}}"><a href="/events/{{EVENT_ID}}">{{EVENT}}</a>: {{SELECTION}} <span class="muted small">{{MARKET}}</span> at {{ODDS}}, stake {{STAKE}}, to return {{POTENTIAL}} · <span class="status status-{{STATUS}}" data-bet-result="{{STATUS}}">{{STATUS_LABEL}}</span>{{#SETTLED}} · paid {{PAYOUT}}{{#SCORE}} ({{SCORE}}){{/SCORE}}{{/SETTLED}}{{>COPIED_FROM}}</p>{{/BET}}
    <div class="post-content">{{CONTENT}}</div>
    <p>{{#TAGS}}<a class="chip" href="/search?type=posts&amp;tag={{TAG}}">#{{TAG}}</a> {{/TAGS}}</p>
    <p class="post-counts small"><a href="/posts/{{POST_ID}}">{{LIKES}} likes{{#LIKED}} (you){{/LIKED}} · {{COMMENTS}} comments · {{SHARES}} shares · {{COPIES}} copies</a></p>
  </article></li>
{{/ITEMS}}</ol>
{{#EMPTY}}<section class="card"><p>Nothing here yet. Follow a few bettors from the <a href="/leaderboards">leaderboards</a> and their posts will show up here.</p></section>{{/EMPTY}}
{{#MORE}}<p class="pager"><a href="{{HREF}}" rel="next">Older posts</a></p>{{/MORE}}
