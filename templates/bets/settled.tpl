{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Settled bets</h1>
  <p class="muted">of <a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> <span>@{{USERNAME}}</span></p>
  <p class="small">Every pick of this member that has settled, newest first; amounts in {{CURRENCY}}. The number of each bet is its place in the settlement order: the figures on the profile count the bets in that order, so anyone can recompute the streaks, the drawdown and the return from this list (also as JSON: <a href="/social/users/{{USER_ID}}/bets">/social/users/{{USER_ID}}/bets</a>). Open bets stay private, and copied bets belong to the record of the member they copy.</p>
  {{>SOCIAL_GRAPH}}
  <div class="table-wrap">
  <table class="settled-bets">
    <thead><tr><th scope="col">Bet</th><th scope="col" class="num">Odds</th><th scope="col" class="num">Stake</th><th scope="col">Result</th><th scope="col" class="num">Profit</th><th scope="col">Settled</th></tr></thead>
    <tbody>
{{#BETS}}      <tr data-settlement-seq="{{SEQ}}">
        <td class="sb-bet"><a href="/events/{{EVENT_ID}}">{{EVENT}}</a><br><strong>{{SELECTION}}</strong> <span class="muted small">{{MARKET}}</span><br><span class="muted small">{{COMPETITION}} · kick-off {{STARTS_HUMAN}} UTC</span></td>
        <td class="num sb-odds" data-label="Odds">{{ODDS}}{{#SETTLED}}{{#CLOSING}}<br><span class="muted small">close {{CLOSING}}</span>{{/CLOSING}}{{/SETTLED}}</td>
        <td class="num sb-stake" data-label="Stake">{{STAKE}}</td>
        <td class="sb-result"><span class="result result-{{STATUS}}">{{STATUS_LABEL}}</span>{{#SETTLED}}{{#SCORE}} <span class="muted small">{{SCORE}}</span>{{/SCORE}}{{/SETTLED}}</td>
        <td class="num sb-profit" data-label="Profit">{{#SETTLED}}<span class="{{SIGN}}">{{PROFIT}}</span>{{/SETTLED}}</td>
        <td class="sb-when"><time datetime="{{SETTLED_ISO}}">{{SETTLED_HUMAN}} UTC</time><br><span class="muted small">No. {{SEQ}}</span></td>
      </tr>
{{/BETS}}
    </tbody>
  </table>
  </div>
  {{#NO_BETS}}<p class="muted">No settled bets yet.</p>{{/NO_BETS}}
  {{#NO_MORE}}<p class="muted">No older settled bets.</p>{{/NO_MORE}}
  <p class="pager">{{#NEWEST}}<a href="{{HREF}}">Newest</a>{{/NEWEST}} {{#OLDER}}<a href="{{HREF}}" rel="next">Older</a>{{/OLDER}}</p>
</section>
