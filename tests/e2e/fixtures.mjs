// What several browser tests set up on a running, seeded stack: SQL as the
// admin role, a fresh event to bet on, and a seeded bettor signed in with
// the JSON API at hand. Used by record.mjs and forms.mjs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, WAIT_MS } from './lib.mjs';

const VAR = process.env.TAILGATE_VAR || join(dirname(fileURLToPath(import.meta.url)), '../../var');
export const PASSWORD = 'tailgate-demo-2026';   // the seeded demo bettors' (README)

// psql as the admin role (its password in the stack's admin.pgpass); the
// last statement's rows, tab-less single values.
export function sql(q) {
  return execFileSync('psql', ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', `${VAR}/run/pg`,
    '-U', 'tailgate_admin', '-d', 'tailgate', '-c', q],
  { encoding: 'utf8', env: { ...process.env, PGPASSFILE: join(VAR, 'admin.pgpass') } }).trim();
}

// A football event of the brand in a day, with a 1X2 market at 2.10 / 3.40 /
// 3.60; its id and the home selection's id.
export function newEvent(schema) {
  const tag = `E2E${randomBytes(4).toString('hex')}`;
  const out = sql(`SET ROLE ${schema};
    INSERT INTO competitions (sport, code, name) VALUES ('football', 'ITEST', 'Test League')
      ON CONFLICT (sport, code) DO NOTHING;
    INSERT INTO teams (sport, name) VALUES ('football', '${tag} Rovers'), ('football', '${tag} Town');
    WITH e AS (INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, source, source_key)
      SELECT gen_random_uuid(), (SELECT id FROM competitions WHERE code = 'ITEST'),
      (SELECT id FROM teams WHERE name = '${tag} Rovers'), (SELECT id FROM teams WHERE name = '${tag} Town'),
      now() + interval '1 day', 'manual', '${tag}' RETURNING id),
    m AS (INSERT INTO markets (event_id, kind, line) SELECT e.id, '1x2', 0 FROM e RETURNING id)
    INSERT INTO selections (market_id, outcome, odds, opening_odds)
      SELECT m.id, o.outcome, o.odds, o.odds FROM m,
      (VALUES ('home', 2100), ('draw', 3400), ('away', 3600)) AS o (outcome, odds);
    SELECT e.id || ' ' || s.id FROM events e JOIN markets m ON m.event_id = e.id
      JOIN selections s ON s.market_id = m.id WHERE e.source_key = '${tag}' AND s.outcome = 'home';`);
  const [event, home] = out.split(/\s+/);
  return { event, home: Number(home) };
}

// JSON through the page (its session cookie, and its CSRF token for a change once signed in).
export async function api(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const headers = { 'Content-Type': 'application/json' };
    if (m !== 'GET' && p !== '/social/auth/login') {
      headers['X-CSRF-Token'] = (await (await fetch('/social/me')).json()).csrf_token;
    }
    const r = await fetch(p, { method: m, headers, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, json: await r.json().catch(() => null) };
  }, [method, path, body]);
}

// A seeded bettor signed in, in a context of their own; console errors and
// uncaught exceptions go to problems.
export async function signedIn(browser, base, login, problems) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${base}/`);
  const r = await api(page, 'POST', '/social/auth/login', { login, password: PASSWORD });
  check(r.status === 200, `sign-in of ${login} answered ${r.status}`);
  const me = await api(page, 'GET', '/social/me');
  return { context, page, id: me.json.user.user_id };
}
