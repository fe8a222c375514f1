/*
 * The demo catalogue of `tailgate seed` (docs/seed.md): a pure generator of
 * leagues, fixtures, true probabilities, prices and results. The SQL that
 * writes it is in seed_catalog_db.c, the random streams in seed_rng.c.
 *
 * Everything random comes from a stream named by the seed value and what it
 * is for (a team's strength, a round's fixtures, one match's prices or
 * result), never from one sequence shared by the whole run: so a match is
 * the same whichever window of days is generated, and the "seed_result" job
 * can draw a match again from its source_key alone.
 */
#include "seed.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../catalog/catalog.h"

#define DAY INT64_C(86400)
#define P_MIN 0.012 /* probabilities priced: 1.01 .. ~80 */
#define P_MAX 0.93
#define MARGIN_LO 0.04 /* what every priced market must satisfy */
#define MARGIN_HI 0.06

/* A Poisson draw: the goals a side scores. */
static int
rng_poisson(struct seed_rng *r, double lambda)
{
	double l = exp(-lambda), p = 1.0;
	int k = 0;

	do {
		k++;
		p *= seed_rng_uniform(r);
	} while (p > l && k < 30);
	return k - 1;
}

/* ---- the leagues ---- */

static const char *const t_eng[] = {
	"Ashcombe Rovers",
	"Blackmoor Athletic",
	"Brackenfield United",
	"Caldwell Town",
	"Eastmere Albion",
	"Fenwick Wanderers",
	"Greyhaven City",
	"Hollowford Town",
	"Kingsmere Borough",
	"Larkhill Rangers",
	"Merrow Vale",
	"Northgate Argyle",
	"Oakhurst Town",
	"Redcliffe Harriers",
	"Saltmarsh United",
	"Stonebury Town",
	"Thornwick Forest",
	"Westhaven City",
	"Whitlow Athletic",
	"Yarrowby Rovers",
};
static const char *const t_esp[] = {
	"Atlético Valmira",
	"Real Costaluz",
	"CD Sierra Alta",
	"UD Puerto Claro",
	"Deportivo Almendra",
	"Racing Montebravo",
	"SD Riberalta",
	"CF Torrealba",
	"Unión Villanegra",
	"Sporting Marisol",
	"Club Olivar",
	"CD Los Pinares",
	"Real Arenoso",
	"UD Campoverde",
	"Atlético Peñaroja",
	"CF Bahía Azul",
	"Deportivo Robledo",
	"SD Aguaclara",
};
static const char *const t_ger[] = {
	"FC Eichenwald",
	"SV Blauental",
	"TSV Rotheim",
	"VfB Sonnenberg",
	"Eintracht Kaltbach",
	"Borussia Lindenau",
	"SC Falkenried",
	"1. FC Steinbrück",
	"Fortuna Wiesenfeld",
	"SpVgg Moorbach",
	"VfL Hohenfels",
	"Union Birkenhain",
	"Rot-Weiss Altmark",
	"FSV Tannengrund",
	"Alemannia Seetal",
	"TuS Grünau",
	"SG Wolfsheim",
	"Viktoria Nordhafen",
};
static const char *const t_bkb[] = {
	"Bayport Mariners",
	"Capital Heights Monarchs",
	"Desert Springs Scorpions",
	"Fairview Falcons",
	"Granite Peak Miners",
	"Harbor City Herons",
	"Lakeshore Cyclones",
	"Mesa Verde Coyotes",
	"Northwood Lumberjacks",
	"Riverside Rapids",
	"Silver Bay Sharks",
	"Sunset Valley Flames",
};
static const char *const t_amf[] = {
	"Appalachian Ironmen",
	"Bayou Gators",
	"Big Sky Stallions",
	"Capital City Senators",
	"Coastal Tide",
	"Frontier Marshals",
	"Great Lakes Freighters",
	"Gulf Coast Pelicans",
	"Heartland Harvesters",
	"Mountain State Bighorns",
	"Prairie Thunder",
	"Redwood Timberjacks",
	"Silver State Prospectors",
	"Twin Rivers Voyagers",
};

