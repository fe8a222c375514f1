{{%AUTOESCAPE context="HTML"}}<section class="card ev-head">
  <p class="muted"><a href="/events?sport={{SPORT}}">{{SPORT_NAME}}</a> · <a href="/events?sport={{SPORT}}&amp;competition={{COMP_ID}}">{{COMP_NAME}}</a>{{#COUNTRY}} · {{COUNTRY}}{{/COUNTRY}}</p>
  <h1 class="ev-title"><span>{{HOME}}</span> <span class="muted">v</span> <span>{{AWAY}}</span></h1>
  <p><time datetime="{{STARTS_AT}}">{{STARTS_TEXT}} UTC</time> · <span class="ev-status ev-status-{{STATUS}}">{{STATUS_LABEL}}</span></p>
  {{#SCORE}}<p class="ev-result">Result <strong class="ev-score">{{HOME_SCORE}}–{{AWAY_SCORE}}</strong></p>{{/SCORE}}
  {{#CLOSED}}<p class="notice">{{WHY}}</p>{{/CLOSED}}
  {{#SIGN_IN}}<p class="notice"><a href="/signin?next={{NEXT}}">Sign in</a> or <a href="/signup">join</a> to place a bet.</p>{{/SIGN_IN}}
  {{#NO_MARKETS}}<p class="muted">No markets are offered on this event yet.</p>{{/NO_MARKETS}}
</section>
{{#MARKETS}}
<section class="card ev-market" id="market-{{MARKET_ID}}">
  <h2>{{TITLE}}{{#MARKET_NOTE}} <span class="ev-status ev-status-{{MARKET_STATUS}}">{{NOTE}}</span>{{/MARKET_NOTE}}</h2>
  <div class="table-wrap">
  <table class="ev-market-table">
    <thead><tr><th scope="col">Selection</th><th scope="col" class="num">Odds</th><th scope="col" class="num">Opening</th><th scope="col" class="num">Closing</th><th scope="col" class="num">Fair closing</th><th scope="col">Movement</th></tr></thead>
    <tbody>
{{#SELECTIONS}}      <tr>
        <th scope="row">{{LABEL}}</th>
        <td class="num">{{#BET_LINK}}<a class="price" href="{{HREF}}"><span class="odds">{{ODDS}}</span></a>{{/BET_LINK}}{{#NO_LINK}}<span class="odds">{{ODDS}}</span>{{/NO_LINK}}</td>
        <td class="num">{{OPENING}}</td>
        <td class="num">{{CLOSING}}</td>
        <td class="num">{{FAIR}}</td>
        <td class="ev-move">
          {{#SPARK}}<svg class="spark spark-{{TREND}}" viewBox="0 0 {{W}} {{H}}" width="{{W}}" height="{{H}}" role="img" aria-label="{{SUMMARY}}"><polyline points="{{POINTS}}" fill="none" stroke-width="1.5"/></svg>
          <span class="small muted">{{SUMMARY}}</span>{{/SPARK}}
          {{#HAS_HISTORY}}<details class="ev-history">
            <summary class="small">Price history ({{COUNT}})</summary>
            <table class="ev-history-table">
              <thead><tr><th scope="col">When (UTC)</th><th scope="col">Bookmaker</th><th scope="col">Phase</th><th scope="col" class="num">Odds</th></tr></thead>
              <tbody>
{{#HISTORY}}                <tr><td><time datetime="{{AT}}">{{AT}}</time></td><td>{{BOOK}}</td><td>{{PHASE}}</td><td class="num">{{ODDS}}</td></tr>
{{/HISTORY}}              </tbody>
            </table>
          </details>{{/HAS_HISTORY}}
          {{#NO_HISTORY}}<span class="muted small">No history</span>{{/NO_HISTORY}}
        </td>
      </tr>
{{/SELECTIONS}}
    </tbody>
  </table>
  </div>
{{#SLIPS}}  <details class="ev-slip" id="slip-{{SEL_ID}}"{{#SLIP_OPEN}} open{{/SLIP_OPEN}}>
    <summary>Bet slip: <strong>{{LABEL}}</strong> at <span class="odds">{{ODDS}}</span></summary>
    <form method="post" action="/bets" class="ev-slip-form">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="selection_id" value="{{SEL_ID}}">
      <input type="hidden" name="odds" value="{{ODDS_INPUT}}">
      <input type="hidden" name="idempotency_key" value="{{KEY}}">
      <p class="ev-money mode-{{MONEY_MODE}}"><span class="mode mode-{{MONEY_MODE}}">{{MONEY_MODE_LABEL}}</span>
        {{#PLAY_MONEY}}Stakes are play money: no cash value, never withdrawn.{{/PLAY_MONEY}}{{#REAL_MONEY}}Stakes are real money, taken from your wallet.{{/REAL_MONEY}}</p>
      <label for="stake-{{SEL_ID}}">Stake ({{CURRENCY}})</label>
      <input id="stake-{{SEL_ID}}" name="stake" inputmode="decimal" required placeholder="10.00" autocomplete="off">
      <p class="help">Between {{MIN_STAKE}} and {{MAX_STAKE}} {{CURRENCY}} per bet. A win returns stake × {{ODDS}}.</p>
      <fieldset class="choices">
        <legend>If the price changes before the bet is taken</legend>
        <label><input type="radio" name="accept_odds_change" value="none" checked> <span class="choice-words">Ask me again</span></label>
        <label><input type="radio" name="accept_odds_change" value="better"> <span class="choice-words">Accept better odds</span></label>
        <label><input type="radio" name="accept_odds_change" value="any"> <span class="choice-words">Accept any change within 5 %</span></label>
      </fieldset>
      <div class="ev-slip-extra">
        <div>
          <label for="confidence-{{SEL_ID}}">Confidence (1–10)</label>
          <select id="confidence-{{SEL_ID}}" name="confidence"><option value="">–</option><option>1</option><option>2</option><option>3</option><option>4</option><option>5</option><option>6</option><option>7</option><option>8</option><option>9</option><option>10</option></select>
        </div>
        <div>
          <label for="winp-{{SEL_ID}}">Your win probability (%)</label>
          <input id="winp-{{SEL_ID}}" name="win_probability" inputmode="decimal" placeholder="e.g. 55">
        </div>
      </div>
      <label for="notes-{{SEL_ID}}">Notes (optional)</label>
      <textarea id="notes-{{SEL_ID}}" name="notes" rows="2" maxlength="1000"></textarea>
      <button type="submit">Place bet at {{ODDS}}</button>
    </form>
  </details>
{{/SLIPS}}
{{#NO_SLIP}}  <p class="muted small">{{WHY}}</p>
{{/NO_SLIP}}
</section>
{{/MARKETS}}
