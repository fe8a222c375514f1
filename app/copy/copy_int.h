/* copy internals: relationships and copies as the JSON endpoints and the
 * pages share them (copy_relations.c). */
#ifndef TG_COPY_INT_H
#define TG_COPY_INT_H

#include <libpq-fe.h>

#include "copy.h"
#include "../http/http.h"

/* The routes' tables and handlers (copy_module.c mounts them), and the
 * simulation over a stored history: the module's own. */

/* ---- JSON (copy_api.c) ---- */
extern const struct http_field copy_create_fields[];
int copy_api_create(struct http_req *);   /* POST /social/copy-trading/relationships */
int copy_api_mine(struct http_req *);     /* GET  .../my-relationships */
int copy_api_get(struct http_req *);      /* GET  .../relationships/{id} (with copies) */
int copy_api_settings(struct http_req *); /* PUT  .../relationships/{id}/settings */
int copy_api_pause(struct http_req *);    /* POST .../relationships/{id}/pause */
int copy_api_resume(struct http_req *);   /* POST .../relationships/{id}/resume */
int copy_api_stop(struct http_req *);     /* POST .../relationships/{id}/stop */
int copy_api_copies(struct http_req *);   /* GET  /social/copy-trading/copies */
/* Listings of copies, newest first, a page at a time: cursor (the last copy
 * id of the previous page) and limit (1..COPY_PAGE_MAX, COPY_PAGE). */
#define COPY_PAGE 50
#define COPY_PAGE_MAX 100
extern const struct http_field copy_list_fields[];
extern const struct http_field copy_mine_fields[]; /* copy_list_fields + done */
/* "Copy this bet" (copy_post.c): POST /social/posts/{post_id}/copy-bet
 * {amount (minor units) | percentage}, and the post page's form
 * POST /posts/{post_id}/copy {amount ("25.00") | percentage}. */
extern const struct http_field copy_post_fields[];
int copy_api_post_copy(struct http_req *);
extern const struct http_field copy_simulate_fields[];
int copy_api_simulate(struct http_req *); /* POST /social/copy-trading/simulate */

/* ---- the simulation over a trader's stored history (copy_sim.c) ---- */

#define COPY_SIM_MAX_BETS 5000 /* the newest settled bets replayed */
#define COPY_SIM_CURVE_MAX 500 /* points of the curve the API answers with */

struct copy_sim_run {
	int64_t since;    /* unix seconds: 00:00 UTC of the day asked */
	int64_t bankroll; /* the starting bankroll used */
	size_t nbets;     /* bets replayed */
	int capped;       /* more settled bets than COPY_SIM_MAX_BETS since then */
	struct copy_sim_result r;
};

/* A field check: "YYYY-MM-DD", a real day, not after today (UTC). */
const char *copy_check_since(const char *);
/* Replays trader_id's settled bets placed since `since` ("YYYY-MM-DD")
 * through copy_simulate() with the brand's limits, from `bankroll` (0: the
 * member's own cash and money in play). Each trader bet carries the
 * trader's bankroll before its stake, read back from the ledger (docs/copy.md).
 * Returns 0 (free out->r with copy_sim_free), 1 when some input is wrong
 * (each as a field error on req: trader_id, since, bankroll, or a setting's
 * name), or -1 on a database error. */
int copy_sim_history(struct http_req *, const char *trader_id, const char *since, int64_t bankroll,
    json_t *settings, struct copy_sim_run *out);
/* The run as the API answers it (a new reference). */
json_t *copy_sim_json(struct arena *, const struct copy_sim_run *);
/* The curve thinned to at most max points (> 1), the start and the final
 * figure always kept, as (t, equity) in profiles_point's (t, profit).
 * Returns the count; *out is in the arena (NULL when out of memory). */
size_t copy_sim_curve(
    struct arena *, const struct copy_sim_result *, size_t max, struct profiles_point **out);

