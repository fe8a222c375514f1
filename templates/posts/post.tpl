{{%AUTOESCAPE context="HTML"}}<article class="card post post-{{POST_TYPE}}" data-post-id="{{POST_ID}}">
  <p class="muted small"><span class="chip">{{TYPE_LABEL}}</span> by <a href="/u/{{AUTHOR_USERNAME}}">{{AUTHOR_DISPLAY}}</a> <span class="tier tier-{{AUTHOR_TIER}}">{{AUTHOR_TIER}}</span> · <time datetime="{{CREATED_AT}}">{{CREATED_AT}}</time>{{#SPORT}} · {{NAME}}{{/SPORT}}{{#EDITED}} · <a href="#history">edited</a> <time datetime="{{AT}}">{{AT}}</time>{{/EDITED}}</p>
  {{#TITLE}}<h1>{{TEXT}}</h1>{{/TITLE}}
  {{#BET}}<dl class="bet-summary bet-{{STATUS}}">
    <div><dt>Event</dt><dd><a href="/events/{{EVENT_ID}}">{{EVENT}}</a> <span class="muted small">{{COMPETITION}} · <time datetime="{{STARTS_AT}}">{{STARTS_AT}}</time></span></dd></div>
    <div><dt>Selection</dt><dd>{{SELECTION}} <span class="muted small">{{MARKET}}</span>{{>COPIED_FROM}}</dd></div>
    <div><dt>Odds</dt><dd>{{ODDS}}</dd></div>
    <div><dt>Stake</dt><dd>{{STAKE}}</dd></div>
    <div><dt>Potential payout</dt><dd>{{POTENTIAL}}</dd></div>
    <div><dt>Result</dt><dd><span class="status status-{{STATUS}}" data-bet-result="{{STATUS}}">{{STATUS_LABEL}}</span>{{#SETTLED}} · paid {{PAYOUT}}{{#SCORE}} · {{SCORE}}{{/SCORE}}{{/SETTLED}}</dd></div>
  </dl>{{/BET}}
  <div class="post-content">{{CONTENT}}</div>
  {{#CONFIDENCE}}<p class="muted small">Confidence {{VALUE}}/10</p>{{/CONFIDENCE}}
  <p>{{#TAGS}}<span class="chip">#{{TAG}}</span> {{/TAGS}}</p>
  <p class="post-counts"><span data-count="likes">{{LIKES}}</span> likes · <span data-count="comments">{{COMMENTS}}</span> comments · <span data-count="shares">{{SHARES}}</span> shares · <span data-count="copies">{{COPIES}}</span> copies</p>
  {{#MEMBER}}<div class="post-actions">
    {{#ACTION_PROBLEM}}<p class="field-error" role="alert">{{MSG}}</p>{{/ACTION_PROBLEM}}
    {{#NOT_LIKED}}<form method="post" action="/posts/{{POST_ID}}/like"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit">Like</button></form>{{/NOT_LIKED}}
    {{#LIKED}}<form method="post" action="/posts/{{POST_ID}}/unlike"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit">Unlike</button></form>{{/LIKED}}
    {{#CAN_SHARE}}<form method="post" action="/posts/{{POST_ID}}/share"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit">Share with my followers</button></form>{{/CAN_SHARE}}
    {{#SHARED}}<span class="muted small">You shared this post.</span>{{/SHARED}}
    {{#CAN_COPY}}<form method="post" action="/posts/{{POST_ID}}/copy" class="copy-bet">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      {{#COPY_PROBLEM}}<p class="field-error" role="alert">{{MSG}}</p>{{/COPY_PROBLEM}}
      <label for="copy-amount">Copy this bet: amount</label>
      <input id="copy-amount" name="amount" inputmode="decimal" placeholder="10.00" size="8" value="{{VAL_amount}}">
      {{#ERR_amount}}<p class="field-error" role="alert">Amount {{MSG}}</p>{{/ERR_amount}}
      <span class="muted small">or</span>
      <label for="copy-pct">% of my bankroll</label>
      <input id="copy-pct" name="percentage" inputmode="decimal" placeholder="2" size="4" value="{{VAL_percentage}}">
      {{#ERR_percentage}}<p class="field-error" role="alert">Percentage {{MSG}}</p>{{/ERR_percentage}}
      <button type="submit">Copy this bet</button>
      <span class="muted small">At the price now on offer, capped like every copy (docs: at most 5 % of your bankroll).</span>
    </form>{{/CAN_COPY}}
  </div>{{/MEMBER}}
  {{#IS_AUTHOR}}<p><a href="/posts/{{POST_ID}}/edit">Edit</a></p>{{/IS_AUTHOR}}
  {{#HAS_HISTORY}}<details id="history" class="post-history">
    <summary>Edit history</summary>
    <ol>{{#HISTORY}}
      <li><p class="muted small">Version replaced at <time datetime="{{REPLACED_AT}}">{{REPLACED_AT}}</time>{{#AFTER_START}} <strong>after the event started</strong>{{/AFTER_START}}</p>
        {{#OLD_TITLE}}<p><strong>{{TEXT}}</strong></p>{{/OLD_TITLE}}<div class="post-content">{{OLD_CONTENT}}</div></li>{{/HISTORY}}
    </ol>
  </details>{{/HAS_HISTORY}}
</article>
<section class="card comments" id="comments" aria-labelledby="comments-title">
  <h2 id="comments-title">Comments</h2>
  {{#NO_COMMENTS}}<p class="muted">No comments yet.</p>{{/NO_COMMENTS}}
  <ol class="comment-list">{{#COMMENTS}}
    <li id="c-{{COMMENT_ID}}"><p class="muted small"><a href="/u/{{USERNAME}}">{{DISPLAY}}</a> · <time datetime="{{CREATED_AT}}">{{CREATED_AT}}</time></p>
      <div class="comment-content">{{CONTENT}}</div>
      <ol class="replies">{{#REPLIES}}
        <li id="c-{{COMMENT_ID}}"><p class="muted small"><a href="/u/{{USERNAME}}">{{DISPLAY}}</a> · <time datetime="{{CREATED_AT}}">{{CREATED_AT}}</time></p>
          <div class="comment-content">{{CONTENT}}</div></li>{{/REPLIES}}
      </ol>
      {{#REPLY_FORM}}<details><summary>Reply</summary>
        <form method="post" action="/posts/{{POST_ID}}/comments"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="parent_id" value="{{PARENT_ID}}">
          <label for="r-{{PARENT_ID}}">Your reply</label><textarea id="r-{{PARENT_ID}}" name="content" rows="2" maxlength="2000" required></textarea><button type="submit">Reply</button></form>
      </details>{{/REPLY_FORM}}
    </li>{{/COMMENTS}}
  </ol>
  {{#MEMBER}}<form method="post" action="/posts/{{POST_ID}}/comments" class="comment-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <label for="comment">Add a comment</label>
    <textarea id="comment" name="content" rows="3" maxlength="2000" required></textarea>
    <button type="submit">Comment</button>
  </form>{{/MEMBER}}
  {{#SIGNED_OUT_POST}}<p class="muted"><a href="/signin">Sign in</a> to like and comment.</p>{{/SIGNED_OUT_POST}}
</section>
