{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>Change password</h1>
  <p class="tabs"><a href="/settings/profile">Profile</a> <a aria-current="page" href="/settings/password">Password</a></p>
  {{#SAVED}}<div class="notice" role="status"><p>Password changed. Every other session has been signed out.</p></div>{{/SAVED}}
  {{#HAS_ERRORS}}<div class="alert" role="alert"><p>Please fix the highlighted fields.</p></div>{{/HAS_ERRORS}}
  <form method="post" action="/settings/password">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="username" value="{{USERNAME}}" autocomplete="username">
    <label for="current_password">Current password</label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required>
    {{#ERR_current_password}}<p class="field-error">Current password {{MSG}}</p>{{/ERR_current_password}}
    <label for="new_password">New password</label>
    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10" maxlength="128">
    {{#ERR_new_password}}<p class="field-error">New password {{MSG}}</p>{{/ERR_new_password}}
    <button type="submit">Change password</button>
  </form>
</section>
