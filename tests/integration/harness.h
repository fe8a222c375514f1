/*
 * Integration-test harness: HTTP through the real nginx in front of the real
 * application and PostgreSQL, with libcurl. Each test is a function; CHECK
 * records a failure without stopping the test. The stack is started by
 * scripts/test.sh; PORT and TAILGATE_VAR say where.
 */
#ifndef TG_HARNESS_H
#define TG_HARNESS_H

#include <stddef.h>

#include <jansson.h>

struct resp {
	long status;
	char *body;
	size_t len;
	char *headers;
	json_t *json; /* parsed when the response is JSON */
};

struct client {
	const char *host; /* "demo.localhost" */
	char cookie[128]; /* session token, "" when signed out */
	char csrf[80];
	int ipv6; /* connect over [::1]: another client address than 127.0.0.1 */
};

extern int h_failed_checks;

#define CHECK(cond, ...)                                                \
	do {                                                            \
		if (!(cond))                                            \
			h_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)
void h_fail(const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* method, path, content type (NULL: none), body (NULL: none), extra header lines. */
int h_req(struct client *, const char *method, const char *path, const char *ctype,
    const char *body, struct resp *, const char *extra1, const char *extra2);
int h_get(struct client *, const char *path, struct resp *);
int h_form(struct client *, const char *path, const char *body, struct resp *);
int h_json(struct client *, const char *method, const char *path, const char *json, struct resp *);
void h_free(struct resp *);
const char *h_header(const struct resp *, const char *name, char *out, size_t outsz);
int h_contains(const struct resp *, const char *needle);

/* A signed-out client of the demo or acme brand. */
struct client h_demo(void);
struct client h_acme(void);

/* Signs up over JSON; fills cookie and csrf. Returns the status. */
int h_signup(struct client *, const char *username, const char *password, char *user_id_out);
int h_login(struct client *, const char *login, const char *password);
/* A member of the demo brand with their own signed-in client. */
#define H_PASSWORD "Correct-Horse-Battery-9"
struct h_member {
	struct client c;
	char id[37];
	char name[64];
};
/* Signs up a new member named prefix + a unique suffix, with H_PASSWORD
 * (a failed check when the sign-up is refused). */
void h_member_new(struct h_member *, const char *prefix);
/* The client's cash in minor units (GET /social/wallet), -1 on failure. */
long long h_wallet_cash(struct client *);
/* Fills c->csrf from GET /social/me; returns the status. */
int h_me(struct client *, char *user_id_out);

/* The pids of `tailgate serve`'s workers; returns how many (pids NULL:
 * only counts them). */
int h_serve_workers(int *pids, int max);
/* Whether every pid of before[0..n) is gone and n workers run again. */
int h_serve_replaced(const int *before, int n);
/* SIGHUP to serve, then waits (H_UNTIL) until every worker is a new one:
 * brands and configuration freshly loaded. */
void h_reload(void);
/*
 * A live subscriber: GET /live/<channel> as client c through nginx and nchan
 * (server-sent events), read by curl in the background into a file of the
 * test stack. Opening waits (H_UNTIL) until nchan counts the subscriber, so
 * whatever is published after h_sse_open returns reaches it; a message is
 * awaited with H_UNTIL(h_sse_count(&s, "...") > 0, ...), never a pause.
 */
struct h_sse {
	long pid; /* curl's */
	char channel[64];
	char path[512];
};
/* Returns whether the subscription is up (else a failed check). */
int h_sse_open(struct h_sse *, const struct client *c, const char *channel);
/* How many times needle occurs in what the subscriber has received. */
int h_sse_count(const struct h_sse *, const char *needle);
/* What it has received so far (at most outsz - 1 bytes). */
const char *h_sse_text(const struct h_sse *, char *out, size_t outsz);
/* The messages nchan holds for the channel (its buffer, replayed to a new
 * subscriber oldest first); -1 when it cannot say. */
int h_sse_held(const struct h_sse *);
/* Ends the subscriber and removes its file. */
void h_sse_close(struct h_sse *);
/* Runs a shell command; returns its exit status; output into out when given. */
int h_sh(char *out, size_t outsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* psql -tA as the admin role (or as tailgate_app when app=1), as the stack allows. */
int h_sql(int app, char *out, size_t outsz, const char *sql);
void h_unique(char *out, size_t n, const char *prefix);
/* A football event of tenant demo starting in `starts_in` seconds, with a
 * 1X2 market (2.10 / 3.40 / 3.60), a home -0.25 handicap and a total 2.5. */
struct h_event {
	char event[37];
	long home, draw, away; /* 1X2 selections */
	long ah_home, ah_away; /* handicap -0.25 (home's line) */
	long over, under;      /* total 2.5 */
};
int h_event_new(struct h_event *, int starts_in);
/* Finishes the event with this score and waits for its settlement job. */
void h_event_result(const struct h_event *, int home, int away);
int h_port(void);
const char *h_var(void);
/*
 * Waiting for something to happen: H_UNTIL(cond, fmt, ...) evaluates cond
 * until it holds, a few milliseconds apart at first and then every 100 ms,
 * for at most H_WAIT_S seconds; then a failed check naming the condition
 * and the message (its arguments are evaluated after the last poll, so they
 * can show the last state seen). It evaluates to whether cond held. The
 * deadline is generous because a wait ends as soon as its condition holds:
 * it only matters when the machine is busy (two test runs on two cores) or
 * when the thing awaited never happens. H_UNTIL_S(secs, cond, fmt, ...) is
 * the same with its own deadline, for work known to take longer.
 */
#define H_WAIT_S 60
#define H_UNTIL(cond, ...) H_UNTIL_S(H_WAIT_S, cond, __VA_ARGS__)
#define H_UNTIL_S(secs, cond, ...)                                                          \
	({                                                                                  \
		struct h_wait h_w_;                                                         \
		int h_ok_;                                                                  \
		h_wait_start(&h_w_, (secs));                                                \
		while (!(h_ok_ = !!(cond)) && h_wait_more(&h_w_))                           \
			;                                                                   \
		if (!h_ok_)                                                                 \
			h_fail(__FILE__, __LINE__, "not within " H_STR_(secs) " s: " #cond, \
			    __VA_ARGS__);                                                   \
		h_ok_;                                                                      \
	})
#define H_STR_(x) H_STR2_(x)
#define H_STR2_(x) #x
struct h_wait {
	long long end_ms; /* CLOCK_MONOTONIC */
	int polls;
};
void h_wait_start(struct h_wait *, int secs);
/* Sleeps until the next poll; 0 (no sleep) once the deadline has passed. */
int h_wait_more(struct h_wait *);

/* Waits (H_UNTIL) until the demo brand's worker has run every due job of
 * `kind` (queued or running); jobs that have failed before are not waited
 * for: other tests queue bad ones on purpose. */
void h_drain(const char *kind);
/* The first line of psql -tA's answer to the query (admin role) equals
 * `want`; the answer into out. For H_UNTIL: h_sql_is(q, "0", out, sizeof(out)). */
int h_sql_is(const char *sql, const char *want, char *out, size_t outsz);

/* One number from printf-formatted SQL (admin role); -999999 and a failed
 * check when the query fails. */
long long h_sql_num(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A string ("" when absent) or integer member of a JSON object. */
const char *h_jstr(json_t *, const char *key);
long long h_jint(json_t *, const char *key);
/* Places a bet of m over JSON (odds as JSON text, e.g. "2.1"); a failed
 * check unless 201. The bet's id into bet_id (37 bytes) when given. */
long h_bet(struct h_member *m, long selection, long long stake, const char *odds, char *bet_id);

/* Tests in other files register themselves; itest.c runs its own table
 * first, then these in link order (files sorted by name). */
void h_register(const char *name, void (*fn)(void));
#define ITEST(fn, name)                                         \
	static void fn(void);                                   \
	__attribute__((constructor)) static void reg_##fn(void) \
	{                                                       \
		h_register(name, fn);                           \
	}
size_t h_registered(const char **name, void (**fn)(void), size_t i);

#endif
