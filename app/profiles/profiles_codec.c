/*
 * Profiles storage: the stored forms (migrations/tenant/0005_profiles.sql).
 * Rows of profile_stats, profile_sport_stats and bets read into the
 * accumulator and bets, and the cached columns of profile_windows (the
 * windows' JSON, the curve's bigint[] and the latest bets' text[]) written
 * and read back. Pure: no statement runs here.
 */
#include "profiles_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"

/* ---- the accumulator's rows ---- */

/* A row read as "user_id, " PROFILES_STATS_COLS, seq at column col. */
void
profiles_acc_from_row(const PGresult *r, int row, int col, struct profiles_acc *acc, long long *seq)
{
	profiles_acc_init(acc);
	*seq = db_ll(r, row, col);
	for (int i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		char *p = (char *)acc + f->off;
		const char *v = db_val(r, row, col + 1 + i);

		switch (f->type) {
		case PROFILES_F_I64:
			*(int64_t *)p = db_ll(r, row, col + 1 + i);
			break;
		case PROFILES_F_I32:
			*(int32_t *)p = (int32_t)db_ll(r, row, col + 1 + i);
			break;
		case PROFILES_F_DBL:
			*(double *)p = v != NULL ? strtod(v, NULL) : 0;
			break;
		}
	}
}

/* Sport rows (PROFILES_SPORT_COLS from column col), ordered by pos. A gap stops the load, and a rebuild then
 * finds the row wrong; so does a NULL user_id (no bucket at all). */
void
profiles_sports_from_row(const PGresult *r, int first, int n, int col, struct profiles_acc *acc)
{
	for (int i = first; i < first + n && acc->nsports < PROFILES_SPORTS_MAX; i++) {
		struct profiles_sport *s = &acc->sports[acc->nsports];

		if (db_val(r, i, col) == NULL || db_ll(r, i, col + 1) != acc->nsports)
			break;
		snprintf(s->name, sizeof(s->name), "%s", db_val(r, i, col + 2));
		s->bets = db_ll(r, i, col + 3);
		s->winning = db_ll(r, i, col + 4);
		s->losing = db_ll(r, i, col + 5);
		s->staked = db_ll(r, i, col + 6);
		s->profit = db_ll(r, i, col + 7);
		s->odds_sum = db_ll(r, i, col + 8);
		s->clv_bets = db_ll(r, i, col + 9);
		s->clv_sum =
		    db_val(r, i, col + 10) != NULL ? strtod(db_val(r, i, col + 10), NULL) : 0;
		acc->nsports++;
	}
}

void
profiles_bet_from_row(const PGresult *r, int i, struct profiles_bet *b)
{
	memset(b, 0, sizeof(*b));
	b->settled_at = db_ll(r, i, PROFILES_B_AT);
	b->stake = db_ll(r, i, PROFILES_B_STAKE);
	b->odds = (int32_t)db_ll(r, i, PROFILES_B_ODDS);
	if (bets_outcome_parse(db_val(r, i, PROFILES_B_STATUS), &b->outcome) != 0)
		b->outcome = 0; /* refused by profiles_acc_add, and logged */
	b->profit = db_ll(r, i, PROFILES_B_PROFIT);
	b->fair_closing_odds = (int32_t)db_ll(r, i, PROFILES_B_FAIR);
	b->sport = db_val(r, i, PROFILES_B_SPORT);
}

const enum profiles_timeframe profiles_windowed[3] = { PROFILES_7_DAYS, PROFILES_30_DAYS,
	PROFILES_1_YEAR };

/* The cached windows: {"7_days": Metrics, "30_days": ..., "1_year": ...}, a
 * string freed with the arena. */
char *
profiles_windows_dump(struct arena *a, const struct profiles_windows *w)
{
	json_t *o = json_object();
	char *s = NULL;

	for (size_t i = 0; o != NULL && i < TG_NELEM(profiles_windowed); i++)
		if (json_object_set_new(o, profiles_timeframe_name(profiles_windowed[i]),
		        profiles_metrics_json(&w->m[profiles_windowed[i]])) != 0)
			goto out;
	/* the arena frees it (at once when it cannot register it) */
	if (o != NULL && (s = json_dumps(o, JSON_COMPACT)) != NULL &&
	    arena_cleanup(a, free, s) != 0)
		s = NULL;
out:
	json_decref(o);
	return s;
}

/* The windows of `want` (a PROFILES_WANT mask) from their cached JSON. */
int
profiles_windows_parse(const char *text, unsigned want, struct profiles_windows *w)
{
	json_t *o = json_loads(text, 0, NULL);
	int rc = json_is_object(o) ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < TG_NELEM(profiles_windowed); i++)
		if ((want & PROFILES_WANT(profiles_windowed[i])) &&
		    profiles_metrics_from_json(
		        json_object_get(o, profiles_timeframe_name(profiles_windowed[i])),
		        &w->m[profiles_windowed[i]]) != 0)
			rc = -1;
	json_decref(o);
	return rc;
}

/* A bigint[] in PostgreSQL's text form ("{1,-2,3}") into out[0..max). The
 * number of elements, or -1 when it is not one. */
