/*
 * bets: singles on one selection, placed against the member's wallet and
 * settled from results (schema: migrations/tenant/0004_bets.sql).
 *
 * Placement (bets_place) runs in the caller's tenant transaction: it reads
 * the selection with its market and event, checks that the event has not
 * started, the market is open, the stake is within the tenant's limits, the
 * price is still the one the member saw (or moved within what they accepted)
 * and the member has the cash; then it inserts the bet and moves the stake
 * from cash into play in one ledger transaction. (user, idempotency key) is
 * unique, so a retried placement returns the first bet and moves nothing.
 *
 * Settlement (bets_settle_event) grades every bet of an event whose settled
 * version is behind the event's result_version: won pays stake x odds, lost
 * goes to the house, push and void refund, Asian quarter lines half-win or
 * half-lose (bets_grade, bets_payout: pure). Ledger keys are per (bet,
 * result version), so a result sent twice never pays twice; a corrected
 * result posts one bet_resettle transaction that reverses the previous
 * settlement and applies the new one. The worker runs it as job "settle".
 * Every bet it (re-)settles takes the next number of the settlement
 * sequence (bets.settle_seq, settlement_seq in the API): the order in which
 * the member's figures take it in (docs/metrics.md), public so that anyone
 * can recompute them.
 */
#ifndef TG_BETS_H
#define TG_BETS_H

#include <jansson.h>
#include <libpq-fe.h>

#include "../catalog/catalog.h"
#include "../core/core.h"
#include "../auth/auth.h"
#include "../http/http.h"

struct tenancy_tenant;

/* ---- pure core (bets_grade.c) ---- */

/* Starts at 1 so that a zeroed bet is invalid rather than a win. */
enum bets_outcome {
	BETS_WON = 1,
	BETS_LOST,
	BETS_PUSH,
	BETS_VOID,
	BETS_HALF_WON, /* Asian quarter line: half won, half refunded */
	BETS_HALF_LOST /* Asian quarter line: half lost, half refunded */
};

/* "won", "lost", "push", "void", "half_won", "half_lost"; NULL if unknown. */
const char *bets_outcome_name(enum bets_outcome);
int bets_outcome_parse(const char *, enum bets_outcome *out);

/* Grades a selection from a final score. kind: "1x2", "moneyline",
 * "handicap", "total"; line in hundredths (handicap from the home side);
 * outcome: "home", "draw", "away", "over", "under". A moneyline that ends
 * level is a push. Returns 0 with *out set, or -1 for an unknown
 * kind/outcome pair. */
int bets_grade(
    const char *kind, int line, const char *outcome, int home, int away, enum bets_outcome *out);
/* What a settled bet returns to cash, stake included. The stake is split for
 * half results: ceil(stake/2) is decided at the odds, floor(stake/2) comes
 * back. Won: stake x odds (money_payout, rounded down). */
int64_t bets_payout(int64_t stake, int32_t odds, enum bets_outcome);

/* "Arsenal", "Draw", "Over 2.5", "Arsenal -0.25" (the line is the home side's). */
const char *bets_selection_label(struct arena *, const char *kind, int line, const char *outcome,
    const char *home, const char *away);

/* "open", "won" ... as people read them ("half won"). */
const char *bets_status_label(const char *status);

/* ---- copies: whose pick a bet is ----
 * A copy (bets.copied_from set, docs/copy.md) is the trader's pick: wherever
 * the copier's bet is shown it says "copied from @trader", and it never
 * counts in the copier's record (docs/metrics.md, "Own bets only"). For a
 * query over bets aliased as `bet`, BETS_COPIED_JOIN(bet) joins the original
 * and its trader, and BETS_COPIED_COLS reads three columns: the original
 * bet, the trader's id and username (all NULL for a member's own bet). */
#define BETS_COPIED_COLS "cb.id, cu.id, cu.username"
#define BETS_COPIED_JOIN(bet) \
	"LEFT JOIN bets cb ON cb.id = " bet ".copied_from LEFT JOIN users cu ON cu.id = cb.user_id "
/* From those columns (the first at col): {"bet_id", "user_id", "username"}
 * of the original, or JSON null for an own bet. A new reference. */
json_t *bets_copied_json(const PGresult *, int row, int col);
/* The same as the include COPIED_FROM (bets/copied_from.tpl: "copied from
 * @trader", linked to the trader) in d; nothing for an own bet. */
struct render_dict;
void bets_copied_dict(struct render_dict *d, const PGresult *, int row, int col);

/* ---- placement ---- */

/* Where a placement comes from, stored in bets.source by its name. Only a
 * member's own placement (web, api) fans out to their copiers: a copy does
 * not fan out again, seeded history never does. */