const struct seed_catalog_comp seed_catalog_comps[] = {
	{ "football", "EPS", "Premier Shield", "England", TG_NELEM(t_eng), t_eng, 120 },
	{ "football", "LCO", "Liga Costa", "Spain", TG_NELEM(t_esp), t_esp, 120 },
	{ "football", "BRU", "Bundesrunde", "Germany", TG_NELEM(t_ger), t_ger, 120 },
	{ "basketball", "PHL", "Pacific Hoops League", "USA", TG_NELEM(t_bkb), t_bkb, 150 },
	{ "american_football", "NGC", "National Gridiron Conference", "USA", TG_NELEM(t_amf), t_amf,
	    210 },
};
const size_t seed_catalog_ncomps = TG_NELEM(seed_catalog_comps);

/* Kick-offs in minutes after Monday 00:00 UTC of the round's week. */
#define KO(d, h, m) ((d)*1440 + (h)*60 + (m))
static const int s_eng[] = { KO(4, 19, 45), KO(5, 11, 30), KO(5, 14, 0), KO(5, 14, 0), KO(5, 14, 0),
	KO(5, 14, 0), KO(5, 16, 30), KO(6, 13, 0), KO(6, 15, 30), KO(7, 19, 0) };
static const int s_esp[] = { KO(4, 20, 0), KO(5, 13, 0), KO(5, 15, 15), KO(5, 17, 30), KO(5, 20, 0),
	KO(6, 12, 0), KO(6, 14, 15), KO(6, 16, 30), KO(6, 20, 0) };
static const int s_ger[] = { KO(4, 19, 30), KO(5, 14, 30), KO(5, 14, 30), KO(5, 14, 30),
	KO(5, 14, 30), KO(5, 14, 30), KO(5, 17, 30), KO(6, 14, 30), KO(6, 16, 30) };
/* US evenings are the early hours of the next day in UTC */
static const int s_bkb0[] = { KO(3, 0, 0), KO(3, 0, 0), KO(3, 0, 30), KO(3, 1, 0), KO(3, 2, 0),
	KO(3, 3, 0) };
static const int s_bkb1[] = { KO(6, 0, 0), KO(6, 0, 30), KO(6, 1, 0), KO(6, 1, 0), KO(6, 2, 30),
	KO(6, 3, 30) };
static const int s_amf[] = { KO(4, 1, 15), KO(6, 18, 0), KO(6, 18, 0), KO(6, 18, 0), KO(6, 21, 25),
	KO(7, 1, 20), KO(8, 1, 15) };

enum model { M_GOALS, M_POINTS };

/* The rating model of a competition. Football: log goal rate mu, home
 * advantage (log), team quality sd. Points: mean total mu, home edge in
 * points, team rating sd, margin and total sd, team pace sd. */
struct comp_model {
	enum model model;
	int rounds; /* rounds a week */
	const int *slots[2];
	double mu, home, sd_team, sd_margin, sd_total, sd_pace;
};

static const struct comp_model models[] = {
	{ M_GOALS, 1, { s_eng, NULL }, 0.27, 0.13, 0.24, 0, 0, 0 },
	{ M_GOALS, 1, { s_esp, NULL }, 0.22, 0.15, 0.26, 0, 0, 0 },
	{ M_GOALS, 1, { s_ger, NULL }, 0.35, 0.12, 0.24, 0, 0, 0 },
	{ M_POINTS, 2, { s_bkb0, s_bkb1 }, 222.0, 2.6, 5.0, 12.0, 18.0, 4.0 },
	{ M_POINTS, 1, { s_amf, NULL }, 44.0, 1.8, 5.5, 13.5, 10.0, 3.0 },
};

static const char *const o_1x2[] = { "home", "draw", "away", NULL };
static const char *const o_ha[] = { "home", "away", NULL };
static const char *const o_ou[] = { "over", "under", NULL };

/* ---- small maths ---- */

