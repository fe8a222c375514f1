/*
 * Leaderboard rows (leaderboard_entries, migration 0009): one per member,
 * timeframe and sport ('' for every sport), written from the same metrics
 * the profile shows, whenever they change: the all-time rows with the
 * settlement that moved them, the 7-day, 30-day and 1-year rows with the
 * worker's refresh of the member's windows. Leaderboards read these rows
 * through their indexes and never scan bets.
 */
#include "profiles_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

enum {
	B_UID,
	B_TF,
	B_SPORT,
	B_BETS,
	B_WIN,
	B_LOSE,
	B_WPCT,
	B_STAKED,
	B_PROFIT,
	B_ROI,
	B_ODDS,
	B_CLVN,
	B_CLV,
	B_P,
	B_NCOL
};

void
profiles_board_init(struct profiles_board *b)
{
	memset(b, 0, sizeof(*b));
	for (int i = 0; i < B_NCOL; i++) {
		buf_init(&b->col[i]);
		db_arr_begin(&b->col[i]);
	}
	buf_init(&b->members);
	db_arr_begin(&b->members);
}

void
profiles_board_free(struct profiles_board *b)
{
	for (int i = 0; i < B_NCOL; i++)
		buf_free(&b->col[i]);
	buf_free(&b->members);
}

static void
dbl(struct buf *b, double v)
{
	char d[32];

	snprintf(d, sizeof(d), "%.17g", v);
	db_arr_str(b, d);
}

static void
row(struct profiles_board *b, const char *uid, const char *tf, const char *sport, int64_t bets,
    int64_t win, int64_t lose, int64_t staked, int64_t profit, double roi, double odds,
    int64_t clvn, double clv, const double *p)
{
	db_arr_str(&b->col[B_UID], uid);
	db_arr_str(&b->col[B_TF], tf);
	db_arr_str(&b->col[B_SPORT], sport);
	db_arr_int(&b->col[B_BETS], bets, 0);
	db_arr_int(&b->col[B_WIN], win, 0);
	db_arr_int(&b->col[B_LOSE], lose, 0);
	dbl(&b->col[B_WPCT], win + lose ? 100.0 * (double)win / (double)(win + lose) : 0);
	db_arr_int(&b->col[B_STAKED], staked, 0);
	db_arr_int(&b->col[B_PROFIT], profit, 0);
	dbl(&b->col[B_ROI], roi);
	dbl(&b->col[B_ODDS], odds);
	db_arr_int(&b->col[B_CLVN], clvn, 0);
	dbl(&b->col[B_CLV], clv);
	if (p != NULL)
		dbl(&b->col[B_P], *p);
	else
		db_arr_str(&b->col[B_P], NULL);
	b->nrows++;
}

void
profiles_board_member(struct profiles_board *b, const char *uid)
{
	db_arr_str(&b->members, uid);
	b->nmembers++;
}

void
profiles_board_put(struct profiles_board *b, const char *uid, enum profiles_timeframe tf,
    const struct profiles_metrics *m)
{
	const char *name = profiles_timeframe_name(tf);

	if (m->total_bets == 0)
		return; /* nothing in this window: no row */
	row(b, uid, name, "", m->total_bets, m->winning_bets, m->losing_bets, m->total_staked,
	    m->total_profit_loss, m->roi_percentage, m->average_odds, m->clv_bets,
	    m->closing_line_value, &m->p_value);
	for (size_t i = 0; i < m->nsports; i++) {
		const struct profiles_sport_stats *s = &m->sport_performance[i];

		/* the p-value is not kept per sport */
		row(b, uid, name, s->sport, s->bets, s->winning_bets, s->losing_bets,
		    s->total_staked, s->total_profit_loss, s->roi_percentage, s->average_odds,
		    s->clv_bets, s->closing_line_value, NULL);
	}
}

int
profiles_board_write(struct arena *a, struct profiles_board *b, const char *timeframes)
{
	/* The members' rows of these timeframes are replaced whole, so a sport
	 * or a window a member has left loses its row. */
	static struct db_stmt q_del =
	    DB_STMT("DELETE FROM leaderboard_entries WHERE user_id = ANY($1::uuid[]) "
	            "AND timeframe = ANY($2::text[])",
	        2);
	static struct db_stmt q_ins = DB_STMT(
	    "INSERT INTO leaderboard_entries (user_id, timeframe, sport, total_bets, winning_bets, "
	    "losing_bets, winning_percentage, total_staked, total_profit_loss, roi_percentage, "
	    "average_odds, clv_bets, closing_line_value, p_value) "
	    "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int8[], $5::int8[], "
	    "$6::int8[], $7::float8[], $8::int8[], $9::int8[], $10::float8[], $11::float8[], "
	    "$12::int8[], $13::float8[], $14::float8[]) ORDER BY 1, 2, 3",
	    B_NCOL);
	const char *p[B_NCOL];

	if (b->nmembers == 0)
		return DB_OK;
	if (db_cmd(a, &q_del, DB_P(db_arr_end(&b->members), timeframes)) < 0)
		return db_last_rc();
	if (b->nrows == 0)
		return DB_OK;
	for (int i = 0; i < B_NCOL; i++)
		p[i] = db_arr_end(&b->col[i]);
	return db_cmd(a, &q_ins, p) < 0 ? db_last_rc() : DB_OK;
}
