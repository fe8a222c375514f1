/*
 * The replay of a trader's history (docs/copy.md, Simulation): each bet is
 * decided by copy_decide() against a simulated state and bankroll, exactly
 * as the engine would have, and settled with bets_payout() when it settled.
 * Pure: no I/O; copy_sim.c reads the history and answers with the result.
 */
#include "copy.h"

#include <stdlib.h>
#include <string.h>

#include "../bets/bets.h"

typedef __int128 i128;

static int64_t
utc_day(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* year x 12 + month - 1 of a UTC time, from its day number by the
 * proleptic Gregorian calendar (H. Hinnant's civil_from_days): pure, and
 * defined for every int64 time, unlike gmtime_r. */
static int64_t
utc_month(int64_t t)
{
	int64_t z = utc_day(t) + 719468; /* days since 0000-03-01 */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097; /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;      /* March = 0 */
	int64_t m = mp < 10 ? mp + 3 : mp - 9; /* 1..12 */

	return (yoe + era * 400 + (m <= 2)) * 12 + m - 1;
}

struct open_copy {
	int64_t settled_at;
	size_t seq; /* placement order breaks ties */
	int64_t amount;
	int32_t odds;
	enum bets_outcome outcome;
};

struct sim {
	const struct copy_settings *s;
	struct copy_state st;
	int64_t cash, open; /* open: stakes of unsettled copies */
	int64_t last_at;    /* the previous settlement; valid when settled */
	int settled;
	struct open_copy *heap; /* min-heap by (settled_at, seq) */
	size_t nheap;
	struct copy_sim_result *r;
};

static int
before(const struct open_copy *a, const struct open_copy *b)
{
	return a->settled_at != b->settled_at ? a->settled_at < b->settled_at : a->seq < b->seq;
}

static void
heap_push(struct sim *m, struct open_copy c)
{
	size_t i = m->nheap++;

	while (i > 0 && before(&c, &m->heap[(i - 1) / 2])) {
		m->heap[i] = m->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	m->heap[i] = c;
}

static struct open_copy
heap_pop(struct sim *m)
{
	struct open_copy top = m->heap[0], last = m->heap[--m->nheap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= m->nheap)
			break;
		if (c + 1 < m->nheap && before(&m->heap[c + 1], &m->heap[c]))
			c++;
		if (!before(&m->heap[c], &last))
			break;
		m->heap[i] = m->heap[c];
		i = c;
	}
	if (m->nheap > 0)
		m->heap[i] = last;
	return top;
}

static void
settle_one(struct sim *m, const struct open_copy *c)
{
	struct copy_sim_result *r = m->r;
	int64_t payout = bets_payout(c->amount, c->odds, c->outcome);
	int64_t profit = payout - c->amount;
	int same_day = m->settled && utc_day(m->last_at) == utc_day(c->settled_at);
	int same_month = m->settled && utc_month(m->last_at) == utc_month(c->settled_at);

	m->cash += payout;
	m->open -= c->amount;
	r->pnl += profit;
	copy_state_settle(&m->st, profit, c->outcome, same_day, same_month);
	m->settled = 1;
	m->last_at = c->settled_at;
	if (c->outcome == BETS_WON || c->outcome == BETS_HALF_WON)
		r->won++;
	else if (c->outcome == BETS_LOST || c->outcome == BETS_HALF_LOST)
		r->lost++;
	else
		r->other++;
	r->curve[r->ncurve].at = c->settled_at;
	r->curve[r->ncurve].equity = m->cash + m->open;
	r->ncurve++;
	if (r->stopped == COPY_STOP_NONE) {
		r->stopped = copy_should_stop(m->s, &m->st);
		if (r->stopped != COPY_STOP_NONE)
			r->stopped_at = c->settled_at;
	}
}

static void
settle_until(struct sim *m, int64_t t, int all)
{
	while (m->nheap > 0 && (all || m->heap[0].settled_at <= t)) {
		struct open_copy c = heap_pop(m);

		settle_one(m, &c);
	}
}

/* One bet of the history: what is due settles first, then the copy is
 * decided against the simulated state and bankroll and, when placed, holds
 * its stake until it settles. seq: the bet's place in the history. */
static void
replay_bet(struct sim *m, const struct copy_limits *lim, const struct copy_sim_bet *b, size_t seq)
{
	struct copy_sim_result *out = m->r;
	struct copy_state view;
	struct copy_follower f;
	struct copy_decision d;
	struct open_copy c;

	settle_until(m, b->placed_at, 0);
	if (out->stopped != COPY_STOP_NONE) {
		out->skipped[COPY_SKIP_STOPPED]++;
		return;
	}
	/* The loss limits count today's and this month's losses: a new day
	 * (month) since the last settlement starts from 0. */
	view = m->st;
	if (!m->settled || utc_day(m->last_at) != utc_day(b->placed_at))
		view.day_pnl = 0;
	if (!m->settled || utc_month(m->last_at) != utc_month(b->placed_at))
		view.month_pnl = 0;
	f.bankroll = m->cash + m->open;
	f.cash = m->cash;
	copy_decide(m->s, lim, &b->orig, b->orig.odds, &view, &f, &d);
	if (d.skip != COPY_OK) {
		out->skipped[d.skip]++;
		return;
	}
	c.settled_at = b->settled_at > b->placed_at ? b->settled_at : b->placed_at;
	c.seq = seq;
	c.amount = d.amount;
	c.odds = b->orig.odds;
	/* a history row without a result gives the stake back */
	c.outcome =
	    (int)b->outcome >= BETS_WON && b->outcome <= BETS_HALF_LOST ? b->outcome : BETS_VOID;
	m->cash -= d.amount;
	m->open += d.amount;
	out->copies++;
	out->staked += d.amount;
	heap_push(m, c);
}

/* The figures of a finished replay: the peak, the largest fall from a peak
 * along the curve, and the return on what was staked. */
static void
replay_figures(struct copy_sim_result *out)
{
	int64_t peak = out->curve[0].equity;

	for (size_t i = 0; i < out->ncurve; i++) {
		int64_t eq = out->curve[i].equity;

		if (eq > peak)
			peak = eq;
		if (peak > 0 && eq < peak) {
			i128 dd = ((i128)peak - eq) * 10000 / peak;

			if (dd > out->max_drawdown_bp)
				out->max_drawdown_bp = dd > INT32_MAX ? INT32_MAX : (int32_t)dd;
		}
	}
	out->peak_bankroll = peak;
	if (out->staked > 0) {
		i128 roi = (i128)out->pnl * 10000 / out->staked;

		out->roi_bp = roi > INT32_MAX ? INT32_MAX
		    : roi < INT32_MIN         ? INT32_MIN
		                              : (int32_t)roi;
	}
}

int
copy_simulate(const struct copy_settings *s, const struct copy_limits *lim, int64_t start_bankroll,
    const struct copy_sim_bet *bets, size_t n, struct copy_sim_result *out)
{
	struct sim m;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	/* one point per settlement (at most one per bet) and the start */
	out->curve = malloc((n + 1) * sizeof(*out->curve));
	m.heap = malloc((n > 0 ? n : 1) * sizeof(*m.heap));
	if (out->curve == NULL || m.heap == NULL) {
		free(m.heap);
		copy_sim_free(out);
		return -1;
	}
	m.s = s;
	m.r = out;
	m.cash = start_bankroll;
	m.st.start_bankroll = start_bankroll;
	out->curve[0].at = n > 0 ? bets[0].placed_at : 0;
	out->curve[0].equity = start_bankroll;
	out->ncurve = 1;
	for (size_t i = 0; i < n; i++)
		replay_bet(&m, lim, &bets[i], i);
	settle_until(&m, 0, 1);
	free(m.heap);
	out->final_bankroll = m.cash;
	replay_figures(out);
	return 0;
}

void
copy_sim_free(struct copy_sim_result *r)
{
	free(r->curve);
	r->curve = NULL;
	r->ncurve = 0;
}