static double
phi(double z) /* standard normal CDF */
{
	return 0.5 * erfc(-z / M_SQRT2);
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static double
clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Keeps every probability in [P_MIN, P_MAX] and the sum at 1. */
static void
bound_probs(double *p, int n)
{
	for (int it = 0; it < 8; it++) {
		double sum = 0;

		for (int i = 0; i < n; i++)
			sum += (p[i] = clampd(p[i], P_MIN, P_MAX));
		for (int i = 0; i < n; i++)
			p[i] /= sum;
	}
}

/* ---- pricing ---- */

/* Bookmakers quote 0.01 steps on short prices and coarser ones on long. */
static int32_t
tick_round(double odds)
{
	int32_t t = odds < 3.0 ? 10
	    : odds < 5.0       ? 20
	    : odds < 10.0      ? 50
	    : odds < 20.0      ? 250
	    : odds < 50.0      ? 500
	                       : 1000;
	int32_t v = (int32_t)lround(odds * 1000.0 / t) * t;

	return v < 1010 ? 1010 : v;
}

double
seed_catalog_overround(const int32_t *odds, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += 1000.0 / odds[i];
	return s - 1.0;
}

int
seed_catalog_price(const double *p, int n, double margin, int32_t *odds)
{
	double lo = 0.3, hi = 1.0, k = 1.0, sum = 0, q[3];

	if (n < 2 || n > 3 || margin <= 0 || margin > 0.2)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!(p[i] > 0 && p[i] < 1))
			return -1;
		sum += p[i];
	}
	if (fabs(sum - 1.0) > 1e-6)
		return -1;
	/* sum(p^k) falls from >1+margin (k = 0.3) to 1 (k = 1): bisect for k */
	for (int it = 0; it < 60; it++) {
		k = (lo + hi) / 2;
		sum = 0;
		for (int i = 0; i < n; i++)
			sum += pow(p[i], k);
		if (sum > 1.0 + margin)
			lo = k;
		else
			hi = k;
	}
	for (int i = 0; i < n; i++) {
		q[i] = pow(p[i], k);
		if (q[i] >= 0.99)
			return -1;
		odds[i] = tick_round(1.0 / q[i]);
	}
	sum = seed_catalog_overround(odds, n);
	if (sum < MARGIN_LO || sum > MARGIN_HI) {
		/* ticks moved the book out of range: quote to the thousandth */
		for (int i = 0; i < n; i++)
			odds[i] = (int32_t)lround(1000.0 / q[i]);
	}
	return 0;
}

/* The truth seen through noise of sd `sd` (logit scale for two outcomes,
 * log scale for three). */
static void
noisy(const double *p, int n, double sd, struct seed_rng *r, double *out)
{
	if (n == 2) {
		double l = log(p[0] / p[1]) + sd * seed_rng_normal(r);

		out[0] = 1.0 / (1.0 + exp(-l));
		out[1] = 1.0 - out[0];
	} else {
		double sum = 0;

		for (int i = 0; i < n; i++)
			sum += (out[i] = p[i] * exp(sd * seed_rng_normal(r)));
		for (int i = 0; i < n; i++)
			out[i] /= sum;
	}
	bound_probs(out, n);
}

static void
price_market(struct seed_catalog_market *m, struct seed_rng *r)
{
	double po[3], pc[3], mo, mc;

	/* books open wide and tighten a little towards kick-off */
	mo = 0.044 + 0.013 * seed_rng_uniform(r);
	mc = mo - 0.004 * seed_rng_uniform(r);
	noisy(m->p, m->nout, m->nout == 2 ? 0.13 : 0.10, r, po);
	noisy(m->p, m->nout, m->nout == 2 ? 0.04 : 0.03, r, pc);
	if (seed_catalog_price(po, m->nout, mo, m->open) != 0 ||
	    seed_catalog_price(pc, m->nout, mc, m->close) != 0 ||
	    catalog_fair_odds(m->close, (size_t)m->nout, m->fair) != 0) {
		/* bound_probs makes this unreachable; keep the market sane anyway */
		for (int i = 0; i < m->nout; i++)
			m->open[i] = m->close[i] = m->fair[i] = 0;
	}
}

/* ---- the models ---- */

struct team_now {
	double q, att, def, pace;
};

/* A team's strength on a given day: a fixed rating plus slow form. */
static void
team_at(uint64_t seed, int comp, int t, int64_t day, struct team_now *out)
{
	const struct comp_model *md = &models[comp];
	struct seed_rng r;
	char tag[32];
	double period, phase, amp;

	snprintf(tag, sizeof(tag), "team:%s", seed_catalog_comps[comp].code);
	seed_rng_init(&r, seed, tag, t, 0);
	out->q = md->sd_team * seed_rng_normal(&r);
	out->att = md->model == M_GOALS ? 0.8 * out->q + 0.1 * seed_rng_normal(&r) : 0;
	out->def = md->model == M_GOALS ? 0.8 * out->q + 0.1 * seed_rng_normal(&r) : 0;
	out->pace = md->sd_pace * seed_rng_normal(&r);
	period = 45.0 + 90.0 * seed_rng_uniform(&r);
	phase = 2.0 * M_PI * seed_rng_uniform(&r);
	amp = (md->model == M_GOALS ? 0.09 : 1.8) * seed_rng_uniform(&r);
	{
		double f = amp * sin(2.0 * M_PI * (double)day / period + phase);

		out->q += f;
		out->att += f;
		out->def += f;
	}
}