enum bets_source {
	BETS_SRC_WEB,
	BETS_SRC_API,
	BETS_SRC_COPY,
	BETS_SRC_SEED,
};
/* "web", "api", "copy", "seed". */
const char *bets_source_name(enum bets_source);
/* 1 when a placement of this source announces itself (bets_listen_placed). */
int bets_source_fans_out(enum bets_source);

enum bets_accept {
	BETS_ACCEPT_NONE,   /* the price must be exactly the one seen */
	BETS_ACCEPT_BETTER, /* a higher price is fine */
	BETS_ACCEPT_ANY,    /* any change within tolerance_bps of the seen price */
};

struct bets_place_req {
	const char *user_id;
	long long selection_id;
	int64_t stake; /* minor units */
	int32_t odds;  /* the price the member saw, thousandths */
	enum bets_accept accept;
	int tolerance_bps;           /* for BETS_ACCEPT_ANY: 0..10000 */
	const char *notes;           /* NULL or up to 1000 characters */
	int confidence;              /* 1..10, 0: none */
	int win_probability_bps;     /* 1..9999, 0: none */
	const char *idempotency_key; /* 1..100 characters */
	enum bets_source source;     /* web (the default), api, copy, seed */
	const char *copied_from;     /* bet id or NULL */
	const char *at;              /* placement time (timestamptz text) or NULL: now */
};

/* The fields of a placement, in the order of both tables: bets_place_fields
 * (the JSON API) and bets_slip_fields (the bet slip form), bets_input.c. */
enum bets_place_field {
	BETS_F_SELECTION,
	BETS_F_STAKE,
	BETS_F_ODDS,
	BETS_F_ACCEPT,
	BETS_F_TOLERANCE,
	BETS_F_NOTES,
	BETS_F_CONFIDENCE,
	BETS_F_WIN_PROBABILITY,
	BETS_F_KEY,
};

/* A placement's typed arguments, whichever door it came through. */
struct bets_place_args {
	long long selection_id;
	int64_t stake; /* minor units */
	int32_t odds;  /* the price the member saw, thousandths */
	enum bets_accept accept;
	int tolerance_bps;        /* for BETS_ACCEPT_ANY */
	const char *notes;        /* "" when none */
	int confidence;           /* 1..10, 0: none */
	int win_probability_bps;  /* 1..9999, 0: none */
	const char *key;          /* the client's idempotency key */
	enum bets_source channel; /* BETS_SRC_API or _WEB: the source, the key's namespace */
};

enum bets_place_rc {
	BETS_PLACED = 1,
	BETS_DUPLICATE = 2,       /* the key was used: *bet_id is the first bet */
	BETS_ERR_SELECTION = -20, /* no such selection or no price */
	BETS_ERR_STARTED = -21,   /* the event has started or is over */
	BETS_ERR_MARKET = -22,    /* market suspended, closed or settled */
	BETS_ERR_LIMITS = -23,    /* stake outside the tenant's limits */
	BETS_ERR_PRICE = -24,     /* the price moved: *new_odds holds it */
	BETS_ERR_FUNDS = -25,     /* not enough cash */
	BETS_ERR_KEY = -26,       /* key reused for a different bet */
};

struct bets_place_out {
	char bet_id[UUID_STRLEN + 1];
	int32_t odds;     /* the price the bet was struck at */
	int32_t new_odds; /* BETS_ERR_PRICE: the current price */
	int64_t cash;     /* BETS_ERR_FUNDS: the cash available */
	int aborted;      /* the ledger refused: roll back, query nothing more */
};

/* In the current tenant transaction. A bets_place_rc, or DB_ERR/DB_DOWN.
 * After BETS_ERR_FUNDS from the ledger the transaction must be rolled back
 * (every other refusal is detected before anything is written). */
int bets_place(struct arena *, const struct tenancy_tenant *, const struct bets_place_req *,
    struct bets_place_out *);
/* The validated values of either placement table -> typed arguments. */
void bets_place_args_read(
    const struct http_value *, enum bets_source channel, struct bets_place_args *);
/* Places a bet for a member actor (bets_place with the key in the channel's
 * namespace). Returns as bets_place. */
int bets_place_as(struct arena *, const struct auth_actor *, const struct bets_place_args *,
    struct bets_place_out *);
/* Copies of an original bet for many members at once (the copy trading
 * fan-out): every bet in one statement at price `odds`, every stake in one
 * ledger statement. The caller has checked the market, the limits and each
 * member's cash (and holds the cash rows locked). bet_id is filled for
 * each; placed says whether it was new (a member holds one copy of a bet:
 * the key "copy:<original>" is shared with bets_place). Returns the number
 * placed, BETS_ERR_FUNDS (abort) or a DB error. */
