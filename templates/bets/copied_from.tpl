{{%AUTOESCAPE context="HTML"}}<span class="copied-from">copied from <a href="/u/{{TRADER}}">@{{TRADER}}</a></span>
