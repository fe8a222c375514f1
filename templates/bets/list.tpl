{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>My bets</h1>
  {{#PLACED}}<div class="notice" role="status"><p>Bet placed. The stake is now in play.</p></div>{{/PLACED}}
  <p class="tabs">{{#FILTERS}}<a href="/bets?status={{KEY}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a> {{/FILTERS}}</p>
  <div class="table-wrap">
  <table class="bets">
    <thead><tr><th scope="col">Event</th><th scope="col">Selection</th><th scope="col" class="num">Odds</th><th scope="col" class="num">Stake</th><th scope="col">Result</th><th scope="col" class="num">Returns</th></tr></thead>
    <tbody>
{{#BETS}}      <tr class="bet-{{STATUS}}">
        <td><a href="/events/{{EVENT_ID}}">{{EVENT}}</a><br><span class="muted small">{{COMPETITION}} · <time datetime="{{STARTS_AT}}">{{STARTS_AT}}</time></span>{{#NOTES}}<br><span class="small">“{{TEXT}}”</span>{{/NOTES}}</td>
        <td>{{SELECTION}}<br><span class="muted small">{{MARKET}}{{#CONFIDENCE}} · confidence {{VALUE}}/10{{/CONFIDENCE}}</span>{{>COPIED_FROM}}</td>
        <td class="num">{{ODDS}}{{#SETTLED}}{{#CLOSING}}<br><span class="muted small">close {{CLOSING}}</span>{{/CLOSING}}{{/SETTLED}}</td>
        <td class="num">{{STAKE}}</td>
        <td><span class="status status-{{STATUS}}">{{STATUS_LABEL}}</span> <a class="small" href="/posts/new?bet_id={{BET_ID}}">Post about it</a>{{#SETTLED}}{{#SCORE}}<br><span class="muted small">{{SCORE}}</span>{{/SCORE}}{{/SETTLED}}</td>
        <td class="num">{{#OPEN}}<span class="muted">to return</span> {{POTENTIAL}}{{/OPEN}}{{#SETTLED}}{{PAYOUT}}<br><span class="small {{SIGN}}">{{PROFIT}}</span>{{/SETTLED}}</td>
      </tr>
{{/BETS}}
    </tbody>
  </table>
  </div>
  {{#NO_BETS}}<p class="muted">No bets here yet. <a href="/events">Browse upcoming events</a>.</p>{{/NO_BETS}}
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Newer</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}">Older</a>{{/NEXT}}</p>
</section>
