{{%AUTOESCAPE context="HTML"}}<section class="card">
  <h1>Brands on this installation</h1>
  <p class="muted">Add or disable brands with <code>tailgate tenant add|disable SLUG</code>.</p>
  <div class="table-wrap">
  <table>
    <thead><tr><th scope="col">Brand</th><th scope="col">Slug</th><th scope="col">Money</th><th scope="col">Status</th></tr></thead>
    <tbody>
{{#TENANTS}}      <tr><td>{{NAME}}</td><td><code>{{SLUG}}</code></td><td>{{MONEY_MODE}}</td><td>{{STATUS}}</td></tr>
{{/TENANTS}}
    </tbody>
  </table>
  </div>
</section>