#define GOALS 16

static void
goals_market(struct seed_catalog_event *e, const double m[GOALS][GOALS])
{
	struct seed_catalog_market *k;
	double d[2 * GOALS], best = 2;

	memset(d, 0, sizeof(d));
	k = &e->mk[e->nmk++];
	*k = (struct seed_catalog_market){ .kind = "1x2", .nout = 3, .outcomes = o_1x2 };
	for (int h = 0; h < GOALS; h++)
		for (int a = 0; a < GOALS; a++) {
			k->p[h > a ? 0 : h == a ? 1 : 2] += m[h][a];
			d[h - a + GOALS] += m[h][a];
		}
	k = &e->mk[e->nmk++];
	*k = (struct seed_catalog_market){
		.kind = "total", .line = 250, .nout = 2, .outcomes = o_ou
	};
	for (int h = 0; h < GOALS; h++)
		for (int a = 0; a < GOALS; a++)
			k->p[h + a >= 3 ? 0 : 1] += m[h][a];
	/* the Asian line that splits the money most evenly; with pushes and
	 * half-lines, the fair chance is won / (won + lost) over both halves */
	for (int32_t line = -350; line <= 350; line += 25) {
		int32_t half[2] = { line, line };
		double w = 0, l = 0, q;
		int nh = line % 50 == 0 ? 1 : 2;

		if (nh == 2) {
			half[0] = line - 25;
			half[1] = line + 25;
		}
		for (int j = 0; j < nh; j++)
			for (int x = 0; x < 2 * GOALS; x++) {
				long v = (long)(x - GOALS) * 100 + half[j];

				if (v > 0)
					w += d[x];
				else if (v < 0)
					l += d[x];
			}
		q = w / (w + l);
		if (fabs(q - 0.5) < best - 1e-12) {
			best = fabs(q - 0.5);
			k = &e->mk[2];
			*k = (struct seed_catalog_market){ .kind = "handicap",
				.line = line,
				.nout = 2,
				.outcomes = o_ha,
				.p = { q, 1.0 - q } };
		}
	}
	e->nmk = 3;
}

static void
model_goals(uint64_t seed, struct seed_catalog_event *e, struct seed_rng *res)
{
	const struct comp_model *md = &models[e->comp];
	int64_t day = floordiv(e->starts_at, DAY);
	struct team_now h, a;
	double lh, la, ph[GOALS], pa[GOALS], m[GOALS][GOALS], tot = 0;

	team_at(seed, e->comp, e->home, day, &h);
	team_at(seed, e->comp, e->away, day, &a);
	lh = exp(md->mu + md->home + h.att - a.def);
	la = exp(md->mu - md->home + a.att - h.def);
	ph[0] = exp(-lh);
	pa[0] = exp(-la);
	for (int g = 1; g < GOALS; g++) {
		ph[g] = ph[g - 1] * lh / g;
		pa[g] = pa[g - 1] * la / g;
	}
	for (int i = 0; i < GOALS; i++)
		for (int j = 0; j < GOALS; j++)
			tot += (m[i][j] = ph[i] * pa[j]);
	for (int i = 0; i < GOALS; i++)
		for (int j = 0; j < GOALS; j++)
			m[i][j] /= tot;
	e->nmk = 0;
	goals_market(e, m);
	e->home_score = rng_poisson(res, lh);
	e->away_score = rng_poisson(res, la);
}

