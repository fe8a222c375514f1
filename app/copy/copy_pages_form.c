/*
 * The settings form, the same for starting to copy a trader
 * (/u/{username}/copy) and for changing a relationship
 * (/copy/{id}/settings). The posted form is turned into the settings
 * document the API takes, field by field over copy_settings_fields, so
 * copy_settings_apply checks both the same way; a refused form comes back
 * with what was typed and each setting's message beside it.
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

/* ---- the form as a settings document ---- */

/* The form's own fields. The settings are not declared here: they pass to
 * the handler as typed, and copy_settings_apply checks them as it checks
 * the API's (copy_settings_fields), combination included, so that one
 * refusal names every wrong setting. */
const struct http_field copy_form_fields[] = {
	/* checked when simulating (copy_sim_history): Start ignores them */
	[FORM_F_SINCE] = { "since", FT_STRING, 0, 0, 10, NULL, NULL, "Since" },
	[FORM_F_BANKROLL] = { "bankroll", FT_STRING, 0, 0, 20, NULL, http_check_money, "Bankroll" },
	[FORM_F_SIMULATE] = { "simulate", FT_STRING, 0, 0, 8, NULL, NULL, "Simulate" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* Every value of a repeated key (a ticked box each), empty ones left out. */
static json_t *
form_list(const struct http_req *req, const char *name)
{
	json_t *a = json_array();

	for (size_t i = 0; i < req->form.n; i++)
		if (strcmp(req->form.v[i].key, name) == 0 && req->form.v[i].val[0] != '\0')
			json_array_append_new(a, json_string(req->form.v[i].val));
	return a;
}

/* A checkbox: the first value is the one read (the box's 1 comes before its
 * hidden 0); a value no box sends stays text, for the reader to refuse. */
static json_t *
form_bool(const char *v)
{
	if (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0)
		return json_true();
	if (strcmp(v, "0") == 0 || strcmp(v, "off") == 0 || strcmp(v, "false") == 0)
		return json_false();
	return json_string(v);
}

/* The value as typed, without the spaces around it. */
static const char *
trimmed(struct arena *a, const char *v)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (
	    n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return arena_strndup(a, v, n);
}

/* The document lives as long as the request (field errors may point
 * into it); NULL when out of memory. */
static json_t *
owned(struct http_req *req, json_t *doc)
{
	if (doc == NULL || arena_cleanup(req->a, (arena_cleanup_fn)json_decref, doc) != 0)
		return NULL;
	return doc;
}

/* The posted form as the API's settings document, one key per setting of
 * copy_settings_fields: the lists as lists, the box as a boolean, the rest
 * as the text typed; an empty box is left out (the default, or unset). */
static json_t *
form_doc(struct http_req *req)
{
	json_t *doc = owned(req, json_object());

	for (size_t i = 0; doc != NULL && i < S__COUNT; i++) {
		const struct http_field *f = &copy_settings_fields[i];
		const char *v = http_kvs_get(&req->form, f->name);

		if (f->type == FT_LIST)
			json_object_set_new(doc, f->name, form_list(req, f->name));
		else if (v != NULL && f->type == FT_BOOL)
			json_object_set_new(doc, f->name, form_bool(v));
		else if (v != NULL && *(v = trimmed(req->a, v)) != '\0')
			json_object_set_new(doc, f->name, json_string(v));
	}
	return doc;
}

/* Stored settings (NULL: the defaults) as a document for the form. */
static json_t *
stored_doc(struct http_req *req, const char *text)
{
	struct copy_settings s;

	if (text == NULL || copy_settings_load(text, &s) != 0)
		copy_settings_defaults(&s);
	return owned(req, copy_settings_json(&s));
}

static int
listed(json_t *list, const char *key)
{
	size_t i;
	json_t *v;

	json_array_foreach(
	    list, i, v) if (json_is_string(v) && strcmp(json_string_value(v), key) == 0) return 1;
	return 0;
}

static void
values_into(struct arena *a, render_dict *d, json_t *doc)
{
	const char *k;
	json_t *v;

	json_object_foreach(doc, k, v)
	{
		const char *key = arena_printf(a, "VAL_%s", k);

		if (json_is_string(v))
			render_set(d, key, json_string_value(v));
		else if (json_is_integer(v))
			render_set_int(d, key, (long long)json_integer_value(v));
		else if (json_is_real(v))
			render_setf(d, key, "%.15g", json_real_value(v));
	}
	if (!json_is_false(json_object_get(doc, "auto_copy_enabled")))
		render_show(d, "AUTO_CHECKED");
}

static void
modes_into(render_dict *d, json_t *doc)
{
	static const struct {
		const char *label, *help;
	} t[] = {
		{ "Fixed amount", "The same amount on every bet, at most 5 % of your bankroll." },
		{ "Percentage of bankroll", "A share of your bankroll on every bet." },
		{ "Proportional", "The share of their bankroll the trader stakes, of yours." },
		{ "Kelly scaled", "Sized on the edge the trader states, times the Kelly factor." },
	};
	const char *mode = json_string_value(json_object_get(doc, "copy_mode"));

	for (size_t i = 0; copy_mode_choices[i] != NULL; i++) {
		render_dict *m = render_section(d, "MODES");

		render_set(m, "VALUE", copy_mode_choices[i]);
		render_set(m, "LABEL", t[i].label);
		render_set(m, "HELP", t[i].help);
		if (mode != NULL ? strcmp(mode, copy_mode_choices[i]) == 0 : i == 0)
			render_show(m, "CHECKED");
	}
}

static int
filters_into(struct http_req *req, render_dict *d, json_t *doc)
{
	static struct db_stmt q = DB_STMT("SELECT key, name FROM sports ORDER BY position, key", 0);
	json_t *sports = json_object_get(doc, "sports_filter");
	json_t *kinds = json_object_get(doc, "bet_types_filter");
	PGresult *r = db_query(req->a, &q, NULL);

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *s = render_section(d, "SPORTS");

		render_set(s, "KEY", db_val(r, i, 0));
		render_set(s, "NAME", db_val(r, i, 1));
		if (listed(sports, db_val(r, i, 0)))
			render_show(s, "CHECKED");
	}
	for (size_t i = 0; copy_kind_choices[i] != NULL; i++) {
		render_dict *k = render_section(d, "KINDS");

		render_set(k, "KEY", copy_kind_choices[i]);
		render_set(k, "NAME", copy_kind_label(copy_kind_choices[i]));
		if (listed(kinds, copy_kind_choices[i]))
			render_show(k, "CHECKED");
	}
	return 0;
}

/* What the form shows: its document, an optional message, a simulation. */
struct form_view {
	const char *title, *action, *submit;
	json_t *doc;
	const char *problem;
	const struct copy_sim_run *sim;
};

/* Starts the page with the form filled in; NULL on a database error. */
static render_dict *
form_page(struct http_req *req, const struct form_view *v)
{
	render_dict *d = web_page(req, "copy/settings.tpl", v->title);

	web_form_state(req, d);
	values_into(req->a, d, v->doc);
	modes_into(d, v->doc);
	if (filters_into(req, d, v->doc) != 0 || copy_sim_fields_into(req, d) != 0)
		return NULL;
	render_set(d, "ACTION", v->action);
	render_set(d, "SUBMIT", v->submit);
	if (v->problem != NULL)
		render_set(render_section(d, "PROBLEM"), "MSG", v->problem);
	if (v->sim != NULL)
		copy_sim_into(req->a, d, v->sim);
	return d;
}

/* ---- starting: /u/{username}/copy ---- */

struct trader {
	const char *id, *username, *display;
	long long copiers, volume, bets, staked, profit;
	const char *rel_id, *rel_status;
	int they_block, i_block;
};

/* 1 found, 0 no such member, -1 database error. */
static int
trader_load(struct http_req *req, struct trader *t)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT u.id, u.username, u.display_name, u.copiers_count, u.copied_volume, "
	    "coalesce(p.bets, 0), coalesce(p.staked, 0), coalesce(p.profit, 0), "
	    "coalesce(r.id::text, ''), coalesce(r.status, ''), "
	    "EXISTS (SELECT 1 FROM user_relationships b WHERE b.relationship_type = 'block' "
	    " AND b.follower_id = u.id AND b.following_id = $2), "
	    "EXISTS (SELECT 1 FROM user_relationships b WHERE b.relationship_type = 'block' "
	    " AND b.follower_id = $2 AND b.following_id = u.id) "
	    "FROM users u LEFT JOIN profile_stats p ON p.user_id = u.id "
	    "LEFT JOIN copy_trading_relationships r ON r.follower_id = $2 AND r.trader_id = u.id "
	    "WHERE lower(u.username) = lower($1)",
	    2);
	PGresult *r = db_query(req->a, &q, DB_P(http_param(req, "username"), req->user->id));

	if (r == NULL)
		return -1;
	if (db_rows(r) != 1 || strcmp(db_val(r, 0, 10), "t") == 0)
		return 0; /* a member who blocks you is nobody here, as on the profile */
	*t = (struct trader){ db_val(r, 0, 0), db_val(r, 0, 1), db_val(r, 0, 2), db_ll(r, 0, 3),
		db_ll(r, 0, 4), db_ll(r, 0, 5), db_ll(r, 0, 6), db_ll(r, 0, 7), db_val(r, 0, 8),
		db_val(r, 0, 9), 0, strcmp(db_val(r, 0, 11), "t") == 0 };
	return 1;
}