struct bets_copy {
	const char *user_id;
	int64_t stake;
	char bet_id[UUID_STRLEN + 1];
	int placed;
};
int bets_place_copies(
    struct arena *, const char *original_id, int32_t odds, struct bets_copy *, size_t n);
/* A placement's refusal in the house vocabulary (code, reason word, sentence)
 * for pages and JSON; TG_OK for BETS_PLACED/_DUPLICATE, TG_INTERNAL for a
 * DB error. bets_place_message is its sentence. */
struct tg_err bets_place_err(int rc);
const char *bets_place_message(int rc);
/* Pure: does price `now` satisfy the member's acceptance of `seen`? */
int bets_price_acceptable(int32_t seen, int32_t now, enum bets_accept, int tolerance_bps);

/* ---- events: listeners above bets (registered in app/app.c) ----
 * They run inside the transaction of the event, in registration order, where
 * bets used to call them directly; DB_OK, or an error that aborts the event
 * (and rolls back its transaction). */

/* A member's own bet was placed (bets_source_fans_out), its stake posted. */
struct bets_placed_ev {
	const char *bet_id;
	const char *user_id;
	int64_t bankroll; /* the member's cash + in play before the stake */
};
typedef int (*bets_placed_fn)(struct arena *, const struct bets_placed_ev *);
void bets_listen_placed(bets_placed_fn);

/* One settled bet whose member's figures change (a member's own pick, not a
 * copy; a correction that moved no money is not in it). */
struct bets_settled_bet {
	const char *user_id;
	long long seq;      /* settlement order (bets.settle_seq) */
	int resettled;      /* a re-settlement */
	int64_t settled_at; /* unix seconds */
	int64_t stake;
	int32_t odds;
	enum bets_outcome outcome;
	int64_t profit;            /* payout - stake */
	int32_t fair_closing_odds; /* 0: unknown or void */
	const char *sport;
};
/* The bets of one event were (re-)settled. */
struct bets_settled_ev {
	const char *bet_ids; /* every bet (re-)settled, copies too: a uuid[] literal */
	int live;            /* settled now, not history written as of a date */
	const struct bets_settled_bet *own; /* in settlement order */
	size_t nown;
};
typedef int (*bets_settled_fn)(struct arena *, const struct bets_settled_ev *);
void bets_listen_settled(bets_settled_fn);

/* ---- settlement ---- */

/* Settles what is behind on the event (in the current transaction).
 * at: settlement time (timestamptz text) or NULL for now. Returns the number
 * of bets settled, or -1 with err set (nothing written that survives: the
 * caller rolls back). */
long bets_settle_event(
    struct arena *, const char *event_id, const char *at, char *err, size_t errsz);
/* Settles every event whose bets are behind its result (operators, tests). */
long bets_settle_pending(struct arena *, char *err, size_t errsz);
/* Queues settlement of an event in the current transaction (job "settle"). */
int bets_enqueue_settlement(struct arena *, const char *event_id);
/* Listener of results recorded (catalog_listen_result): queues the settlement. */
int bets_on_result(struct arena *, const struct catalog_result_ev *);
/* Job "settle": payload {"event_id": "..."}. */
int bets_job_settle(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);
/* Job "bets_notify" {event_id, version}: tells each bettor how their bet
 * settled (queued by a live settlement, not by history written as of a date). */
int bets_job_notify(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* ---- pages and JSON ---- */
int bets_slip_page(struct http_req *);    /* GET /bets/slip?selection_id= */
int bets_slip_invalid(struct http_req *); /* the slip re-rendered with field errors */
int bets_slip_place(struct http_req *);   /* POST /bets (the bet slip form) */
int bets_my_bets_page(struct http_req *); /* GET /bets */
int bets_api_place(struct http_req *);    /* POST /social/bets */
int bets_api_list(struct http_req *);     /* GET /social/bets?status= */
int bets_api_get(struct http_req *);      /* GET /social/bets/{bet_id} */
/* A member's settled bets in public, for anyone to recompute the figures
 * (bets_public.c): GET /social/users/{user_id}/bets?status=settled&cursor=&limit=
 * and /u/{username}/bets?cursor= ("Settled bets"). */
int bets_public_api(struct http_req *);
int bets_public_page(struct http_req *);
extern const struct http_field bets_public_fields[];
extern const struct http_field bets_public_page_fields[];
extern const struct http_field bets_place_fields[];
extern const struct http_field bets_slip_fields[];
extern const struct http_field bets_slip_view_fields[];
extern const struct http_field bets_list_fields[];

/* The module's routes, job kinds and commands (bets_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module bets_module;

#endif