static long
int_array(const char *s, int64_t *out, size_t max)
{
	size_t n = 0;
	char *end;

	if (s == NULL || *s++ != '{')
		return -1;
	if (*s == '}')
		return 0;
	for (;;) {
		if (n == max)
			return -1;
		out[n++] = strtoll(s, &end, 10);
		if (end == s || (*end != ',' && *end != '}'))
			return -1;
		if (*end == '}')
			return (long)n;
		s = end + 1;
	}
}

int
profiles_curve_parse(struct arena *a, const char *ts, const char *ps, struct profiles_windows *w)
{
	int64_t *t = arena_alloc(a, sizeof(*t) * PROFILES_CURVE_MAX * 2),
	        *p = t + PROFILES_CURVE_MAX;
	long n;

	w->ncurve = 0;
	if (t == NULL ||
	    (w->curve = arena_alloc(a, sizeof(*w->curve) * PROFILES_CURVE_MAX)) == NULL ||
	    (n = int_array(ts, t, PROFILES_CURVE_MAX)) < 0 ||
	    int_array(ps, p, PROFILES_CURVE_MAX) != n)
		return -1;
	for (long i = 0; i < n; i++)
		w->curve[i] = (struct profiles_point){ t[i], p[i] };
	w->ncurve = (size_t)n;
	return 0;
}

/* The cached form: one text[] of RECENT_COLS elements per bet, in the
 * order below. An array is much cheaper to read back than JSON, and the
 * page reads it on every view. */
enum {
	RC_AT,
	RC_SPORT,
	RC_HOME,
	RC_AWAY,
	RC_KIND,
	RC_LINE,
	RC_OUTCOME,
	RC_ODDS,
	RC_STAKE,
	RC_STATUS,
	RC_PROFIT,
	RECENT_COLS
};

void
profiles_recent_dump(const struct profiles_recent *b, size_t n, struct buf *out)
{
	db_arr_begin(out);
	for (size_t i = 0; i < n; i++) {
		db_arr_int(out, b[i].settled_at, 0);
		db_arr_str(out, b[i].sport);
		db_arr_str(out, b[i].home);
		db_arr_str(out, b[i].away);
		db_arr_str(out, b[i].kind);
		db_arr_int(out, b[i].line, 0);
		db_arr_str(out, b[i].outcome);
		db_arr_int(out, b[i].odds, 0);
		db_arr_int(out, b[i].stake, 0);
		db_arr_str(out, b[i].status);
		db_arr_int(out, b[i].profit, 0);
	}
	db_arr_end(out);
}

/* A one-dimensional array in PostgreSQL's text output ({a,"b \"c\"",NULL})
 * split into strings copied to the arena (NULL for NULL). The number of
 * elements, or -1 when it is not such an array or has more than max. */
static long
text_array(struct arena *a, const char *text, const char **out, size_t max)
{
	char *p = text != NULL ? arena_strdup(a, text) : NULL, *w, end;
	const char *start;
	size_t n = 0;
	int quoted;

	if (p == NULL || *p++ != '{')
		return -1;
	if (*p == '}')
		return 0;
	for (;;) {
		if (n == max)
			return -1;
		/* Unescaped in place: an element never grows. */
		if ((quoted = *p == '"')) {
			start = w = ++p;
			for (; *p != '"'; *w++ = *p++) {
				if (*p == '\\')
					p++;
				if (*p == '\0')
					return -1;
			}
			p++;
		} else {
			for (start = p; *p != ',' && *p != '}'; p++)
				if (*p == '\0')
					return -1;
			w = p;
		}
		if ((end = *p) != ',' && end != '}')
			return -1;
		*w = '\0';
		out[n++] = !quoted && strcmp(start, "NULL") == 0 ? NULL : start;
		if (end == '}')
			return (long)n;
		p++;
	}
}

int
profiles_recent_parse(struct arena *a, const char *text, struct profiles_recent *out, size_t *n)
{
	const char *e[PROFILES_RECENT * RECENT_COLS];
	long k = text_array(a, text, e, TG_NELEM(e));

	if (k < 0 || k % RECENT_COLS != 0)
		return -1;
	for (long i = 0; i < k; i++)
		if (e[i] == NULL)
			return -1;
	*n = (size_t)(k / RECENT_COLS);
	for (size_t i = 0; i < *n; i++) {
		const char *const *c = &e[i * RECENT_COLS];

		out[i] = (struct profiles_recent){ .settled_at = strtoll(c[RC_AT], NULL, 10),
			.sport = c[RC_SPORT],
			.home = c[RC_HOME],
			.away = c[RC_AWAY],
			.kind = c[RC_KIND],
			.line = (int32_t)strtol(c[RC_LINE], NULL, 10),
			.outcome = c[RC_OUTCOME],
			.odds = (int32_t)strtol(c[RC_ODDS], NULL, 10),
			.stake = strtoll(c[RC_STAKE], NULL, 10),
			.status = c[RC_STATUS],
			.profit = strtoll(c[RC_PROFIT], NULL, 10) };
	}
	return 0;
}
