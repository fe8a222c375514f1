{{%AUTOESCAPE context="HTML"}}<section class="card performance" aria-labelledby="perf-title">
  <h2 id="perf-title">Verified performance</h2>
  <p class="muted small">Worked out from every bet settled on this site; amounts in {{CURRENCY}}.</p>
  <nav class="tabs" aria-label="Timeframe">{{#TABS}}
    <a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/TABS}}
  </nav>
{{#NO_BETS}}  <p class="muted perf-empty">No settled bets in this timeframe ({{TIMEFRAME_LABEL}}).</p>
{{/NO_BETS}}{{#METRICS}}  <dl class="perf-grid" data-timeframe="{{TIMEFRAME_LABEL}}">
    <div><dt>Settled bets</dt><dd data-metric="total_bets">{{TOTAL_BETS}}</dd>
      <dd class="muted small">{{WINNING_BETS}} winning · {{LOSING_BETS}} losing · {{PUSH_BETS}} push · {{VOID_BETS}} void</dd></div>
    <div><dt>Winning rate</dt><dd data-metric="winning_percentage">{{WINNING_PCT}} %</dd>
      <dd class="muted small">{{HALF_WON_BETS}} half won · {{HALF_LOST_BETS}} half lost</dd></div>
    <div><dt>Profit / loss</dt><dd data-metric="total_profit_loss" class="{{PROFIT_SIGN}}">{{PROFIT}}</dd></div>
    <div><dt>Total staked</dt><dd data-metric="total_staked">{{STAKED}}</dd></div>
    <div><dt>ROI</dt><dd data-metric="roi_percentage" class="{{ROI_SIGN}}">{{ROI}} %</dd></div>
    <div><dt>Yield at level stakes</dt><dd data-metric="yield_percentage">{{YIELD}} %</dd></div>
    <div><dt>Average odds</dt><dd data-metric="average_odds">{{AVERAGE_ODDS}}</dd></div>
    <div><dt>Longest streaks</dt><dd><span data-metric="longest_winning_streak">{{WIN_STREAK}}</span> won · <span data-metric="longest_losing_streak">{{LOSE_STREAK}}</span> lost</dd></div>
    <div><dt>Best month</dt>{{#BEST_MONTH}}<dd data-metric="best_month">{{MONTH}} <span class="{{SIGN}}">{{PROFIT}}</span></dd>
      <dd class="muted small">{{BETS}} bets</dd>{{/BEST_MONTH}}{{#NO_MONTHS}}<dd>—</dd>{{/NO_MONTHS}}</div>
    <div><dt>Worst month</dt>{{#WORST_MONTH}}<dd data-metric="worst_month">{{MONTH}} <span class="{{SIGN}}">{{PROFIT}}</span></dd>
      <dd class="muted small">{{BETS}} bets</dd>{{/WORST_MONTH}}{{#NO_MONTHS}}<dd>—</dd>{{/NO_MONTHS}}</div>
    <div><dt>Max drawdown</dt><dd data-metric="max_drawdown">{{DRAWDOWN}}</dd>
      <dd class="muted small">{{DRAWDOWN_UNITS}} average stakes</dd></div>
    <div><dt>Sharpe ratio</dt><dd data-metric="sharpe_ratio">{{SHARPE}}</dd>
      <dd class="muted small">per bet, not annualised</dd></div>
    <div><dt>Volatility</dt><dd data-metric="volatility">{{VOLATILITY}}</dd>
      <dd class="muted small">of the return per bet</dd></div>
    <div><dt>Closing line value</dt>{{#CLV}}<dd data-metric="closing_line_value_percentage">{{VALUE}} %</dd>
      <dd class="muted small">over {{BETS}} bets</dd>{{/CLV}}{{#NO_CLV}}<dd>—</dd>
      <dd class="muted small">no closing prices yet</dd>{{/NO_CLV}}</div>
    <div><dt>Luck (p-value)</dt>{{#P_VALUE}}<dd data-metric="p_value">{{VALUE}}</dd>
      <dd class="muted small">chance of doing this well with no skill</dd>{{/P_VALUE}}{{#P_VALUE_TOO_FEW}}<dd data-metric="p_value">Not enough bets</dd>
      <dd class="muted small">{{DECISIVE}} of the {{NEEDED}} decided bets it needs</dd>{{/P_VALUE_TOO_FEW}}</div>
  </dl>
  <h3>By sport</h3>
  <div class="table-wrap">
  <table class="perf-sports">
    <thead><tr><th scope="col">Sport</th><th scope="col" class="num">Bets</th><th scope="col" class="num">Won</th><th scope="col" class="num">Lost</th><th scope="col" class="num">Staked</th><th scope="col" class="num">Profit</th><th scope="col" class="num">ROI</th></tr></thead>
    <tbody>
{{#SPORTS}}      <tr><th scope="row" class="sport">{{SPORT}}</th><td class="num">{{BETS}}</td><td class="num">{{WINNING}}</td><td class="num">{{LOSING}}</td><td class="num">{{STAKED}}</td><td class="num {{SIGN}}">{{PROFIT}}</td><td class="num">{{ROI}} %</td></tr>
{{/SPORTS}}    </tbody>
  </table>
  </div>
{{/METRICS}}</section>
<section class="card" aria-labelledby="curve-title">
  <h2 id="curve-title">Profit over time</h2>
{{#CURVE}}  <figure class="equity">
    <svg viewBox="0 0 {{W}} {{H}}" preserveAspectRatio="none" role="img" aria-label="Cumulative profit from {{FROM}} to {{TO}}, now {{FINAL}} {{CURRENCY}}">
      <line class="zero" x1="0" y1="{{ZERO_Y}}" x2="{{W}}" y2="{{ZERO_Y}}"></line>
      <path class="curve" d="{{PATH}}"></path>
    </svg>
    <figcaption class="muted small">All time, {{FROM}} to {{TO}}: highest {{HIGH}}, lowest {{LOW}}, now <span class="{{FINAL_SIGN}}">{{FINAL}}</span> {{CURRENCY}}.</figcaption>
  </figure>
{{/CURVE}}{{#NO_CURVE}}  <p class="muted">The curve starts with the first settled bet.</p>
{{/NO_CURVE}}</section>
<section class="card" aria-labelledby="recent-title">
  <h2 id="recent-title">Recent settled bets</h2>
{{#NO_RECENT}}  <p class="muted">No settled bets yet.</p>
{{/NO_RECENT}}  <div class="table-wrap">
  <table class="perf-recent">
    <thead><tr><th scope="col">Settled</th><th scope="col">Event</th><th scope="col">Selection</th><th scope="col" class="num">Odds</th><th scope="col" class="num">Stake</th><th scope="col">Result</th><th scope="col" class="num">Profit</th></tr></thead>
    <tbody>
{{#RECENT}}      <tr><td><time datetime="{{DATE}}">{{DATE}}</time></td><td>{{EVENT}} <span class="muted small">{{SPORT}}</span></td><td>{{SELECTION}}</td><td class="num">{{ODDS}}</td><td class="num">{{STAKE}}</td><td><span class="result result-{{STATUS}}">{{STATUS_LABEL}}</span></td><td class="num {{SIGN}}">{{PROFIT}}</td></tr>
{{/RECENT}}    </tbody>
  </table>
  </div>
</section>
