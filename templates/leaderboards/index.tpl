{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Leaderboards</h1>
  <p class="muted small">From every bet settled on this site; amounts in {{CURRENCY}}. Ranked over {{TIMEFRAME_LABEL}}, members with at least {{MIN_BETS}} bets.</p>
  <nav class="tabs" aria-label="Timeframe">{{#TABS}}<a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a> {{/TABS}}</nav>
  <form method="get" action="/leaderboards" class="filters">
    <input type="hidden" name="timeframe" value="{{TIMEFRAME}}">
    <label>Sport <select name="sport"><option value="">Every sport</option>{{#SPORTS}}<option value="{{KEY}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/SPORTS}}</select></label>
    <label>Ranked by <select name="order">{{#ORDERS}}<option value="{{KEY}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ORDERS}}</select></label>
    <label>At least <input type="number" name="min_bets" min="1" max="100000" value="{{MIN_BETS}}" inputmode="numeric"> bets</label>
    <button type="submit" class="button small">Show</button>
  </form>
  <div class="table-wrap">
  <table class="leaderboard">
    <thead><tr><th scope="col" class="num">#</th><th scope="col">Member</th><th scope="col" class="num">Bets</th><th scope="col" class="num">Won</th><th scope="col" class="num">Profit</th><th scope="col" class="num">ROI</th><th scope="col" class="num">Avg odds</th><th scope="col" class="num">CLV</th>{{#ALL_SPORTS}}<th scope="col" class="num"><abbr title="Chance of doing this well with no skill at all">p-value</abbr></th>{{/ALL_SPORTS}}</tr></thead>
    <tbody>
{{#ENTRIES}}      <tr>
        <td class="num">{{RANK}}</td>
        <td><a href="/u/{{USERNAME}}"><strong>{{DISPLAY_NAME}}</strong></a> <span class="muted small">@{{USERNAME}}</span> <span class="tier tier-{{TIER}}">{{TIER}}</span></td>
        <td class="num">{{BETS}}</td>
        <td class="num">{{WIN_PCT}} %</td>
        <td class="num {{PROFIT_SIGN}}">{{PROFIT}}</td>
        <td class="num {{ROI_SIGN}}" data-metric="roi">{{ROI}} %</td>
        <td class="num">{{ODDS}}</td>
        <td class="num">{{#CLV}}{{VALUE}} %{{/CLV}}{{#NO_CLV}}<span class="muted">–</span>{{/NO_CLV}}</td>
        {{#P}}<td class="num">{{VALUE}}</td>{{/P}}
      </tr>
{{/ENTRIES}}
    </tbody>
  </table>
  </div>
  {{#NO_ENTRIES}}<p class="muted">Nobody qualifies yet: no member has {{MIN_BETS}} settled bets here in this timeframe.</p>{{/NO_ENTRIES}}
</section>
<section class="card">
  <h2>Trending this week</h2>
  <p class="muted small">Who gained followers and engagement fastest in the last 7 days (3 points a new follower, 1 a like, 2 a comment, 3 a share), refreshed every few minutes.</p>
  <ol class="trending">
{{#TRENDING}}    <li><a href="/u/{{USERNAME}}"><strong>{{DISPLAY_NAME}}</strong></a> <span class="muted small">@{{USERNAME}}</span> <span class="tier tier-{{TIER}}">{{TIER}}</span> <span class="credit">+{{GAINED}} followers</span> <span class="muted small">· {{ENGAGEMENT}} engagement · {{FOLLOWERS}} followers</span></li>
{{/TRENDING}}  </ol>
  {{#NO_TRENDING}}<p class="muted">Nobody has gained followers or engagement this week yet.</p>{{/NO_TRENDING}}
</section>
