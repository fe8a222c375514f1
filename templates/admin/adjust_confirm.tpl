{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>{{HEADING}}</h1>
  <p class="lead">{{MESSAGE}}</p>
  <form method="post" action="/admin/users/{{USER_ID}}/adjust">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="idempotency_key" value="{{KEY}}">
    <input type="hidden" name="amount" value="{{AMOUNT}}">
    <input type="hidden" name="direction" value="{{DIRECTION}}">
    <input type="hidden" name="memo" value="{{MEMO}}">
    <input type="hidden" name="repeat" value="1">
    <p><button type="submit">{{LABEL}}</button> <a class="button ghost" href="/admin/users">Cancel</a></p>
  </form>
</section>
