{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>Create your account</h1>
  {{#HAS_ERRORS}}<div class="alert" role="alert"><p>Please fix the highlighted fields.</p></div>{{/HAS_ERRORS}}
  <form method="post" action="/signup" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="username">Username</label>
    <input id="username" name="username" value="{{VAL_username}}" autocomplete="username" required minlength="3" maxlength="30" pattern="[A-Za-z0-9_]+" aria-describedby="username-help{{#ERR_username}} username-error{{/ERR_username}}">
    <p class="help" id="username-help">3 to 30 letters, digits or underscores.</p>
    {{#ERR_username}}<p class="field-error" id="username-error">Username {{MSG}}</p>{{/ERR_username}}

    <label for="email">Email</label>
    <input id="email" name="email" type="email" value="{{VAL_email}}" autocomplete="email" required maxlength="254"{{#ERR_email}} aria-describedby="email-error"{{/ERR_email}}>
    {{#ERR_email}}<p class="field-error" id="email-error">Email {{MSG}}</p>{{/ERR_email}}

    <label for="display_name">Display name <span class="muted">(optional)</span></label>
    <input id="display_name" name="display_name" value="{{VAL_display_name}}" maxlength="50">
    {{#ERR_display_name}}<p class="field-error">Display name {{MSG}}</p>{{/ERR_display_name}}

    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="128" aria-describedby="password-help{{#ERR_password}} password-error{{/ERR_password}}">
    <p class="help" id="password-help">At least 10 characters. Common passwords are refused.</p>
    {{#ERR_password}}<p class="field-error" id="password-error">Password {{MSG}}</p>{{/ERR_password}}

    <button type="submit">Create account</button>
  </form>
  <p class="muted">Already a member? <a href="/signin">Sign in</a></p>
</section>
