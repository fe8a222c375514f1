{{%AUTOESCAPE context="HTML"}}<section class="card profile-posts" aria-labelledby="posts-title">
  <h2 id="posts-title">Posts</h2>
  {{#NO_POSTS}}<p class="muted">No posts yet.</p>{{/NO_POSTS}}
  <ol class="post-list">{{#POSTS_LIST}}
    <li class="post-{{POST_TYPE}}"><a href="/posts/{{POST_ID}}">{{#TITLE}}<strong>{{TEXT}}</strong>{{/TITLE}}</a>
      <p>{{EXCERPT}}{{#MORE}}… <a href="/posts/{{POST_ID}}">more</a>{{/MORE}}</p>
      <p class="muted small"><time datetime="{{CREATED_AT}}">{{CREATED_AT}}</time> · {{LIKES}} likes · {{COMMENTS}} comments · <a href="/posts/{{POST_ID}}">open</a></p></li>{{/POSTS_LIST}}
  </ol>
</section>
