{{%AUTOESCAPE context="HTML"}}<section class="hero">
  <h1>{{TENANT_NAME}}</h1>
  <p class="lead">{{TENANT_TAGLINE}}</p>
  <p class="actions"><a class="button" href="/signup">Create a free account</a> <a class="button ghost" href="/signin">Sign in</a></p>
</section>
<section class="features">
  <article class="card">
    <h2>Follow proven bettors</h2>
    <p>Every profile shows a verified record: settled bets, ROI, closing-line value and drawdown, not claims.</p>
  </article>
  <article class="card">
    <h2>Tail their bets</h2>
    <p>Copy a bettor automatically with your own stake sizing, limits and stop-losses.</p>
  </article>
  <article class="card">
    <h2>Talk it through</h2>
    <p>Share analysis, discuss picks and learn from a community that keeps score.</p>
  </article>
</section>
