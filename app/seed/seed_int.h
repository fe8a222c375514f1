/* seed internals: what the demo bettors' plan (seed_bets.c) shares with its
 * database side (seed_bets_db.c). */
#ifndef TG_SEED_INT_H
#define TG_SEED_INT_H

#include "seed.h"

struct arena;

/* The demo bettors: who they are and how they bet (seed_bets.c). */
enum seed_style {
	SEED_STYLE_VALUE,
	SEED_STYLE_FAVOURITES,
	SEED_STYLE_LONGSHOTS,
	SEED_STYLE_TILT,
	SEED_STYLE_HOOPS
};

struct seed_persona {
	const char *username, *display, *bio, *sports;
	int64_t bankroll;
	enum seed_style style;
	int open_bets; /* bets on upcoming events */
};
extern const struct seed_persona seed_personas[SEED_BETS_BETTORS];

/* One step of the replay: a placement or a settlement. */
enum { SEED_A_SETTLE, SEED_A_PLACE };

struct seed_action {
	int64_t at;
	int kind;
	uint32_t ev;
	int who;
	size_t i;
};

/* Every placement and every settlement of the plan, in the order they
 * happen (settlements first at equal times; one event's together): a
 * malloc'd array of *n, or NULL when out of memory. */
struct seed_action *seed_bets_actions(
    const struct seed_catalog *, const struct seed_bets_plan *, size_t *n);
/* The note bettor `who` writes on a bet, in their style; NULL: none. The
 * string lives in the arena (or is static). */
const char *seed_bets_note(
    struct arena *, const struct seed_catalog *, int who, const struct seed_bets_bet *);

#endif
