{{%AUTOESCAPE context="HTML"}}<section class="card narrow slip">
  <h1>Bet slip</h1>
  <p class="muted"><a href="/events/{{EVENT_ID}}">{{EVENT}}</a> · {{COMPETITION}} · <time datetime="{{STARTS_AT}}">{{STARTS_AT}}</time></p>
  <p class="slip-selection"><strong>{{SELECTION}}</strong></p>
  {{#PROBLEM}}<div class="alert" role="alert"><p>{{MESSAGE}}{{#NEW_PRICE}} The price is now <strong>{{ODDS}}</strong>: check it and place the bet again if you still want it.{{/NEW_PRICE}}</p></div>{{/PROBLEM}}
  {{#HAS_ERRORS}}<ul class="field-errors">{{#ERRORS}}<li>{{FIELD}}: {{MSG}}</li>{{/ERRORS}}</ul>{{/HAS_ERRORS}}
  {{#CLOSED}}<p class="notice">{{WHY}}</p>{{/CLOSED}}
  {{#OPEN}}
  <form method="post" action="/bets" class="slip-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="selection_id" value="{{SELECTION_ID}}">
    <input type="hidden" name="odds" value="{{ODDS_INPUT}}">
    <input type="hidden" name="idempotency_key" value="{{KEY}}">
    <p class="slip-odds">Odds <strong class="odds">{{ODDS}}</strong></p>
    <label for="stake">Stake ({{CURRENCY}})</label>
    <input id="stake" name="stake" inputmode="decimal" value="{{VAL_stake}}" required placeholder="{{MIN_STAKE}}" autocomplete="off">
    {{#ERR_stake}}<p class="field-error">Stake {{MSG}}</p>{{/ERR_stake}}
    <p class="muted small">Between {{MIN_STAKE}} and {{MAX_STAKE}} {{CURRENCY}} per bet. A win returns stake × odds.
    {{#PLAY_MONEY}}<strong>Play money:</strong> no cash value, cannot be withdrawn.{{/PLAY_MONEY}}{{#REAL_MONEY}}<strong>Real money</strong> from your wallet.{{/REAL_MONEY}}</p>
    <fieldset class="choices">
      <legend>If the price changes before the bet is taken</legend>
      <label><input type="radio" name="accept_odds_change" value="none"{{#ACCEPT_NONE}} checked{{/ACCEPT_NONE}}> <span class="choice-words">Ask me again</span></label>
      <label><input type="radio" name="accept_odds_change" value="better"{{#ACCEPT_BETTER}} checked{{/ACCEPT_BETTER}}> <span class="choice-words">Accept better odds</span></label>
      <label><input type="radio" name="accept_odds_change" value="any"{{#ACCEPT_ANY}} checked{{/ACCEPT_ANY}}> <span class="choice-words">Accept any change within 5 %</span></label>
    </fieldset>
    <details>
      <summary>Notes, confidence and your own estimate (optional)</summary>
      <label for="notes">Notes</label>
      <textarea id="notes" name="notes" rows="3" maxlength="1000">{{VAL_notes}}</textarea>
      {{#ERR_notes}}<p class="field-error">Notes {{MSG}}</p>{{/ERR_notes}}
      <label for="confidence">Confidence (1–10)</label>
      <input id="confidence" name="confidence" type="number" min="1" max="10" value="{{VAL_confidence}}">
      {{#ERR_confidence}}<p class="field-error">Confidence {{MSG}}</p>{{/ERR_confidence}}
      <label for="win_probability">Your win probability (%)</label>
      <input id="win_probability" name="win_probability" inputmode="decimal" value="{{VAL_win_probability}}" placeholder="e.g. 55">
      {{#ERR_win_probability}}<p class="field-error">Win probability {{MSG}}</p>{{/ERR_win_probability}}
    </details>
    <button type="submit">Place bet</button>
  </form>
  {{/OPEN}}
</section>
