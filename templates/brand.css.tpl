{{%AUTOESCAPE context="CSS"}}/* Brand colours from tenant.json; app.css uses these variables. */
:root {
  --primary: {{PRIMARY}};
  --accent: {{ACCENT}};
  --bg: {{BACKGROUND}};
  --surface: {{SURFACE}};
  --text: {{TEXT}};
  --profit: {{PROFIT}};
  --loss: {{LOSS}};
  /* text on a primary or accent fill: white or near-black, whichever reads (tenancy_color_ink) */
  --on-primary: {{ON_PRIMARY}};
  --on-accent: {{ON_ACCENT}};
  --font: {{FONT}}, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