static void
model_points(uint64_t seed, struct seed_catalog_event *e, struct seed_rng *res)
{
	const struct comp_model *md = &models[e->comp];
	int64_t day = floordiv(e->starts_at, DAY);
	struct team_now h, a;
	double mu, mt, fl, ft;
	long mg, tg;

	team_at(seed, e->comp, e->home, day, &h);
	team_at(seed, e->comp, e->away, day, &a);
	mu = h.q - a.q + md->home;
	mt = md->mu + h.pace + a.pace;
	fl = floor(mu);
	ft = floor(mt);
	e->nmk = 3;
	e->mk[0] = (struct seed_catalog_market){ .kind = "moneyline", .nout = 2, .outcomes = o_ha };
	e->mk[0].p[0] = phi(mu / md->sd_margin);
	/* half-point lines: no pushes */
	e->mk[1] = (struct seed_catalog_market){
		.kind = "handicap", .line = -(int32_t)(fl * 100 + 50), .nout = 2, .outcomes = o_ha
	};
	e->mk[1].p[0] = 1.0 - phi((fl + 0.5 - mu) / md->sd_margin);
	e->mk[2] = (struct seed_catalog_market){
		.kind = "total", .line = (int32_t)(ft * 100 + 50), .nout = 2, .outcomes = o_ou
	};
	e->mk[2].p[0] = 1.0 - phi((ft + 0.5 - mt) / md->sd_total);
	for (int i = 0; i < 3; i++) {
		e->mk[i].p[0] = clampd(e->mk[i].p[0], 0.02, 0.98);
		e->mk[i].p[1] = 1.0 - e->mk[i].p[0];
	}
	/* the result: margin and total, integers of the same parity */
	mg = lround(mu + md->sd_margin * seed_rng_normal(res));
	tg = lround(mt + md->sd_total * seed_rng_normal(res));
	if (tg < labs(mg) + 6)
		tg = labs(mg) + 6;
	if ((tg + mg) % 2 != 0)
		tg++;
	e->home_score = (int)((tg + mg) / 2);
	e->away_score = (int)((tg - mg) / 2);
	if (mg == 0) {
		/* level after regulation: overtime, then someone wins */
		int extra = md->sd_total > 12 ? 8 + (int)(seed_rng_next(res) % 8) : 0;
		int by = md->sd_total > 12 ? 1 + (int)(seed_rng_next(res) % 6) : 3;

		e->home_score += extra;
		e->away_score += extra;
		if (seed_rng_uniform(res) < 0.5 + mu / 40.0)
			e->home_score += by;
		else
			e->away_score += by;
	}
}

/* ---- the calendar ---- */

static void
make_event(uint64_t seed, int comp, int home, int away, int64_t ko, struct seed_catalog_event *e)
{
	struct seed_rng res, px;
	struct tm tm;
	time_t t = (time_t)ko;

	memset(e, 0, sizeof(*e));
	gmtime_r(&t, &tm);
	snprintf(e->key, sizeof(e->key), "s%" PRIu64 ":%s:%04d-%02d-%02d:%dv%d", seed,
	    seed_catalog_comps[comp].code, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, home,
	    away);
	e->comp = comp;
	e->home = home;
	e->away = away;
	e->starts_at = ko;
	seed_rng_init(&res, seed, e->key, 1, 0);
	seed_rng_init(&px, seed, e->key, 2, 0);
	if (models[comp].model == M_GOALS)
		model_goals(seed, e, &res);
	else
		model_points(seed, e, &res);
	for (int i = 0; i < e->nmk; i++)
		price_market(&e->mk[i], &px);
}

struct evvec {
	struct seed_catalog_event *v;
	size_t n, cap;
};

