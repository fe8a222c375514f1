{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Copying</h1>
  <p class="muted small">The traders whose bets you copy into your own wallet, sized and filtered by your settings. Amounts in {{CURRENCY}}.</p>
  {{#FLASH}}<div class="notice" role="status"><p>{{MSG}}</p></div>{{/FLASH}}
  {{#PROBLEM}}<div class="alert" role="alert"><p>{{MSG}}</p></div>{{/PROBLEM}}
  {{#EMPTY}}<p>You are not copying anyone yet. Find a trader on the <a href="/leaderboards">leaderboards</a>, open their profile and press <strong>Copy</strong>: you can simulate their past bets with your settings before you start.</p>{{/EMPTY}}
</section>
{{#RELS}}<section class="card copy-rel performance" data-relationship="{{ID}}" data-status="{{STATUS}}">
  <h2><a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> <span class="muted small">@{{USERNAME}}</span> <span class="chip status-{{STATUS}}">{{STATUS_LABEL}}</span></h2>
  {{#STOPPED}}<p class="muted">{{WHY}}</p>{{/STOPPED}}
  <p class="small">Since {{SINCE}}: {{#SUMMARY}}<span class="chip">{{TEXT}}</span> {{/SUMMARY}}</p>
  <dl class="perf-grid">
    <div><dt>Copied</dt><dd data-metric="copied">{{COPIED}}</dd></div>
    <div><dt>Profit / loss</dt><dd data-metric="pnl" class="{{PNL_SIGN}}">{{PNL}}</dd>
      <dd class="muted small">ROI {{ROI}}</dd></div>
    <div><dt>Copies</dt><dd data-metric="placed">{{PLACED}}</dd>
      <dd class="muted small">{{OPEN}} open · {{SKIPPED}} skipped</dd></div>
    <div><dt>Average price vs the trader's</dt><dd data-metric="slippage">{{SLIPPAGE}}</dd></div>
    <div><dt>Closing line value</dt><dd data-metric="clv">{{CLV}}</dd></div>
    <div><dt>Risk</dt><dd><span class="{{REALISED_SIGN}}">{{REALISED}}</span> realised (peak {{PEAK}})</dd>
      <dd class="muted small">from {{START}}: {{FALL}} % below the peak, stops at {{STOP_AT}} % · losing streak {{STREAK}}</dd>
      <dd class="small" data-metric="today">Today <span class="{{TODAY_SIGN}}">{{TODAY}}</span> {{DAY_LIMIT}}</dd>
      <dd class="small" data-metric="month">This month <span class="{{MONTH_SIGN}}">{{MONTH}}</span> {{MONTH_LIMIT}}</dd></div>
  </dl>
  {{#HAS_SKIPS}}<p class="small">Skipped: {{#SKIPS}}<span class="chip" data-skip>{{LABEL}}: {{N}}</span> {{/SKIPS}}</p>{{/HAS_SKIPS}}
  <div class="actions">
{{#LIVE}}{{#CAN_PAUSE}}    <form method="post" action="/copy/{{ID}}/pause" class="inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="small secondary">Pause</button></form>
{{/CAN_PAUSE}}{{#CAN_RESUME}}    <form method="post" action="/copy/{{ID}}/resume" class="inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="small">Resume</button></form>
{{/CAN_RESUME}}    <form method="post" action="/copy/{{ID}}/stop" class="inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="small linklike">Stop copying</button></form>
    <a class="button small ghost" href="/copy/{{ID}}/settings">Edit settings</a>
{{/LIVE}}{{#ENDED}}    <a class="button small ghost" href="/u/{{USERNAME}}/copy">Copy again</a>
{{/ENDED}}  </div>
</section>
{{/RELS}}{{#HAS_COPIES}}<section class="card perf-recent" aria-labelledby="copies-title">
  <h2 id="copies-title">{{#LATEST}}Latest copies and skips{{/LATEST}}{{#NEWEST}}Older copies and skips{{/NEWEST}}</h2>
  <div class="table-wrap">
  <table class="copies">
    <thead><tr><th scope="col">Event</th><th scope="col">Trader</th><th scope="col" class="num">Their odds</th><th scope="col" class="num">Your odds</th><th scope="col" class="num">Amount</th><th scope="col">Result</th></tr></thead>
    <tbody>
{{#COPIES}}      <tr><td>{{EVENT}}<br><span class="muted small">{{WHEN}}</span></td><td><a href="/u/{{USERNAME}}">@{{USERNAME}}</a></td><td class="num">{{TRADER_ODDS}}</td><td class="num">{{COPY_ODDS}}</td><td class="num">{{AMOUNT}}{{#SIZING}}<br><span class="muted small" data-sizing>{{TEXT}}</span>{{/SIZING}}</td>
        <td>{{#SKIPPED}}<span class="muted">Skipped: {{REASON}}</span>{{/SKIPPED}}{{#PLACED}}<span class="result result-{{RESULT}}">{{RESULT_LABEL}}</span>{{/PLACED}}{{#PROFIT}} <span class="{{SIGN}}">{{VALUE}}</span>{{/PROFIT}}</td></tr>
{{/COPIES}}    </tbody>
  </table>
  </div>
  <p class="pager">{{#NEWEST}}<a href="/copy#copies-title" rel="prev">Newest</a>{{/NEWEST}} {{#OLDER}}<a href="/copy?cursor={{CURSOR}}#copies-title" rel="next">Older</a>{{/OLDER}}</p>
</section>
{{/HAS_COPIES}}
