{{%AUTOESCAPE context="HTML"}}<section class="card narrow">
  <h1>Edit post</h1>
  <p class="muted small">Earlier versions stay visible on the post.{{#BET_POST}} The bet on a bet post never changes.{{/BET_POST}}</p>
  {{#HAS_ERRORS}}<ul class="field-errors">{{#ERRORS}}<li>{{FIELD}}: {{MSG}}</li>{{/ERRORS}}</ul>{{/HAS_ERRORS}}
  <form method="post" action="/posts/{{POST_ID}}/edit" class="post-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="title">Title (optional)</label>
    <input id="title" name="title" maxlength="150" value="{{VAL_title}}">
    {{#ERR_title}}<p class="field-error">Title {{MSG}}</p>{{/ERR_title}}
    <label for="content">Content</label>
    <textarea id="content" name="content" rows="8" maxlength="5000" required>{{VAL_content}}</textarea>
    {{#ERR_content}}<p class="field-error">Content {{MSG}}</p>{{/ERR_content}}
    <label for="confidence_level">Confidence (1–10, optional)</label>
    <input id="confidence_level" name="confidence_level" type="number" min="1" max="10" value="{{VAL_confidence_level}}">
    {{#ERR_confidence_level}}<p class="field-error">Confidence {{MSG}}</p>{{/ERR_confidence_level}}
    <button type="submit">Save</button> <a href="/posts/{{POST_ID}}">Cancel</a>
  </form>
</section>