/* ---- pages (copy_pages.c) ---- */
extern const struct http_field copy_form_fields[];
int copy_page_mine(struct http_req *);   /* GET  /copy */
int copy_page_start(struct http_req *);  /* GET  /u/{username}/copy (and its 422) */
int copy_page_create(struct http_req *); /* POST /u/{username}/copy (or simulate) */
int copy_page_edit(struct http_req *);   /* GET  /copy/{relationship_id}/settings */
int copy_page_update(struct http_req *); /* POST /copy/{relationship_id}/settings */
int copy_page_pause(struct http_req *);  /* POST /copy/{relationship_id}/pause */
int copy_page_resume(struct http_req *); /* POST /copy/{relationship_id}/resume */
int copy_page_stop(struct http_req *);   /* POST /copy/{relationship_id}/stop */

/* What a change came to: status 200/201, or an HTTP status with a stable
 * code and a message (errs holds settings errors, field by field). The
 * functions return 0 with this filled, or -1 on a database error. */
struct auth_actor;
struct copy_outcome {
	int status;
	const char *code, *msg;
	char id[UUID_STRLEN + 1];
	struct copy_errors errs;
};

enum copy_action { COPY_PAUSE, COPY_RESUME, COPY_STOP };

/* Fills a refusal: an HTTP status, a stable code and a message. */
void copy_refuse(struct copy_outcome *, int status, const char *code, const char *msg);
/* Answers a refusal as JSON ({"error": {code, message, fields?,
 * relationship_id?}}); returns -1 so nothing written survives. */
int copy_api_refusal(struct http_req *, const struct copy_outcome *);

/* The settings fields in the order of copy_settings_fields. */
enum {
	S_MODE,
	S_FIXED,
	S_PERCENTAGE,
	S_KELLY,
	S_SPORTS,
	S_MIN_ODDS,
	S_MAX_ODDS,
	S_MIN_EDGE,
	S_BET_TYPES,
	S_MAX_BET,
	S_DAILY_LOSS,
	S_MONTHLY_LOSS,
	S_DELAY,
	S_AUTO,
	S_DRAWDOWN,
	S_STREAK,
	S_TAKE_PROFIT,
	S_SLIPPAGE,
	S__COUNT
};
/* copy_mode's choices (in enum copy_mode's order) and the market kinds a
 * bet_types_filter may name. */
extern const char *const copy_mode_choices[];
extern const char *const copy_kind_choices[];

/* A settings document over the defaults, sports checked against the
 * catalogue (copy_relations.c): 0, 1 with errs filled, or DB_ERR. */
int copy_settings_read(
    struct arena *, json_t *doc, struct copy_settings *, struct copy_errors *errs);
/* Can the member be copied (active, enough settled bets)? 0 yes; 1 no, with
 * the outcome's status, code and message set; -1 database error. */
struct tenancy_tenant;
int copy_rel_eligible(
    struct arena *, const struct tenancy_tenant *, const char *trader_id, struct copy_outcome *);
/* The relationship actions of a member (the actor; copy_outcome says how it
 * went). Starts copying trader_id (the member then follows them). */
int copy_rel_create(struct arena *, const struct auth_actor *, const char *trader_id,
    json_t *settings, struct copy_outcome *);
/* Replaces the settings of the member's own relationship. */
int copy_rel_update(struct arena *, const struct auth_actor *, const char *id, json_t *settings,
    struct copy_outcome *);
int copy_rel_action(struct arena *, const struct auth_actor *, const char *id, enum copy_action,
    struct copy_outcome *);

