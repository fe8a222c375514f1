{{%AUTOESCAPE context="HTML"}}<section class="card copying" id="copying" aria-labelledby="copying-title">
  <h2 id="copying-title">Copying</h2>
  <p class="muted small">Bets copied from other members. They are those members' picks, so they are not part of this member's verified performance; amounts in {{CURRENCY}}, ROI over settled copies.</p>
  <div class="table-wrap">
  <table class="copying-traders">
    <thead><tr><th scope="col">Trader</th><th scope="col" class="num copies">Copies</th><th scope="col" class="num">Staked</th><th scope="col" class="num">Profit</th><th scope="col" class="num">ROI</th></tr></thead>
    <tbody>
{{#TRADERS}}      <tr><th scope="row"><a href="/u/{{USERNAME}}">@{{USERNAME}}</a><br><span class="muted small">{{DISPLAY_NAME}}</span></th><td class="num copies">{{COPIES}}{{#OPEN}}<br><span class="muted small">{{N}} open</span>{{/OPEN}}</td><td class="num">{{STAKED}}</td><td class="num {{SIGN}}">{{PROFIT}}</td><td class="num">{{ROI}}</td></tr>
{{/TRADERS}}    </tbody>
    <tfoot><tr><th scope="row">All traders</th><td class="num copies">{{COPIES}}</td><td class="num">{{STAKED}}</td><td class="num {{SIGN}}">{{PROFIT}}</td><td class="num">{{ROI}}</td></tr></tfoot>
  </table>
  </div>
</section>
