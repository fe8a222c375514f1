{{%AUTOESCAPE context="HTML"}}<section class="card">
{{#TRADER}}  <h1>Copy {{DISPLAY_NAME}}</h1>
  <p class="muted"><a href="/u/{{USERNAME}}">@{{USERNAME}}</a> · {{BETS}} settled bets · profit <span class="{{PROFIT_SIGN}}">{{PROFIT}}</span> {{CURRENCY}} · ROI {{ROI}}</p>
  <ul class="stats"><li><strong data-count="copiers">{{COPIERS}}</strong> copiers</li><li><strong data-count="copied_volume">{{VOLUME}}</strong> {{CURRENCY}} copied</li></ul>
  <p class="muted small">Copying places the trader's next bets in your own wallet, sized and filtered by the settings below, and makes you follow them. You can pause or stop at any time on <a href="/copy">Copying</a>.</p>
{{/TRADER}}{{#EDITING}}  <h1>Copy settings</h1>
  <p class="muted">Copying <a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> (@{{USERNAME}}) · {{STATUS_LABEL}} · <a href="/copy">all your copies</a></p>
{{/EDITING}}  {{#ENDED}}<div class="notice"><p>This relationship has stopped. <a href="/u/{{USERNAME}}/copy">Start copying again</a> with new settings.</p></div>{{/ENDED}}
  {{#ALREADY}}<div class="notice"><p>You already copy this member: <a href="/copy/{{REL_ID}}/settings">change those settings</a> or see <a href="/copy">your copies</a>. You can still simulate.</p></div>{{/ALREADY}}
  {{#NOT_ELIGIBLE}}<div class="notice"><p>{{MSG}} You can still simulate.</p></div>{{/NOT_ELIGIBLE}}
  {{#PROBLEM}}<div class="alert" role="alert"><p>{{MSG}}</p></div>{{/PROBLEM}}
  {{#HAS_ERRORS}}<ul class="field-errors">{{#ERRORS}}<li>{{FIELD}}: {{MSG}}</li>{{/ERRORS}}</ul>{{/HAS_ERRORS}}
</section>
{{#SIM}}<section class="card performance copy-sim" aria-labelledby="sim-title">
  <h2 id="sim-title">Had you copied with these settings</h2>
  <p class="muted small">{{BETS}} settled bets replayed from a bankroll of {{START}} {{CURRENCY}}, at the trader's prices, through the same rules that place real copies.{{#CAPPED}} Only the newest {{MAX}} bets are replayed.{{/CAPPED}} Past results do not guarantee future returns.</p>
  {{#SIM_STOPPED}}<div class="notice"><p>{{WHY}} ({{AT}})</p></div>{{/SIM_STOPPED}}
  <dl class="perf-grid">
    <div><dt>Copies</dt><dd data-sim="copies">{{COPIES}}</dd><dd class="muted small">{{WON}} won · {{LOST}} lost · {{OTHER}} push or void</dd></div>
    <div><dt>Skipped</dt><dd data-sim="skipped">{{SKIPPED}}</dd>{{#SKIPS}}<dd class="muted small">{{LABEL}}: {{N}}</dd>{{/SKIPS}}</div>
    <div><dt>Staked</dt><dd data-sim="staked">{{STAKED}}</dd></div>
    <div><dt>Profit / loss</dt><dd data-sim="pnl" class="{{PNL_SIGN}}">{{PNL}}</dd><dd class="muted small">ROI {{ROI}} %</dd></div>
    <div><dt>Final bankroll</dt><dd data-sim="final_bankroll">{{FINAL}}</dd><dd class="muted small">peak {{PEAK}}</dd></div>
    <div><dt>Largest fall</dt><dd data-sim="max_drawdown">{{DRAWDOWN}} %</dd><dd class="muted small">from a running peak</dd></div>
  </dl>
{{#CURVE}}  <figure class="equity">
    <svg viewBox="0 0 {{W}} {{H}}" preserveAspectRatio="none" role="img" aria-label="Simulated bankroll from {{FROM}} to {{TO}}, ending at {{FINAL}} {{CURRENCY}}">
      <line class="zero" x1="0" y1="{{ZERO_Y}}" x2="{{W}}" y2="{{ZERO_Y}}"></line>
      <path class="curve" d="{{PATH}}"></path>
    </svg>
    <figcaption class="muted small">Bankroll from {{FROM}} to {{TO}}; the line is where it started.</figcaption>
  </figure>
{{/CURVE}}</section>
{{/SIM}}<section class="card">
  <form method="post" action="{{ACTION}}" class="copy-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset>
      <legend>How much to copy</legend>
      <div class="choices" role="radiogroup" aria-label="How much to copy">
{{#MODES}}      <label><input type="radio" name="copy_mode" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> <span class="choice-words"><strong>{{LABEL}}</strong> <span class="help">{{HELP}}</span></span></label>
{{/MODES}}      </div>
      {{#ERR_copy_mode}}<p class="field-error">Copy mode {{MSG}}</p>{{/ERR_copy_mode}}
      <label for="fixed_amount">Fixed amount a bet ({{CURRENCY}})</label>
      <input id="fixed_amount" name="fixed_amount" inputmode="decimal" value="{{VAL_fixed_amount}}" placeholder="10.00" autocomplete="off">
      {{#ERR_fixed_amount}}<p class="field-error">Fixed amount {{MSG}}</p>{{/ERR_fixed_amount}}
      <label for="percentage">Percentage of your bankroll a bet (%)</label>
      <input id="percentage" name="percentage" inputmode="decimal" value="{{VAL_percentage}}" placeholder="2" autocomplete="off">
      {{#ERR_percentage}}<p class="field-error">Percentage {{MSG}}</p>{{/ERR_percentage}}
      <label for="kelly_scaling_factor">Kelly factor (0.001 to 1)</label>
      <input id="kelly_scaling_factor" name="kelly_scaling_factor" inputmode="decimal" value="{{VAL_kelly_scaling_factor}}" autocomplete="off">
      {{#ERR_kelly_scaling_factor}}<p class="field-error">Kelly factor {{MSG}}</p>{{/ERR_kelly_scaling_factor}}
      <label for="max_bet_size">Largest copy ({{CURRENCY}}, empty: no limit)</label>
      <input id="max_bet_size" name="max_bet_size" inputmode="decimal" value="{{VAL_max_bet_size}}" autocomplete="off">
      {{#ERR_max_bet_size}}<p class="field-error">Largest copy {{MSG}}</p>{{/ERR_max_bet_size}}
    </fieldset>
    <fieldset>
      <legend>Which bets</legend>
      <p class="help">Sports (none ticked: every sport)</p>
      <div class="checks choices">{{#SPORTS}}<label><input type="checkbox" name="sports_filter" value="{{KEY}}"{{#CHECKED}} checked{{/CHECKED}}> <span class="choice-words">{{NAME}}</span></label> {{/SPORTS}}</div>
      {{#ERR_sports_filter}}<p class="field-error">Sports {{MSG}}</p>{{/ERR_sports_filter}}
      <p class="help">Bet types (none ticked: every type)</p>
      <div class="checks choices">{{#KINDS}}<label><input type="checkbox" name="bet_types_filter" value="{{KEY}}"{{#CHECKED}} checked{{/CHECKED}}> <span class="choice-words">{{NAME}}</span></label> {{/KINDS}}</div>
      {{#ERR_bet_types_filter}}<p class="field-error">Bet types {{MSG}}</p>{{/ERR_bet_types_filter}}
      <label for="min_odds">Lowest odds</label>
      <input id="min_odds" name="min_odds" inputmode="decimal" value="{{VAL_min_odds}}" placeholder="1.50" autocomplete="off">
      {{#ERR_min_odds}}<p class="field-error">Lowest odds {{MSG}}</p>{{/ERR_min_odds}}
      <label for="max_odds">Highest odds</label>
      <input id="max_odds" name="max_odds" inputmode="decimal" value="{{VAL_max_odds}}" placeholder="5.00" autocomplete="off">
      {{#ERR_max_odds}}<p class="field-error">Highest odds {{MSG}}</p>{{/ERR_max_odds}}
      <label for="min_edge">Minimum edge the trader states (a fraction: 0.02 is 2 %)</label>
      <input id="min_edge" name="min_edge" inputmode="decimal" value="{{VAL_min_edge}}" autocomplete="off">
      {{#ERR_min_edge}}<p class="field-error">Minimum edge {{MSG}}</p>{{/ERR_min_edge}}
      <label for="max_slippage">Largest price move against you (% of the trader's price)</label>
      <input id="max_slippage" name="max_slippage" inputmode="decimal" value="{{VAL_max_slippage}}" autocomplete="off">
      {{#ERR_max_slippage}}<p class="field-error">Largest price move {{MSG}}</p>{{/ERR_max_slippage}}
    </fieldset>
    <fieldset>
      <legend>Limits and stops</legend>
      <label for="daily_loss_limit">Daily loss limit ({{CURRENCY}})</label>
      <input id="daily_loss_limit" name="daily_loss_limit" inputmode="decimal" value="{{VAL_daily_loss_limit}}" autocomplete="off">
      {{#ERR_daily_loss_limit}}<p class="field-error">Daily loss limit {{MSG}}</p>{{/ERR_daily_loss_limit}}
      <label for="monthly_loss_limit">Monthly loss limit ({{CURRENCY}})</label>
      <input id="monthly_loss_limit" name="monthly_loss_limit" inputmode="decimal" value="{{VAL_monthly_loss_limit}}" autocomplete="off">
      {{#ERR_monthly_loss_limit}}<p class="field-error">Monthly loss limit {{MSG}}</p>{{/ERR_monthly_loss_limit}}
      <label for="stop_copying_if_drawdown">Stop when this far below the peak (a fraction: 0.20 is 20 %)</label>
      <input id="stop_copying_if_drawdown" name="stop_copying_if_drawdown" inputmode="decimal" value="{{VAL_stop_copying_if_drawdown}}" autocomplete="off">
      {{#ERR_stop_copying_if_drawdown}}<p class="field-error">Drawdown stop {{MSG}}</p>{{/ERR_stop_copying_if_drawdown}}
      <label for="reduce_size_if_losing_streak">Halve the size after this many losses in a row (0: never)</label>
      <input id="reduce_size_if_losing_streak" name="reduce_size_if_losing_streak" inputmode="numeric" value="{{VAL_reduce_size_if_losing_streak}}" autocomplete="off">
      {{#ERR_reduce_size_if_losing_streak}}<p class="field-error">Losing streak {{MSG}}</p>{{/ERR_reduce_size_if_losing_streak}}
      <label for="take_profit">Stop once the profit reaches ({{CURRENCY}}, empty: never)</label>
      <input id="take_profit" name="take_profit" inputmode="decimal" value="{{VAL_take_profit}}" autocomplete="off">
      {{#ERR_take_profit}}<p class="field-error">Take profit {{MSG}}</p>{{/ERR_take_profit}}
    </fieldset>
    <fieldset>
      <legend>Timing</legend>
      <label for="copy_delay_seconds">Wait before copying (seconds, 0 to 300)</label>
      <input id="copy_delay_seconds" name="copy_delay_seconds" inputmode="numeric" value="{{VAL_copy_delay_seconds}}" autocomplete="off">
      {{#ERR_copy_delay_seconds}}<p class="field-error">Delay {{MSG}}</p>{{/ERR_copy_delay_seconds}}
      {{!-- The hidden 0 comes after the box: a ticked box sends 1 first, and
           the first value is the one read; a form without either keeps the default. --}}
      <div class="choices"><label><input type="checkbox" name="auto_copy_enabled" value="1"{{#AUTO_CHECKED}} checked{{/AUTO_CHECKED}}> <span class="choice-words">Copy automatically</span></label></div>
      <input type="hidden" name="auto_copy_enabled" value="0">
      {{#ERR_auto_copy_enabled}}<p class="field-error">Copy automatically {{MSG}}</p>{{/ERR_auto_copy_enabled}}
    </fieldset>
    <fieldset>
      <legend>Simulate first</legend>
      <p class="help">Replays the trader's settled bets since a day with these settings. Nothing is placed.</p>
      <label for="since">Since</label>
      <input id="since" name="since" type="date" value="{{VAL_since}}">
      {{#ERR_since}}<p class="field-error">Since {{MSG}}</p>{{/ERR_since}}
      <label for="bankroll">Starting bankroll ({{CURRENCY}}, empty: yours, {{MY_BANKROLL}})</label>
      <input id="bankroll" name="bankroll" inputmode="decimal" value="{{VAL_bankroll}}" placeholder="{{MY_BANKROLL}}" autocomplete="off">
      {{#ERR_bankroll}}<p class="field-error">Bankroll {{MSG}}</p>{{/ERR_bankroll}}
      <button type="submit" name="simulate" value="1" class="secondary">Simulate</button>
    </fieldset>
{{#CAN_SUBMIT}}    <button type="submit">{{SUBMIT}}</button>
{{/CAN_SUBMIT}}  </form>
</section>