static struct seed_catalog_event *
evvec_push(struct evvec *ev)
{
	if (ev->n == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 256;
		struct seed_catalog_event *v = realloc(ev->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		ev->v = v;
		ev->cap = cap;
	}
	return &ev->v[ev->n++];
}

/* Round `round` of a double round-robin (circle method) over the cycle's
 * shuffled order: the pairs of teams, home first. */
static void
round_pairs(uint64_t seed, int comp, int64_t round, int pairs[][2])
{
	int n = seed_catalog_comps[comp].nteams, cyc = 2 * (n - 1), perm[32], arr[32];
	int64_t c = floordiv(round, cyc);
	int r = (int)(round - c * cyc), rr = r % (n - 1), flip = r >= n - 1;
	struct seed_rng g;
	char tag[32];

	snprintf(tag, sizeof(tag), "cycle:%s", seed_catalog_comps[comp].code);
	seed_rng_init(&g, seed, tag, c, 0);
	for (int i = 0; i < n; i++)
		perm[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(seed_rng_next(&g) % (uint64_t)(i + 1)), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	arr[0] = 0;
	for (int i = 1; i < n; i++)
		arr[i] = 1 + (i - 1 + rr) % (n - 1);
	for (int i = 0; i < n / 2; i++) {
		int x = perm[arr[i]], y = perm[arr[n - 1 - i]];
		int home_first = i == 0 ? rr % 2 == 0 : (i % 2 == 1) != (rr % 2 == 1);

		if (home_first == flip) {
			int t = x;

			x = y;
			y = t;
		}
		pairs[i][0] = x;
		pairs[i][1] = y;
	}
}

static int
gen_comp(uint64_t seed, int comp, int64_t from, int64_t to, struct evvec *out)
{
	const struct comp_model *md = &models[comp];
	int n = seed_catalog_comps[comp].nteams, pairs[16][2], order[16];
	/* a round's kick-offs reach up to nine days after its Monday */
	int64_t w0 = floordiv(floordiv(from, DAY) + 3 - 10, 7),
	        w1 = floordiv(floordiv(to, DAY) + 3, 7);

	for (int64_t w = w0; w <= w1; w++) {
		int64_t monday = (7 * w - 3) * DAY;

		for (int k = 0; k < md->rounds; k++) {
			int64_t round = w * md->rounds + k;
			struct seed_rng g;
			char tag[32];

			round_pairs(seed, comp, round, pairs);
			/* which pair plays in which slot */
			snprintf(tag, sizeof(tag), "slots:%s", seed_catalog_comps[comp].code);
			seed_rng_init(&g, seed, tag, round, 0);
			for (int i = 0; i < n / 2; i++)
				order[i] = i;
			for (int i = n / 2 - 1; i > 0; i--) {
				int j = (int)(seed_rng_next(&g) % (uint64_t)(i + 1)), t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
			for (int i = 0; i < n / 2; i++) {
				int64_t ko = monday + (int64_t)md->slots[k][order[i]] * 60;
				struct seed_catalog_event *e;

				if (ko < from || ko >= to)
					continue;
				if ((e = evvec_push(out)) == NULL)
					return -1;
				make_event(seed, comp, pairs[i][0], pairs[i][1], ko, e);
			}
		}
	}
	return 0;
}

static int
cmp_event(const void *x, const void *y)
{
	const struct seed_catalog_event *a = x, *b = y;

	if (a->starts_at != b->starts_at)
		return a->starts_at < b->starts_at ? -1 : 1;
	return strcmp(a->key, b->key);
}

int
seed_catalog_window(
    uint64_t seed, int64_t from, int64_t to, const char *code, struct seed_catalog *out)
{
	struct evvec v = { NULL, 0, 0 };

	memset(out, 0, sizeof(*out));
	out->seed = seed;
	out->today = floordiv(from, DAY) * DAY;
	for (size_t c = 0; c < seed_catalog_ncomps; c++) {
		if (code != NULL && strcmp(code, seed_catalog_comps[c].code) != 0)
			continue;
		if (gen_comp(seed, (int)c, from, to, &v) != 0) {
			free(v.v);
			return -1;
		}
	}
	if (v.n > 0)
		qsort(v.v, v.n, sizeof(*v.v), cmp_event);
	out->ev = v.v;
	out->n = v.n;
	return 0;
}

int
seed_catalog_generate(uint64_t seed, int64_t today, struct seed_catalog *out)
{
	int64_t t0 = floordiv(today, DAY) * DAY;

	if (seed_catalog_window(seed, t0 - SEED_CATALOG_DAYS_BACK * DAY,
	        t0 + SEED_CATALOG_DAYS_AHEAD * DAY, NULL, out) != 0)
		return -1;
	out->today = t0;
	while (out->nhist < out->n && out->ev[out->nhist].starts_at < t0)
		out->nhist++;
	return 0;
}

void
seed_catalog_free(struct seed_catalog *c)
{
	free(c->ev);
	c->ev = NULL;
	c->n = c->nhist = 0;
}

int
seed_catalog_lookup(const char *key, uint64_t *seed, struct seed_catalog_event *out)
{
	char code[16];
	int y, mo, d, h, a, used = 0, rc = -1;
	uint64_t s;
	struct tm tm;
	struct seed_catalog c;

	if (key == NULL ||
	    sscanf(key, "s%" SCNu64 ":%15[^:]:%4d-%2d-%2d:%dv%d%n", &s, code, &y, &mo, &d, &h, &a,
	        &used) != 7 ||
	    key[used] != '\0')
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	if (seed_catalog_window(s, (int64_t)timegm(&tm), (int64_t)timegm(&tm) + DAY, code, &c) != 0)
		return -1;
	for (size_t i = 0; i < c.n; i++)
		if (strcmp(c.ev[i].key, key) == 0) {
			*out = c.ev[i];
			*seed = s;
			rc = 0;
			break;
		}
	seed_catalog_free(&c);
	return rc;
}
