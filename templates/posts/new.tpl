{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>New post</h1>
  {{#PROBLEM}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/PROBLEM}}
  {{#HAS_ERRORS}}<ul class="field-errors">{{#ERRORS}}<li>{{FIELD}}: {{MSG}}</li>{{/ERRORS}}</ul>{{/HAS_ERRORS}}
  <form method="post" action="/posts" class="post-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="post_type">Type</label>
    <select id="post_type" name="post_type">{{#TYPES}}
      <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/TYPES}}
    </select>
    {{#ERR_post_type}}<p class="field-error">Type {{MSG}}</p>{{/ERR_post_type}}
    <label for="bet_id">Bet (for a bet post: its summary is added from the bet itself)</label>
    <select id="bet_id" name="bet_id">
      <option value="">No bet</option>{{#MY_BETS}}
      <option value="{{BET_ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/MY_BETS}}
    </select>
    {{#NO_BETS}}<p class="muted small">You have no bets yet: <a href="/events">place one</a> to post about it.</p>{{/NO_BETS}}
    {{#ERR_bet_id}}<p class="field-error">Bet {{MSG}}</p>{{/ERR_bet_id}}
    <label for="title">Title (optional)</label>
    <input id="title" name="title" maxlength="150" value="{{VAL_title}}">
    {{#ERR_title}}<p class="field-error">Title {{MSG}}</p>{{/ERR_title}}
    <label for="content">What do you want to say? (#tags and @mentions work)</label>
    <textarea id="content" name="content" rows="8" maxlength="5000" required>{{VAL_content}}</textarea>
    {{#ERR_content}}<p class="field-error">Content {{MSG}}</p>{{/ERR_content}}
    <label for="sport">Sport (a bet post takes its bet's)</label>
    <select id="sport" name="sport">
      <option value="">—</option>{{#SPORTS}}
      <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/SPORTS}}
    </select>
    {{#ERR_sport}}<p class="field-error">Sport {{MSG}}</p>{{/ERR_sport}}
    <label for="confidence_level">Confidence (1–10, optional)</label>
    <input id="confidence_level" name="confidence_level" type="number" min="1" max="10" value="{{VAL_confidence_level}}">
    {{#ERR_confidence_level}}<p class="field-error">Confidence {{MSG}}</p>{{/ERR_confidence_level}}
    <button type="submit">Publish</button>
  </form>
</section>
