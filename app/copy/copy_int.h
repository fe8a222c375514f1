/* copy internals: relationships and copies as the JSON endpoints and the
 * pages share them (copy_relations.c). */
#ifndef TG_COPY_INT_H
#define TG_COPY_INT_H

#include <libpq-fe.h>

#include "copy.h"
#include "../http/http.h"

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
enum { COPY_LIST_F_CURSOR, COPY_LIST_F_LIMIT };
/* A page of the member's copies by list, the values of copy_list_fields
 * (NULL: the first page): the first *n rows; *next is the cursor of the
 * page after (NULL at the end). */
PGresult *copy_trades_page(struct http_req *, const struct http_value *list, const char *rel_id,
    int *n, const char **next);
json_t *copy_trade_json(struct arena *, const PGresult *, int row);

/* "Copy this bet" on a bet post (copy_post.c): amount in minor units, or a
 * share of the bankroll in basis points (the other 0). */
struct copy_post_result {
	char bet_id[UUID_STRLEN + 1];
	int64_t amount;
	int64_t asked;    /* the size before the caps */
	int64_t bankroll; /* the member's, that the size and caps were taken of */
	int32_t odds;
	const char *capped_by;
};
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