static void
trader_into(struct arena *a, render_dict *d, const struct trader *t)
{
	render_dict *s = render_section(d, "TRADER");

	render_set(s, "USERNAME", t->username);
	render_set(s, "DISPLAY_NAME", t->display);
	render_set_int(s, "BETS", t->bets);
	render_set(s, "PROFIT", money_str(a, t->profit));
	render_set(s, "PROFIT_SIGN", money_sign_class((double)t->profit));
	render_set(s, "ROI",
	    t->staked > 0
	        ? arena_printf(a, "%+.2f %%", (double)t->profit * 100.0 / (double)t->staked)
	        : "—");
	render_set_int(s, "COPIERS", t->copiers);
	render_set(s, "VOLUME", money_str(a, t->volume));
}

/* Offers the Start button, or says why not (a live relationship already,
 * a block, not eligible). 0, or -1 on a database error. */
static int
start_button_into(struct http_req *req, const struct trader *t, render_dict *d)
{
	struct copy_outcome o;
	const char *why = NULL;
	int rc;

	if (strcmp(t->rel_status, "active") == 0 || strcmp(t->rel_status, "paused") == 0) {
		render_set(render_section(d, "ALREADY"), "REL_ID", t->rel_id);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	if (t->i_block)
		why = "You have blocked this member: unblock them to copy them.";
	else if ((rc = copy_rel_eligible(req->a, req->tenant, t->id, &o)) < 0)
		return -1;
	else if (rc > 0)
		why = o.msg;
	if (why != NULL)
		render_set(render_section(d, "NOT_ELIGIBLE"), "MSG", why);
	else
		render_show(d, "CAN_SUBMIT");
	return 0;
}

static int
start_render(struct http_req *req, const struct trader *t, json_t *doc, int status,
    const char *problem, const struct copy_sim_run *sim)
{
	struct form_view v = { arena_printf(req->a, "Copy %s", t->display),
		arena_printf(req->a, "/u/%s/copy", http_urlencode(req->a, t->username)),
		"Start copying", doc, problem, sim };
	render_dict *d = doc != NULL ? form_page(req, &v) : NULL;

	if (d == NULL)
		return -1;
	trader_into(req->a, d, t);
	if (start_button_into(req, t, d) != 0)
		return -1;
	return web_page_done(req, status);
}

/* 1 with *t loaded, or 0 with the page answered (404, 422). */
static int
trader_or_answer(struct http_req *req, struct trader *t, int *rc)
{
	if (!copy_offered(req)) {
		*rc = copy_not_offered(req);
		return 0;
	}
	if ((*rc = trader_load(req, t)) <= 0) {
		if (*rc == 0)
			*rc = web_error(req, 404, "There is no member with that name here.");
		return 0;
	}
	if (strcmp(t->id, req->user->id) == 0) {
		*rc = web_error(req, 422, "You cannot copy yourself.");
		return 0;
	}
	return 1;
}

int
copy_page_start(struct http_req *req)
{
	struct trader t;
	int rc;

	if (!trader_or_answer(req, &t, &rc))
		return rc;
	/* also the form's own 422, when the POST failed its declared checks */
	if (req->method == HTTP_POST)
		return start_render(req, &t, form_doc(req), 422, NULL, NULL);
	return start_render(req, &t, stored_doc(req, NULL), 200, NULL, NULL);
}

static int
start_again(
    struct http_req *req, json_t *doc, int status, const struct copy_sim_run *sim, void *arg)
{
	return start_render(req, arg, doc, status, NULL, sim);
}

int
copy_page_create(struct http_req *req)
{
	struct copy_outcome o;
	struct auth_actor me;
	struct trader t;
	json_t *doc;
	int rc;

	if (!trader_or_answer(req, &t, &rc))
		return rc;
	if ((doc = form_doc(req)) == NULL)
		return -1;
	if (copy_simulating(req))
		return copy_simulate_render(req, t.id, doc, start_again, &t);
	if (copy_rel_create(req->a, auth_actor_from_req(req, &me), t.id, doc, &o) != 0)
		return -1;
	if (o.status == 201) {
		http_redirect(req, 303, "/copy?done=started");
		return 0;
	}
	for (size_t i = 0; i < o.errs.n; i++)
		http_field_error(req, o.errs.field[i], o.errs.msg[i]);
	start_render(req, &t, doc, o.status, o.msg, NULL);
	return -1; /* a refusal changes nothing (the follow it implied included) */
}

/* ---- changing: /copy/{relationship_id}/settings ---- */

/* The member's relationship, or NULL with the page answered (*rc). */
static PGresult *
rel_or_answer(struct http_req *req, int *rc)
{
	const char *id = http_param(req, "relationship_id");
	PGresult *r;

	*rc = -1;
	if (!copy_offered(req)) {
		*rc = copy_not_offered(req);
		return NULL;
	}
	r = copy_rel_get(req->a, req->user->id, id);
	if (r == NULL)
		return NULL;
	if (db_rows(r) == 0) {
		*rc = web_error(req, 404, "There is no such copy relationship.");
		return NULL;
	}
	return r;
}

static int
edit_render(struct http_req *req, const PGresult *r, json_t *doc, int status, const char *problem,
    const struct copy_sim_run *sim)
{
	const char *id = db_val(r, 0, REL_ID);
	struct form_view v = { "Copy settings", arena_printf(req->a, "/copy/%s/settings", id),
		"Save settings", doc, problem, sim };
	render_dict *d = doc != NULL ? form_page(req, &v) : NULL, *e;

	if (d == NULL)
		return -1;
	e = render_section(d, "EDITING");
	render_set(e, "USERNAME", db_val(r, 0, REL_USERNAME));
	render_set(e, "DISPLAY_NAME", db_val(r, 0, REL_DISPLAY));
	render_set(e, "STATUS_LABEL", copy_status_label(db_val(r, 0, REL_STATUS)));
	if (strcmp(db_val(r, 0, REL_STATUS), "cancelled") == 0)
		render_set(render_section(d, "ENDED"), "USERNAME", db_val(r, 0, REL_USERNAME));
	else
		render_show(d, "CAN_SUBMIT");
	return web_page_done(req, status);
}

int
copy_page_edit(struct http_req *req)
{
	int rc;
	PGresult *r = rel_or_answer(req, &rc);

	if (r == NULL)
		return rc;
	/* also the form's own 422, when the POST failed its declared checks */
	if (req->method == HTTP_POST)
		return edit_render(req, r, form_doc(req), 422, NULL, NULL);
	return edit_render(req, r, stored_doc(req, db_val(r, 0, REL_SETTINGS)), 200, NULL, NULL);
}

static int
edit_again(struct http_req *req, json_t *doc, int status, const struct copy_sim_run *sim, void *arg)
{
	return edit_render(req, arg, doc, status, NULL, sim);
}

int
copy_page_update(struct http_req *req)
{
	struct copy_outcome o;
	struct auth_actor me;
	json_t *doc;
	int rc;
	PGresult *r = rel_or_answer(req, &rc);

	if (r == NULL)
		return rc;
	if ((doc = form_doc(req)) == NULL)
		return -1;
	if (copy_simulating(req))
		return copy_simulate_render(req, db_val(r, 0, REL_TRADER), doc, edit_again, r);
	if (copy_rel_update(req->a, auth_actor_from_req(req, &me), db_val(r, 0, REL_ID), doc, &o) !=
	    0)
		return -1;
	if (o.status == 200) {
		http_redirect(req, 303, "/copy?done=saved");
		return 0;
	}
	for (size_t i = 0; i < o.errs.n; i++)
		http_field_error(req, o.errs.field[i], o.errs.msg[i]);
	edit_render(req, r, doc, o.status, o.msg, NULL);
	return -1; /* a refusal changes nothing */
}
