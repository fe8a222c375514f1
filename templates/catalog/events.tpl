{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Events</h1>
  <nav class="tabs" aria-label="Event status">{{#TABS}}<a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a> {{/TABS}}</nav>
  <form method="get" action="/events" class="ev-filters">
    <input type="hidden" name="status" value="{{STATUS}}">
    <label for="ev-sport">Sport</label>
    <select id="ev-sport" name="sport">
      <option value="">All sports</option>
{{#SPORTS}}      <option value="{{KEY}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SPORTS}}
    </select>
    <label for="ev-competition">Competition</label>
    <select id="ev-competition" name="competition">
      <option value="">All competitions</option>
{{#COMP_GROUPS}}      <optgroup label="{{SPORT_NAME}}">
{{#COMPS}}        <option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#COUNTRY}} ({{COUNTRY}}){{/COUNTRY}}</option>
{{/COMPS}}      </optgroup>
{{/COMP_GROUPS}}
    </select>
    <button type="submit" class="small">Show</button>
  </form>
{{#GROUPS}}
  <section class="ev-group">
    <h2><span class="chip">{{SPORT_NAME}}</span> {{COMP_NAME}}{{#COUNTRY}} <span class="muted">· {{COUNTRY}}</span>{{/COUNTRY}}</h2>
    <div class="table-wrap">
    <table class="ev-board">
      <thead><tr><th scope="col">Starts (UTC)</th><th scope="col">Event</th><th scope="col">Odds</th></tr></thead>
      <tbody>
{{#EVENTS}}        <tr>
          <td class="ev-when"><time datetime="{{STARTS_AT}}">{{STARTS_TEXT}}</time>{{#STATUS_BADGE}} <span class="ev-status ev-status-{{STATUS}}">{{STATUS_LABEL}}</span>{{/STATUS_BADGE}}</td>
          <td><a class="ev-teams" href="{{HREF}}">{{HOME}} <span class="muted">v</span> {{AWAY}}</a>{{#SCORE}} <strong class="ev-score">{{HOME_SCORE}}–{{AWAY_SCORE}}</strong>{{/SCORE}}</td>
          <td class="ev-prices">{{#PRICES}}{{#LINK}}<a class="price" href="{{HREF}}" title="{{TITLE}}"><span class="price-label">{{LABEL}}</span> <span class="odds">{{ODDS}}</span></a>{{/LINK}}{{#PLAIN}}<span class="price off" title="{{TITLE}}"><span class="price-label">{{LABEL}}</span> <span class="odds">{{ODDS}}</span></span>{{/PLAIN}} {{/PRICES}}{{#NO_PRICES}}<span class="muted small">No prices</span>{{/NO_PRICES}}</td>
        </tr>
{{/EVENTS}}
      </tbody>
    </table>
    </div>
  </section>
{{/GROUPS}}
  {{#NO_EVENTS}}<p class="muted">No events match. Try another sport, competition or tab.</p>{{/NO_EVENTS}}
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Previous</a>{{/PREV}} {{#NEXT}}<a href="{{HREF}}">Next</a>{{/NEXT}}</p>
</section>
