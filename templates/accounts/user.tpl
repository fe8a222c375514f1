{{%AUTOESCAPE context="HTML"}}<section class="card profile">
  <div class="avatar" aria-hidden="true">{{P_INITIAL}}</div>
  <div>
    <h1>{{P_DISPLAY_NAME}}</h1>
    <p class="muted">@{{P_USERNAME}} · member since {{P_SINCE}}{{#P_STAFF}} · <span class="role">{{P_ROLE}}</span>{{/P_STAFF}}</p>
    {{>SOCIAL_GRAPH}}
    <p class="bio">{{P_BIO}}</p>
    <p>{{#SPORTS}}<span class="chip">{{SPORT_LABEL}}</span> {{/SPORTS}}</p>
    <p class="small"><a href="/u/{{P_USERNAME}}/bets">Settled bets</a> <span class="muted">· every settled pick behind the figures, in the order they were counted</span></p>
  </div>
</section>
{{!-- PERFORMANCE was rendered from profiles/performance.tpl, itself
     auto-escaped; :none keeps it from being escaped twice. --}}{{PERFORMANCE:none}}
{{>COPYING}}
{{>POSTS}}
