{{%AUTOESCAPE context="HTML"}}<section class="card narrow error-page">
  <p class="status-code" aria-hidden="true">{{STATUS}}</p>
  <h1>{{REASON}}</h1>
  <p class="lead">{{MESSAGE}}</p>
  {{#FIELD_ERRORS}}<p class="field-error"><strong>{{FIELD}}</strong> {{MSG}}</p>{{/FIELD_ERRORS}}
  <p>{{HINT}}</p>
  <p><a class="button" href="/">Back to the home page</a></p>
  <p class="muted small">If this keeps happening, write to the site's support and quote the reference <span class="request-ref">{{REQUEST_ID}}</span>.</p>
</section>
