{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Members <span class="muted">({{TOTAL}})</span></h1>
  {{#CHANGED}}<div class="notice" role="status"><p>Role updated. The member has been notified.</p></div>{{/CHANGED}}
  {{#ADJUSTED}}<div class="notice" role="status"><p>Wallet updated. The member has been notified.</p></div>{{/ADJUSTED}}
  {{#ADJUSTED_AGAIN}}<div class="notice" role="status"><p>That form was already submitted; nothing was posted twice.</p></div>{{/ADJUSTED_AGAIN}}
  <form method="get" action="/admin/users" class="search">
    <label for="q" class="sr-only">Search members</label>
    <input id="q" name="q" value="{{Q}}" placeholder="Search by name or email" maxlength="64">
    <button type="submit">Search</button>
  </form>
  <div class="table-wrap">
  <table>
    <thead><tr><th scope="col">Member</th><th scope="col">Email</th><th scope="col">Joined</th><th scope="col">Role</th></tr></thead>
    <tbody>
{{#USERS}}
      <tr>
        <td><a href="/u/{{USERNAME}}">{{DISPLAY_NAME}}</a> <span class="muted">@{{USERNAME}}</span></td>
        <td>{{EMAIL}}</td>
        <td>{{JOINED}}</td>
        <td>
          {{#NOT_SELF}}<form method="post" action="/admin/users/{{ID}}/role" class="inline">
            <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
            <label class="sr-only" for="role-{{ID}}">Role of {{USERNAME}}</label>
            <select id="role-{{ID}}" name="role">{{#ROLE_CHOICES}}<option value="{{VALUE}}" {{SELECTED}}>{{VALUE}}</option>{{/ROLE_CHOICES}}</select>
            <button type="submit" class="small">Change</button>
          </form>{{/NOT_SELF}}
          {{#IS_SELF}}{{ROLE}} <span class="muted">(you)</span>{{/IS_SELF}}
          {{#PLATFORM_ADMIN}}{{ROLE}} <span class="muted">(platform administrator)</span>{{/PLATFORM_ADMIN}}
          <form method="post" action="/admin/users/{{ID}}/adjust" class="adjust">
            <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
            <input type="hidden" name="idempotency_key" value="{{ADJUST_KEY}}">
            <label class="sr-only" for="amount-{{ID}}">Amount for {{USERNAME}}</label>
            <input id="amount-{{ID}}" name="amount" inputmode="decimal" placeholder="0.00" required>
            <label class="sr-only" for="dir-{{ID}}">Credit or debit</label>
            <select id="dir-{{ID}}" name="direction"><option value="credit">credit</option><option value="debit">debit</option></select>
            <label class="sr-only" for="memo-{{ID}}">Memo</label>
            <input id="memo-{{ID}}" name="memo" placeholder="memo" maxlength="200">
            <button type="submit" class="small">{{ADJUST_LABEL}}</button>
          </form>
        </td>
      </tr>
{{/USERS}}
    </tbody>
  </table>
  </div>
  <p class="pager">{{#PREV}}<a href="{{HREF}}">Previous</a>{{/PREV}} Page {{PAGE}} {{#NEXT}}<a href="{{HREF}}">Next</a>{{/NEXT}}</p>
</section>
