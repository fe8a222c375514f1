{{%AUTOESCAPE context="CSS"}}/* Brand colours from tenant.json; app.css uses these variables. */
:root {
  --primary: {{PRIMARY}};
  --accent: {{ACCENT}};
  --bg: {{BACKGROUND}};
  --surface: {{SURFACE}};
  --text: {{TEXT}};
  --font: {{FONT}}, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
