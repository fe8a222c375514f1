{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>Your profile</h1>
  <p class="tabs"><a aria-current="page" href="/settings/profile">Profile</a> <a href="/settings/password">Password</a></p>
  {{#SAVED}}<div class="notice" role="status"><p>Saved.</p></div>{{/SAVED}}
  {{#HAS_ERRORS}}<div class="alert" role="alert"><p>Please fix the highlighted fields.</p></div>{{/HAS_ERRORS}}
  <form method="post" action="/settings/profile">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <p class="muted">Signed in as {{USERNAME}} ({{EMAIL}})</p>
    <label for="display_name">Display name</label>
    <input id="display_name" name="display_name" value="{{VAL_display_name}}" required maxlength="50">
    {{#ERR_display_name}}<p class="field-error">Display name {{MSG}}</p>{{/ERR_display_name}}
    <label for="bio">Bio</label>
    <textarea id="bio" name="bio" rows="4" maxlength="500">{{VAL_bio}}</textarea>
    {{#ERR_bio}}<p class="field-error">Bio {{MSG}}</p>{{/ERR_bio}}
    <fieldset>
      <legend>Favourite sports</legend>
      <div class="checks">
{{#SPORT_CHOICES}}        <label class="check"><input type="checkbox" name="favourite_sports" value="{{SPORT}}" {{CHECKED}}> {{SPORT_LABEL}}</label>
{{/SPORT_CHOICES}}
      </div>
      {{#ERR_favourite_sports}}<p class="field-error">Favourite sports {{MSG}}</p>{{/ERR_favourite_sports}}
    </fieldset>
    <button type="submit">Save profile</button>
  </form>
</section>
