/*
 * The settings form's Simulate button: the form's simulation fields, the
 * replay over the trader's history (copy_sim.c) with the settings typed so
 * far, and its figures and curve on the page. Nothing here writes.
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../render/render.h"
#include "../web/web.h"

#define CURVE_W 600
#define CURVE_H 180
#define SIM_DEFAULT_DAYS 90

/* The simulation's form fields: the day it starts (SIM_DEFAULT_DAYS ago
 * unless given) and the bankroll (the member's own unless given). */
int
copy_sim_fields_into(struct http_req *req, render_dict *d)
{
	int64_t cash, in_play;
	time_t t = time(NULL) - (time_t)SIM_DEFAULT_DAYS * 86400;
	struct tm tm;
	char day[16];

	if (http_kvs_get(&req->form, "since") == NULL && gmtime_r(&t, &tm) != NULL &&
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) > 0)
		render_set(d, "VAL_since", day);
	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK)
		return -1;
	render_set(d, "MY_BANKROLL", money_str(req->a, cash + in_play));
	return 0;
}

static void
sim_curve_into(struct arena *a, render_dict *d, const struct copy_sim_run *run)
{
	struct profiles_point *p;
	size_t n = copy_sim_curve(a, &run->r, PROFILES_CURVE_MAX + 1, &p);
	struct buf path;
	double zero_y;
	render_dict *c;
	char t[32];

	if (p == NULL || n < 2)
		return;
	/* drawn as profit over the start: the zero line is the starting bankroll */
	for (size_t i = 0; i < n; i++)
		p[i].profit -= run->bankroll;
	buf_init(&path);
	if (profiles_svg_path(p + 1, n - 1, CURVE_W, CURVE_H, &path, &zero_y) == 0) {
		c = render_section(d, "CURVE");
		render_set(c, "PATH", buf_cstr(&path));
		render_setf(c, "ZERO_Y", "%.1f", zero_y);
		render_set_int(c, "W", CURVE_W);
		render_set_int(c, "H", CURVE_H);
		profiles_rfc3339(p[0].t, t, sizeof(t));
		render_set(c, "FROM", arena_strndup(a, t, 10));
		profiles_rfc3339(p[n - 1].t, t, sizeof(t));
		render_set(c, "TO", arena_strndup(a, t, 10));
	}
	buf_free(&path);
}

void
copy_sim_into(struct arena *a, render_dict *d, const struct copy_sim_run *run)
{
	const struct copy_sim_result *r = &run->r;
	render_dict *s = render_section(d, "SIM");
	char t[32];
	long skipped = 0;

	render_set_int(s, "BETS", (long long)run->nbets);
	if (run->capped)
		render_set_int(render_section(s, "CAPPED"), "MAX", COPY_SIM_MAX_BETS);
	render_set(s, "START", money_str(a, run->bankroll));
	render_set_int(s, "COPIES", r->copies);
	render_set_int(s, "WON", r->won);
	render_set_int(s, "LOST", r->lost);
	render_set_int(s, "OTHER", r->other);
	render_set(s, "STAKED", money_str(a, r->staked));
	render_set(s, "PNL", money_str(a, r->pnl));
	render_set(s, "PNL_SIGN", money_sign_class((double)r->pnl));
	render_set(s, "ROI", copy_pct(a, r->roi_bp));
	render_set(s, "FINAL", money_str(a, r->final_bankroll));
	render_set(s, "PEAK", money_str(a, r->peak_bankroll));
	render_setf(s, "DRAWDOWN", "%.2f", r->max_drawdown_bp / 100.0);
	for (int k = 1; k < COPY_SKIP__COUNT; k++) {
		render_dict *x;

		if (r->skipped[k] == 0)
			continue;
		skipped += r->skipped[k];
		x = render_section(s, "SKIPS");
		render_set(x, "LABEL", copy_skip_label((enum copy_skip)k));
		render_set_int(x, "N", r->skipped[k]);
	}
	render_set_int(s, "SKIPPED", skipped);
	if (r->stopped != COPY_STOP_NONE) {
		render_dict *x = render_section(s, "SIM_STOPPED");

		profiles_rfc3339(r->stopped_at, t, sizeof(t));
		render_set(x, "WHY", copy_stop_words(copy_stop_name(r->stopped)));
		render_set(x, "AT", arena_strndup(a, t, 10));
	}
	sim_curve_into(a, s, run);
}

int
copy_simulating(const struct http_req *req)
{
	return req->method == HTTP_POST &&
	    http_vals(req, copy_form_fields)[FORM_F_SIMULATE].present;
}

/* The Simulate button: 1 with *run filled (free run->r), 0 with the field
 * errors on req, -1 on a database error. */
static int
simulate(struct http_req *req, const char *trader_id, json_t *doc, struct copy_sim_run *run)
{
	const struct http_value *v = http_vals(req, copy_form_fields);
	const char *bank = v[FORM_F_BANKROLL].str;
	int64_t bankroll = 0;
	int rc;

	/* empty: the member's own; anything else passed http_check_money */
	if (*bank != '\0' && money_parse(bank, &bankroll) != 0)
		bankroll = -1;
	rc = copy_sim_history(req, trader_id, v[FORM_F_SINCE].str, bankroll, doc, run);
	return rc == 0 ? 1 : rc > 0 ? 0 : -1;
}

int
copy_simulate_render(
    struct http_req *req, const char *trader_id, json_t *doc, copy_form_render_fn render, void *arg)
{
	struct copy_sim_run run;
	int rc = simulate(req, trader_id, doc, &run);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		render(req, doc, 422, NULL, arg);
		return -1;
	}
	rc = render(req, doc, 200, &run, arg);
	copy_sim_free(&run.r);
	return rc;
}