/* The member's relationships (newest first, stopped last) and one of them. */
enum {
	REL_ID,
	REL_TRADER,
	REL_USERNAME,
	REL_DISPLAY,
	REL_SETTINGS,
	REL_STATUS,
	REL_STOP,
	REL_COPIED,
	REL_PNL,
	REL_PLACED,
	REL_SKIPPED,
	REL_CREATED,
	REL_UPDATED,
	REL_SETTLED_STAKED,
	REL_OPEN,
	REL_SLIPPAGE,
	REL_CLV,
	REL_SKIPS,
	REL_START,
	REL_RUN,
	REL_PEAK,
	REL_STREAK,
	REL_FOLLOWER,
	REL_DAY_PNL,
	REL_MONTH_PNL
};
PGresult *copy_rel_list(struct arena *, const char *follower_id);
PGresult *copy_rel_get(struct arena *, const char *follower_id, const char *id);
json_t *copy_rel_json(const PGresult *, int row);

/* Columns of copy_trades_page()'s rows (rel_id NULL: every copy of the member). */
enum {
	T_ID,
	T_STATUS,
	T_REASON,
	T_AMOUNT,
	T_RATIO,
	T_TRADER_ODDS,
	T_COPY_ODDS,
	T_ORIGINAL,
	T_COPY_BET,
	T_PROFIT,
	T_BET_STATUS,
	T_USERNAME,
	T_DISPLAY,
	T_HOME,
	T_AWAY,
	T_SPORT,
	T_KIND,
	T_LINE,
	T_OUTCOME,
	T_ORIGINAL_STAKE,
	T_CREATED,
	T_REL,
	T_POST,
	T_CAPPED,
	T_REDUCED,
	T_SIZED,
	T_FOLLOWER_BANKROLL,
	T_TRADER_BANKROLL
};
/* copy_list_fields, by index. */
enum { COPY_LIST_F_CURSOR, COPY_LIST_F_LIMIT, COPY_LIST_F_COUNT };
enum { COPY_MINE_F_DONE = COPY_LIST_F_COUNT, COPY_MINE_F_COUNT };
/* A page of the member's copies by list, the values of copy_list_fields
 * (NULL: the first page): the first *n rows; *next is the cursor of the
 * page after (NULL at the end). */
PGresult *copy_trades_page(struct http_req *, const struct http_value *list, const char *rel_id,
    int *n, const char **next);
json_t *copy_trade_json(struct arena *, const PGresult *, int row);

/* "Copy this bet" on a bet post (copy_post.c; copy.h: copy_post_bet): amount
 * in minor units, or a share of the bankroll in basis points (the other 0). */
int copy_from_post(struct http_req *, const char *post_id, int64_t amount, int32_t pct_bp,
    struct copy_outcome *, struct copy_post_result *);

/* ---- the pages (copy_pages*.c) ---- */

/* Words every copy page shares (copy_pages.c): basis points as a signed
 * percentage ("+2.50"), a relationship's status, why it stopped, a market
 * kind; whether the brand offers copy trading, and its 404. */
const char *copy_pct(struct arena *, int64_t bp);
const char *copy_status_label(const char *status);
const char *copy_stop_words(const char *reason);
const char *copy_kind_label(const char *kind);
int copy_offered(struct http_req *);
int copy_not_offered(struct http_req *);

/* The settings form's own fields beside the settings (copy_form_fields). */
enum { FORM_F_SINCE, FORM_F_BANKROLL, FORM_F_SIMULATE };

/* The Simulate button (copy_pages_sim.c). The form's simulation fields
 * (the day it starts, the member's bankroll); 0 or -1 on a database error. */
struct render_dict;
int copy_sim_fields_into(struct http_req *, struct render_dict *);
/* The run's figures and curve on the form (a section SIM). */
void copy_sim_into(struct arena *, struct render_dict *, const struct copy_sim_run *);
/* Was the form posted by the Simulate button? */
int copy_simulating(const struct http_req *);
/* Renders the form again with a simulation, or with why it could not run
 * (422): render is the page's own renderer, arg its argument. */
typedef int (*copy_form_render_fn)(
    struct http_req *, json_t *doc, int status, const struct copy_sim_run *, void *arg);
int copy_simulate_render(
    struct http_req *, const char *trader_id, json_t *doc, copy_form_render_fn render, void *arg);

#endif
