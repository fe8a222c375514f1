/* Integration-test harness (see harness.h). */
#include "harness.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <curl/curl.h>

int h_failed_checks;

void
h_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	h_failed_checks++;
	fprintf(stdout, "#   %s:%d: check failed: %s: ", file, line, expr);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

int
h_port(void)
{
	const char *p = getenv("PORT");

	return p ? atoi(p) : 8080;
}

const char *
h_var(void)
{
	const char *v = getenv("TAILGATE_VAR");

	return v ? v : "var";
}

/* The pause between polls; tests have none of their own (H_UNTIL). */
static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
h_wait_start(struct h_wait *w, int secs)
{
	w->end_ms = now_ms() + secs * 1000LL;
	w->polls = 0;
}

int
h_wait_more(struct h_wait *w)
{
	/* 5, 10, 20, 40, 80 ms, then every 100 ms: quick things are seen
	 * quickly, slow ones cost a poll (often a psql) ten times a second. */
	int ms = w->polls < 5 ? 5 << w->polls : 100;

	if (now_ms() >= w->end_ms)
		return 0;
	w->polls++;
	sleep_ms(ms);
	return 1;
}

int
h_sql_is(const char *sql, const char *want, char *out, size_t outsz)
{
	return h_sql(0, out, outsz, sql) == 0 && strcmp(out, want) == 0;
}

void
h_drain(const char *kind)
{
	char q[256], out[64] = "";

	snprintf(q, sizeof(q),
	    "SELECT count(*) FROM t_demo.jobs WHERE kind = '%s' "
	    "AND state IN ('queued', 'running') AND run_at <= now() AND last_error IS NULL;",
	    kind);
	H_UNTIL(
	    h_sql_is(q, "0", out, sizeof(out)), "the %s jobs due have run (%s left)", kind, out);
}

struct sink {
	char *p;
	size_t n;
};

static size_t
collect(char *d, size_t sz, size_t nm, void *u)
{
	struct sink *s = u;
	size_t n = sz * nm;
	char *np = realloc(s->p, s->n + n + 1);

	if (np == NULL)
		return 0;
	memcpy(np + s->n, d, n);
	s->n += n;
	np[s->n] = '\0';
	s->p = np;
	return n;
}

/* Picks the session cookie out of Set-Cookie headers. */
static void
take_cookie(struct client *c, const char *headers)
{
	const char *p = headers;

	while ((p = strcasestr(p, "\nSet-Cookie: ")) != NULL) {
		const char *v = strchr(p, ':') + 2, *eq = strchr(v, '='), *end;

		p++;
		if (eq == NULL || strncmp(v, "__Host-tg_session", (size_t)(eq - v)) != 0)
			continue;
		end = strpbrk(eq + 1, ";\r\n");
		snprintf(c->cookie, sizeof(c->cookie), "%.*s", (int)(end - eq - 1), eq + 1);
	}
}

