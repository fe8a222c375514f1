{{%AUTOESCAPE context="HTML"}}<section class="hero hero-split">
  <div>
    <p class="eyebrow">Members only · Real-money accounts</p>
    <h1>Bet with the sharpest crowd.</h1>
    <p class="lead">{{TENANT_TAGLINE}}</p>
    <p class="actions"><a class="button" href="/signup">Join {{TENANT_NAME}}</a> <a class="button ghost" href="/signin">Member sign in</a></p>
  </div>
  <ul class="stats" aria-label="Why members stay">
    <li><strong>Verified</strong><span>every record is settled and audited</span></li>
    <li><strong>Automatic</strong><span>tail the bettors you trust, on your limits</span></li>
    <li><strong>Private</strong><span>your data stays on this site alone</span></li>
  </ul>
</section>
