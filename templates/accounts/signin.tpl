{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>Sign in</h1>
  {{#FORM_ERROR}}<div class="alert" role="alert"><p>{{MSG}}</p></div>{{/FORM_ERROR}}
  {{#HAS_ERRORS}}<div class="alert" role="alert"><p>Please fill in both fields.</p></div>{{/HAS_ERRORS}}
  <form method="post" action="/signin">
    <input type="hidden" name="next" value="{{NEXT}}">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="login">Username or email</label>
    <input id="login" name="login" value="{{VAL_login}}" autocomplete="username" required maxlength="254">
    {{#ERR_login}}<p class="field-error">{{MSG}}</p>{{/ERR_login}}
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
    {{#ERR_password}}<p class="field-error">Password {{MSG}}</p>{{/ERR_password}}
    <button type="submit">Sign in</button>
  </form>
  <p class="muted">New here? <a href="/signup">Create an account</a></p>
</section>