int
h_req(struct client *c, const char *method, const char *path, const char *ctype, const char *body,
    struct resp *r, const char *extra1, const char *extra2)
{
	CURL *cu = curl_easy_init();
	struct curl_slist *h = NULL;
	struct sink b = { NULL, 0 }, hd = { NULL, 0 };
	char url[2048], line[512];
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "http://%s:%d%s", c != NULL && c->ipv6 ? "[::1]" : "127.0.0.1",
	    h_port(), path);
	snprintf(line, sizeof(line), "Host: %s", c && c->host ? c->host : "demo.localhost");
	h = curl_slist_append(h, line);
	if (c != NULL && c->cookie[0]) {
		snprintf(line, sizeof(line), "Cookie: __Host-tg_session=%s", c->cookie);
		h = curl_slist_append(h, line);
	}
	if (ctype != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s", ctype);
		h = curl_slist_append(h, line);
	}
	if (extra1 != NULL)
		h = curl_slist_append(h, extra1);
	if (extra2 != NULL)
		h = curl_slist_append(h, extra2);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(cu, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(cu, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(cu, CURLOPT_HEADERDATA, &hd);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	rc = curl_easy_perform(cu);
	if (rc == CURLE_OK)
		curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(cu);
	r->body = b.p ? b.p : calloc(1, 1);
	r->len = b.n;
	r->headers = hd.p ? hd.p : calloc(1, 1);
	if (c != NULL)
		take_cookie(c, r->headers);
	if (strcasestr(r->headers, "Content-Type: application/json") != NULL)
		r->json = json_loadb(r->body, r->len, 0, NULL);
	return rc == CURLE_OK ? (int)r->status : -1;
}

int
h_get(struct client *c, const char *path, struct resp *r)
{
	return h_req(c, "GET", path, NULL, NULL, r, NULL, NULL);
}

int
h_form(struct client *c, const char *path, const char *body, struct resp *r)
{
	return h_req(c, "POST", path, "application/x-www-form-urlencoded", body, r, NULL, NULL);
}

int
h_json(struct client *c, const char *method, const char *path, const char *json, struct resp *r)
{
	char hdr[128] = "";

	if (c != NULL && c->csrf[0])
		snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", c->csrf);
	return h_req(c, method, path, json ? "application/json" : NULL, json, r,
	    hdr[0] ? hdr : NULL, "Accept: application/json");
}

void
h_free(struct resp *r)
{
	free(r->body);
	free(r->headers);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

const char *
h_header(const struct resp *r, const char *name, char *out, size_t outsz)
{
	char pat[128];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\n%s: ", name);
	if ((p = strcasestr(r->headers, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	e = strpbrk(p, "\r\n");
	snprintf(out, outsz, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return out;
}

int
h_contains(const struct resp *r, const char *needle)
{
	return r->body != NULL && strstr(r->body, needle) != NULL;
}

static void
take_me(struct client *c, struct resp *r, char *user_id_out)
{
	json_t *t = json_object_get(r->json, "csrf_token");
	json_t *u = json_object_get(json_object_get(r->json, "user"), "user_id");

	if (json_is_string(t))
		snprintf(c->csrf, sizeof(c->csrf), "%s", json_string_value(t));
	if (user_id_out != NULL && json_is_string(u))
		snprintf(user_id_out, 37, "%s", json_string_value(u));
}

void
h_member_new(struct h_member *m, const char *prefix)
{
	m->c = h_demo();
	h_unique(m->name, sizeof(m->name), prefix);
	CHECK(h_signup(&m->c, m->name, H_PASSWORD, m->id) == 201, "signup of %s", m->name);
}

int
h_signup(struct client *c, const char *username, const char *password, char *user_id_out)
{
	json_t *j =
	    json_pack("{s:s, s:s, s:s}", "username", username, "email", "x", "password", password);
	char email[128], *body;
	struct resp r;
	int st;

	snprintf(email, sizeof(email), "%s@example.test", username);
	json_object_set_new(j, "email", json_string(email));
	body = json_dumps(j, 0);
	json_decref(j);
	st = h_json(c, "POST", "/social/auth/signup", body, &r);
	free(body);
	take_me(c, &r, user_id_out);
	h_free(&r);
	return st;
}

int
h_login(struct client *c, const char *login, const char *password)
{
	json_t *j = json_pack("{s:s, s:s}", "login", login, "password", password);
	char *body = json_dumps(j, 0);
	struct resp r;
	int st;

	json_decref(j);
	c->csrf[0] = '\0';
	st = h_json(c, "POST", "/social/auth/login", body, &r);
	free(body);
	take_me(c, &r, NULL);
	h_free(&r);
	return st;
}

int
h_serve_workers(int *pids, int max)
{
	char out[1024], *p;
	int n = 0;

	h_sh(out, sizeof(out), "pgrep -P $(cat '%s/run/serve.pid')", h_var());
	for (p = strtok(out, "\n"); p && (pids == NULL || n < max); p = strtok(NULL, "\n"))
		if (pids == NULL)
			n++;
		else
			pids[n++] = atoi(p);
	return n;
}

int
h_serve_replaced(const int *before, int n)
{
	int after[16], m = h_serve_workers(after, 16);

	for (int a = 0; a < n; a++)
		for (int b = 0; b < m; b++)
			if (before[a] == after[b])
				return 0;
	return m >= n;
}

void
h_reload(void)
{
	int before[16], n = h_serve_workers(before, 16);
	char out[64];

	h_sh(out, sizeof(out), "kill -HUP $(cat '%s/run/serve.pid')", h_var());
	H_UNTIL(h_serve_replaced(before, n), "every one of %d workers replaced after SIGHUP", n);
}

/* nchan's view of a channel over its publisher socket (scripts/stack.sh,
 * nginx/nginx.conf.in): {"messages": n, "subscribers": n, ...}; NULL while
 * the channel does not exist (404). */
static json_t *
channel_info(const char *channel)
{
	char out[1024] = "";

	if (h_sh(out, sizeof(out),
	        "curl -fsS --max-time 10 --unix-socket '%s/run/nchan/nchan.sock' "
	        "-H 'Accept: application/json' 'http://localhost/pub/%s' 2>/dev/null",
	        h_var(), channel) != 0)
		return NULL;
	return json_loads(out, 0, NULL);
}

static int
channel_subscribers(const char *channel)
{
	json_t *j = channel_info(channel);
	int n = j ? (int)json_integer_value(json_object_get(j, "subscribers")) : 0;

	json_decref(j);
	return n;
}

int
h_sse_open(struct h_sse *s, const struct client *c, const char *channel)
{
	char out[32] = "", tag[32];

	h_unique(tag, sizeof(tag), "sse");
	snprintf(s->channel, sizeof(s->channel), "%s", channel);
	snprintf(s->path, sizeof(s->path), "%s/itest-%s.txt", h_var(), tag);
	/* curl outlives any wait of a test; h_sse_close ends it */
	h_sh(out, sizeof(out),
	    "curl -s -N --max-time %d -H 'Host: %s' -H 'Accept: text/event-stream' "
	    "-H 'Cookie: __Host-tg_session=%s' 'http://127.0.0.1:%d/live/%s' "
	    ">'%s' 2>/dev/null </dev/null & echo $!",
	    4 * H_WAIT_S, c->host ? c->host : "demo.localhost", c->cookie, h_port(), channel,
	    s->path);
	s->pid = atol(out);
	CHECK(s->pid > 0, "curl started: %s", out);
	return s->pid > 0 &&
	    H_UNTIL(
	        channel_subscribers(channel) > 0, "nchan counts a subscriber of /live/%s", channel);
}

const char *
h_sse_text(const struct h_sse *s, char *out, size_t outsz)
{
	FILE *f = fopen(s->path, "r");
	size_t n = f ? fread(out, 1, outsz - 1, f) : 0;

	out[n] = '\0';
	if (f != NULL)
		fclose(f);
	return out;
}

int
h_sse_count(const struct h_sse *s, const char *needle)
{
	static char text[1 << 16];
	int n = 0;

	h_sse_text(s, text, sizeof(text));
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

int
h_sse_held(const struct h_sse *s)
{
	json_t *j = channel_info(s->channel);
	int n = j ? (int)json_integer_value(json_object_get(j, "messages")) : -1;

	json_decref(j);
	return n;
}

void
h_sse_close(struct h_sse *s)
{
	if (s->pid > 0)
		kill((pid_t)s->pid, SIGTERM);
	s->pid = 0;
	unlink(s->path);
}

long long
h_wallet_cash(struct client *c)
{
	struct resp r;
	long long v = -1;

	if (h_json(c, "GET", "/social/wallet", NULL, &r) == 200 && r.json)
		v = json_integer_value(json_object_get(r.json, "cash"));
	h_free(&r);
	return v;
}

int
h_me(struct client *c, char *user_id_out)
{
	struct resp r;
	int st = h_json(c, "GET", "/social/me", NULL, &r);

	take_me(c, &r, user_id_out);
	h_free(&r);
	return st;
}

int
h_sh(char *out, size_t outsz, const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	FILE *p;
	size_t n = 0;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (out != NULL && outsz > 0) {
		n = fread(out, 1, outsz - 1, p);
		out[n] = '\0';
		while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
			out[--n] = '\0';
	} else {
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
h_sql(int app, char *out, size_t outsz, const char *sql)
{
	char path[1024];

	/* The SQL goes through a file so that no quoting is needed. */
	snprintf(path, sizeof(path), "%s/itest.sql", h_var());
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(sql, f);
	fclose(f);
	/* tailgate_app logs in by peer authentication, the admin role with the
	 * password that scripts/stack.sh keeps in $TAILGATE_VAR/admin.pgpass. */
	return h_sh(out, outsz,
	    "PGPASSFILE='%s/admin.pgpass' psql -X -q -tA -v ON_ERROR_STOP=1 "
	    "-h '%s/run/pg' -U %s -d tailgate -f '%s' 2>&1",
	    h_var(), h_var(), app ? "tailgate_app" : "tailgate_admin", path);
}

void
h_unique(char *out, size_t n, const char *prefix)
{
	static unsigned seq;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(out, n, "%s%lx%u", prefix,
	    (unsigned long)(ts.tv_nsec / 1000) ^ (unsigned long)getpid(), ++seq);
}

static struct {
	const char *name;
	void (*fn)(void);
} registered[128];
static size_t nregistered;

void
h_register(const char *name, void (*fn)(void))
{
	if (nregistered < sizeof(registered) / sizeof(registered[0])) {
		registered[nregistered].name = name;
		registered[nregistered].fn = fn;
		nregistered++;
	}
}

size_t
h_registered(const char **name, void (**fn)(void), size_t i)
{
	if (i < nregistered) {
		*name = registered[i].name;
		*fn = registered[i].fn;
	}
	return nregistered;
}

struct client
h_demo(void)
{
	struct client c;

	memset(&c, 0, sizeof(c));
	c.host = "demo.localhost";
	return c;
}

struct client
h_acme(void)
{
	struct client c = h_demo();

	c.host = "acme.localhost";
	return c;
}

/* An event starting in `starts_in` seconds with three markets (harness.h). */
void
h_event_result(const struct h_event *f, int home, int away)
{
	char sql[1024], out[512];

	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; UPDATE events SET status = 'finished', "
	    "home_score = %d, away_score = %d, result_version = result_version + 1, "
	    "starts_at = least(starts_at, now() - interval '2 hours') WHERE id = '%s';"
	    "INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '%s'));",
	    home, away, f->event, f->event);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "result: %s", out);
	h_drain("settle");
}

int
h_event_new(struct h_event *f, int starts_in)
{
	char sql[2048], out[512], tag[24];

	h_unique(tag, sizeof(tag), "T");
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo;"
	    "INSERT INTO competitions (sport, code, name) VALUES ('football', 'ITEST', 'Test League') "
	    "ON CONFLICT (sport, code) DO NOTHING;"
	    "INSERT INTO teams (sport, name) VALUES ('football', '%s Rovers'), ('football', '%s Town');"
	    "WITH e AS (INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, source, source_key) "
	    " SELECT gen_random_uuid(), (SELECT id FROM competitions WHERE code = 'ITEST'), "
	    " (SELECT id FROM teams WHERE name = '%s Rovers'), (SELECT id FROM teams WHERE name = '%s Town'), "
	    " now() + make_interval(secs => %d), 'manual', '%s' RETURNING id), "
	    "m AS (INSERT INTO markets (event_id, kind, line) SELECT e.id, k.kind, k.line FROM e, "
	    " (VALUES ('1x2', 0), ('handicap', -25), ('total', 250)) AS k (kind, line) RETURNING id, kind) "
	    "INSERT INTO selections (market_id, outcome, odds, opening_odds) "
	    "SELECT m.id, o.outcome, o.odds, o.odds FROM m JOIN (VALUES ('1x2', 'home', 2100), ('1x2', 'draw', 3400), "
	    " ('1x2', 'away', 3600), ('handicap', 'home', 1950), ('handicap', 'away', 1900), "
	    " ('total', 'over', 2000), ('total', 'under', 1850)) AS o (kind, outcome, odds) ON o.kind = m.kind;"
	    "SELECT e.id || ' ' || string_agg(s.id::text, ' ' ORDER BY m.id, s.outcome) FROM events e "
	    "JOIN markets m ON m.event_id = e.id JOIN selections s ON s.market_id = m.id "
	    "WHERE e.source_key = '%s' GROUP BY e.id;",
	    tag, tag, tag, tag, starts_in, tag, tag);
	if (h_sql(0, out, sizeof(out), sql) != 0)
		return -1;
	/* selections in market order (1x2, handicap, total), outcomes alphabetical */
	return sscanf(out, "%36s %ld %ld %ld %ld %ld %ld %ld", f->event, &f->away, &f->draw,
	           &f->home, &f->ah_away, &f->ah_home, &f->over, &f->under) == 8
	    ? 0
	    : -1;
}

long long
h_sql_num(const char *fmt, ...)
{
	char sql[8192], out[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (h_sql(0, out, sizeof(out), sql) != 0 || out[0] == '\0') {
		CHECK(0, "query failed: %s: %s", sql, out);
		return -999999;
	}
	return atoll(out);
}

const char *
h_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

long long
h_jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

long
h_bet(struct h_member *m, long selection, long long stake, const char *odds, char *bet_id)
{
	char body[512], key[40];
	struct resp r;
	long st;

	h_unique(key, sizeof(key), "hb");
	snprintf(body, sizeof(body),
	    "{\"selection_id\": %ld, \"stake\": %lld, \"odds\": %s, "
	    "\"idempotency_key\": \"%s\"}",
	    selection, stake, odds, key);
	st = h_json(&m->c, "POST", "/social/bets", body, &r);
	CHECK(st == 201, "bet of %s placed (%ld %s)", m->name, st, r.body);
	if (bet_id != NULL)
		snprintf(bet_id, 37, "%s",
		    st == 201 && r.json ? h_jstr(json_object_get(r.json, "bet"), "bet_id") : "");
	h_free(&r);
	return st;
}
