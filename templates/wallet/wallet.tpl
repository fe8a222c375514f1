{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Wallet</h1>
  {{#PLAY_MONEY}}<p class="notice">Balances on this site are play money: they have no cash value and cannot be withdrawn.</p>{{/PLAY_MONEY}}
  <dl class="balances">
    <div><dt>Cash available</dt><dd>{{CASH}} {{CURRENCY}}</dd></div>
    <div><dt>In play</dt><dd>{{IN_PLAY}} {{CURRENCY}}</dd></div>
    <div><dt>Total</dt><dd>{{TOTAL}} {{CURRENCY}}</dd></div>
  </dl>
</section>
<section class="card">
  <h2>History</h2>
  <div class="table-wrap">
  <table>
    <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Account</th><th scope="col" class="num">Amount</th></tr></thead>
    <tbody>
{{#ENTRIES}}      <tr><td><time datetime="{{WHEN}}">{{WHEN}}</time></td><td>{{MEMO}} <span class="muted">({{KIND}})</span>{{>COPIED_FROM}}</td><td>{{ACCOUNT}}</td><td class="num {{SIGN}}">{{AMOUNT}}</td></tr>
{{/ENTRIES}}
    </tbody>
  </table>
  </div>
  {{#NO_ENTRIES}}<p class="muted">No movements yet.</p>{{/NO_ENTRIES}}
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Newer</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}">Older</a>{{/NEXT}}</p>
</section>
