/*
 * Unit tests for the typed declared inputs of app/http: every field type
 * (valid, boundary, invalid with its message), nested objects and arrays
 * with their error paths, reading values by table index, and typed path
 * parameters ({id:uuid} answers 404 for a malformed id).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "core/core.h"
#include "http/http.h"

static struct arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new(0);
	return A == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	A = NULL;
	return 0;
}

static int
h_dummy(struct http_req *req)
{
	(void)req;
	return 0;
}

static const char *const colors[] = { "red", "green", "blue", NULL };

static const struct http_field f_money = { "m", FT_MONEY, 0, 0, 0, NULL, NULL, "M" };
static const struct http_field f_money_rng = { "m", FT_MONEY, 0, 500, 10000, NULL, NULL, "M" };
static const struct http_field f_minor = { "m", FT_MONEY, FF_MINOR, 1, 100000, NULL, NULL, "M" };
static const struct http_field f_odds = { "o", FT_ODDS, 0, 0, 0, NULL, NULL, "O" };
static const struct http_field f_bp = { "p", FT_BP, 0, 1, 9999, NULL, NULL, "P" };
static const struct http_field f_bp_any = { "p", FT_BP, 0, 0, 0, NULL, NULL, "P" };
static const struct http_field f_frac = { "p", FT_BP, FF_FRACTION, 1, 9999, NULL, NULL, "P" };
static const struct http_field f_uuid = { "u", FT_UUID, 0, 0, 0, NULL, NULL, "U" };
static const struct http_field f_uuid_req = { "u", FT_UUID, FF_REQUIRED, 0, 0, NULL, NULL, "U" };
static const struct http_field f_time = { "t", FT_TIME, 0, 0, 0, NULL, NULL, "T" };
static const struct http_field f_enum = { "e", FT_ENUM, 0, 0, 0, colors, NULL, "E" };
static const struct http_field f_bool = { "b", FT_BOOL, 0, 0, 0, NULL, NULL, "B" };
static const struct http_field f_int = { "i", FT_INT, 0, -5, 5, NULL, NULL, "I" };
static const struct http_field f_str = { "s", FT_STRING, 0, 2, 4, NULL, NULL, "S" };

#define MONEY_MSG "must be a positive amount with at most two decimals"
#define ODDS_MSG "must be decimal odds above 1.0 with at most three decimals (e.g. 2.10)"
#define TIME_MSG "must be an RFC 3339 time with a zone, such as 2026-05-01T19:45:00Z"

struct tcase {
	const struct http_field *f;
	const char *in;
	const char *err; /* NULL: valid */
	long long want;  /* the typed value (money, odds, bp, time, idx, num, yes) */
	const char *str; /* the normalised text, when checked */
};

static long long
typed(const struct http_field *f, const struct http_value *v)
{
	switch (f->type) {
	case FT_MONEY:
		return v->money;
	case FT_ODDS:
		return v->odds;
	case FT_BP:
		return v->bp;
	case FT_TIME:
		return v->time;
	case FT_ENUM:
		return v->idx;
	case FT_BOOL:
		return v->yes;
	case FT_INT:
		return v->num;
	default:
		return 0;
	}
}

static void
test_types(void **state)
{
	static const struct tcase cases[] = {
		/* money: "12.50" -> minor units */
		{ &f_money, "12.50", NULL, 1250, NULL },
		{ &f_money, "12.5", NULL, 1250, NULL },
		{ &f_money, " 7 ", NULL, 700, NULL },
		{ &f_money, "0.01", NULL, 1, NULL },
		{ &f_money, "1000000000000.00", NULL, 100000000000000LL, NULL },
		{ &f_money, "1000000000000.01", MONEY_MSG, 0, NULL },
		{ &f_money, "0", MONEY_MSG, 0, NULL },
		{ &f_money, "0.00", MONEY_MSG, 0, NULL },
		{ &f_money, "-1", MONEY_MSG, 0, NULL },
		{ &f_money, "12.505", MONEY_MSG, 0, NULL },
		{ &f_money, "12,50", MONEY_MSG, 0, NULL },
		{ &f_money, "1e3", MONEY_MSG, 0, NULL },
		{ &f_money_rng, "5.00", NULL, 500, NULL },
		{ &f_money_rng, "100", NULL, 10000, NULL },
		{ &f_money_rng, "4.99", "must be between 5.00 and 100.00", 0, NULL },
		{ &f_money_rng, "100.01", "must be between 5.00 and 100.00", 0, NULL },
		/* money in whole minor units */
		{ &f_minor, "1", NULL, 1, NULL },
		{ &f_minor, "100000", NULL, 100000, NULL },
		{ &f_minor, "0", "must be between 1 and 100000", 0, NULL },
		{ &f_minor, "100001", "must be between 1 and 100000", 0, NULL },
		{ &f_minor, "10.00", "must be a whole number", 0, NULL },
		/* odds: "2.10" -> thousandths */
		{ &f_odds, "2.10", NULL, 2100, NULL },
		{ &f_odds, "2.1", NULL, 2100, NULL },
		{ &f_odds, "1.001", NULL, ODDS_MIN, NULL },
		{ &f_odds, "1000", NULL, ODDS_MAX, NULL },
		{ &f_odds, "1.0", ODDS_MSG, 0, NULL },
		{ &f_odds, "1000.001", ODDS_MSG, 0, NULL },
		{ &f_odds, "2.0555", ODDS_MSG, 0, NULL },
		{ &f_odds, "evens", ODDS_MSG, 0, NULL },
		/* basis points from a percentage */
		{ &f_bp, "12.5", NULL, 1250, NULL },
		{ &f_bp, "0.01", NULL, 1, NULL },
		{ &f_bp, "99.99", NULL, 9999, NULL },
		{ &f_bp, "0", "must be a percentage between 0.01 and 99.99", 0, NULL },
		{ &f_bp, "100", "must be a percentage between 0.01 and 99.99", 0, NULL },
		{ &f_bp, "1.234", "must be a percentage between 0.01 and 99.99", 0, NULL },
		{ &f_bp_any, "0", NULL, 0, NULL },
		{ &f_bp_any, "100", NULL, 10000, NULL },
		{ &f_bp_any, "100.01", "must be a percentage between 0.00 and 100.00", 0, NULL },
		/* ... or from a fraction */
		{ &f_frac, "0.52", NULL, 5200, NULL },
		{ &f_frac, "0.0001", NULL, 1, NULL },
		{ &f_frac, "0.9999", NULL, 9999, NULL },
		{ &f_frac, "1",
		    "must be a fraction between 0.0001 and 0.9999, at most four decimals", 0,
		    NULL },
		{ &f_frac, "0.00001",
		    "must be a fraction between 0.0001 and 0.9999, at most four decimals", 0,
		    NULL },
		/* uuid: lower-cased */
		{ &f_uuid, "01A20000-0000-7000-8000-00000000000F", NULL, 0,
		    "01a20000-0000-7000-8000-00000000000f" },
		{ &f_uuid, "01a20000-0000-7000-8000-00000000000", "must be an id (a UUID)", 0,
		    NULL },
		{ &f_uuid, "not-a-uuid", "must be an id (a UUID)", 0, NULL },
		{ &f_uuid_req, "", "is required", 0, NULL },
		/* time: normalised to UTC seconds and text */
		{ &f_time, "1970-01-01T00:00:00Z", NULL, 0, "1970-01-01T00:00:00Z" },
		{ &f_time, "2026-05-01T19:45:00Z", NULL, 1777664700, "2026-05-01T19:45:00Z" },
		{ &f_time, "2026-05-01T20:45:00+01:00", NULL, 1777664700, "2026-05-01T19:45:00Z" },
		{ &f_time, "2026-05-01T19:15:00.250-00:30", NULL, 1777664700,
		    "2026-05-01T19:45:00Z" },
		{ &f_time, "2024-02-29T00:00:00Z", NULL, 1709164800, NULL },
		{ &f_time, "2026-02-29T00:00:00Z", TIME_MSG, 0, NULL },
		{ &f_time, "2026-05-01T19:45:00", TIME_MSG, 0, NULL },
		{ &f_time, "2026-05-01", TIME_MSG, 0, NULL },
		{ &f_time, "2026-13-01T00:00:00Z", TIME_MSG, 0, NULL },
		{ &f_time, "2026-05-01T24:00:00Z", TIME_MSG, 0, NULL },
		{ &f_time, "2026-05-01T19:45:00Zjunk", TIME_MSG, 0, NULL },
		{ &f_time, "2026-05-01T19:45:00+1:00", TIME_MSG, 0, NULL },
		/* enum: the choice's index */
		{ &f_enum, "red", NULL, 0, "red" },
		{ &f_enum, "blue", NULL, 2, "blue" },
		{ &f_enum, "pink", "is not one of the allowed values", 0, NULL },
		{ &f_enum, "Red", "is not one of the allowed values", 0, NULL },
		/* boolean, bounded integers, strings */
		{ &f_bool, "on", NULL, 1, NULL },
		{ &f_bool, "false", NULL, 0, NULL },
		{ &f_bool, "yes", "must be true or false", 0, NULL },
		{ &f_int, "-5", NULL, -5, NULL },
		{ &f_int, "5", NULL, 5, NULL },
		{ &f_int, "6", "must be between -5 and 5", 0, NULL },
		{ &f_int, "1.5", "must be a whole number", 0, NULL },
		{ &f_str, "ab", NULL, 0, "ab" },
		{ &f_str, "abcde", "must be at most 4 characters", 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct tcase *c = &cases[i];
		struct http_value v;
		const char *err;

		memset(&v, 0, sizeof(v));
		err = http_check_value(A, c->f, c->in, &v);
		if ((err == NULL) != (c->err == NULL) || (err != NULL && strcmp(err, c->err) != 0))
			fail_msg("%s \"%s\": got \"%s\", want \"%s\"", http_ftype_name(c->f->type),
			    c->in, err ? err : "(ok)", c->err ? c->err : "(ok)");
		if (err != NULL)
			continue;
		if (typed(c->f, &v) != c->want)
			fail_msg("%s \"%s\": value %lld, want %lld", http_ftype_name(c->f->type),
			    c->in, typed(c->f, &v), c->want);
		if (c->str != NULL && strcmp(v.str, c->str) != 0)
			fail_msg("%s \"%s\": text \"%s\", want \"%s\"", http_ftype_name(c->f->type),
			    c->in, v.str, c->str);
	}
}

static void
test_empty_optional_is_absent(void **state)
{
	const struct http_field *fs[] = { &f_money, &f_odds, &f_bp, &f_uuid, &f_time, &f_enum };

	(void)state;
	for (size_t i = 0; i < TG_NELEM(fs); i++) {
		struct http_value v;

		memset(&v, 0, sizeof(v));
		assert_null(http_check_value(A, fs[i], "", &v));
		if (v.present)
			fail_msg(
			    "%s: an empty optional value is present", http_ftype_name(fs[i]->type));
	}
}

static void
test_ftype_names(void **state)
{
	(void)state;
	for (int t = 0; t < HTTP_FTYPE_COUNT; t++)
		if (strcmp(http_ftype_name((enum http_ftype)t), "unknown") == 0)
			fail_msg("type %d has no name", t);
	assert_string_equal(http_ftype_name(FT_MONEY), "money");
	assert_string_equal(http_ftype_name(FT_BP), "basis_points");
	assert_string_equal(http_ftype_name((enum http_ftype)99), "unknown");
}

/* ---- nested JSON ---- */

enum { SEL_F_OUTCOME, SEL_F_ODDS };
static const char *const outcomes[] = { "home", "draw", "away", NULL };
static const struct http_field sel_fields[] = {
	[SEL_F_OUTCOME] = { "outcome", FT_ENUM, FF_REQUIRED, 0, 0, outcomes, NULL, "Outcome" },
	[SEL_F_ODDS] = { "odds", FT_ODDS, FF_REQUIRED, 0, 0, NULL, NULL, "Odds" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
enum { MK_F_KIND, MK_F_SELECTIONS };
static const struct http_field market_fields[] = {
	[MK_F_KIND] = { "kind", FT_STRING, FF_REQUIRED, 1, 20, NULL, NULL, "Kind" },
	[MK_F_SELECTIONS] = { "selections", FT_ARRAY, FF_REQUIRED, 1, 3, sel_fields, NULL,
	    "Selections" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
enum { CO_F_CODE, CO_F_NAME };
static const struct http_field comp_fields[] = {
	[CO_F_CODE] = { "code", FT_STRING, FF_REQUIRED, 1, 10, NULL, NULL, "Code" },
	[CO_F_NAME] = { "name", FT_STRING, 0, 0, 40, NULL, NULL, "Name" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
enum { EV_F_ID, EV_F_STARTS, EV_F_STAKE, EV_F_COMP, EV_F_MARKETS };
static const struct http_field event_fields[] = {
	[EV_F_ID] = { "id", FT_UUID, FF_REQUIRED, 0, 0, NULL, NULL, "Id" },
	[EV_F_STARTS] = { "starts_at", FT_TIME, FF_REQUIRED, 0, 0, NULL, NULL, "Start" },
	[EV_F_STAKE] = { "stake", FT_MONEY, 0, 0, 0, NULL, NULL, "Stake" },
	[EV_F_COMP] = { "competition", FT_OBJECT, FF_REQUIRED, 0, 0, comp_fields, NULL,
	    "Competition" },
	[EV_F_MARKETS] = { "markets", FT_ARRAY, 0, 0, 4, market_fields, NULL, "Markets" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct http_route event_route = {
	.methods = HTTP_POST, .pattern = "/ev", .handler = h_dummy, .fields = event_fields
};
static const struct http_route other_route = {
	.methods = HTTP_POST, .pattern = "/o", .handler = h_dummy, .fields = comp_fields
};
/* Nothing JSON-only required: a form may still post it. */
enum { OPT_F_STAKE, OPT_F_MARKETS, OPT_F_COUNT };
static const struct http_field opt_fields[] = {
	[OPT_F_STAKE] = { "stake", FT_MONEY, 0, 0, 0, NULL, NULL, "Stake" },
	[OPT_F_MARKETS] = { "markets", FT_ARRAY, 0, 0, 4, market_fields, NULL, "Markets" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(opt_fields, OPT_F_COUNT);
static const struct http_route opt_route = {
	.methods = HTTP_POST, .pattern = "/opt", .handler = h_dummy, .fields = opt_fields
};

static int
run_json(struct http_req *req, const struct http_route *r, const char *json)
{
	json_error_t jerr;
	const char *msg = NULL;

	memset(req, 0, sizeof(*req));
	req->a = A;
	req->method = HTTP_POST;
	req->route = r;
	if ((req->json = json_loads(json, 0, &jerr)) == NULL)
		fail_msg("bad test JSON %s: %s", json, jerr.text);
	return http_validate(req, &msg);
}

static int
run_form(struct http_req *req, const struct http_route *r, const char *form)
{
	struct http_limits lim = { 200, 65536 };
	const char *msg = NULL;

	memset(req, 0, sizeof(*req));
	req->a = A;
	req->method = HTTP_POST;
	req->route = r;
	assert_int_equal(http_parse_urlencoded(A, form, strlen(form), &lim, &req->form, &msg), 0);
	return http_validate(req, &msg);
}

static const char *
err_for(const struct http_req *req, const char *field)
{
	for (size_t i = 0; i < req->errors.n; i++)
		if (strcmp(req->errors.field[i], field) == 0)
			return req->errors.msg[i];
	return NULL;
}

#define GOOD_EVENT                                                                 \
	"{\"id\": \"01a20000-0000-7000-8000-000000000001\", "                      \
	"\"starts_at\": \"2026-05-01T20:45:00+01:00\", \"stake\": 12.5, "          \
	"\"competition\": {\"code\": \"EPL\"}, \"markets\": [{\"kind\": \"1x2\", " \
	"\"selections\": [{\"outcome\": \"home\", \"odds\": 2.1}, "                \
	"{\"outcome\": \"away\", \"odds\": \"3.40\"}]}, {\"kind\": \"dnb\", "      \
	"\"selections\": [{\"outcome\": \"draw\", \"odds\": 1.5}]}]}"

static void
test_nested_values(void **state)
{
	struct http_req req;
	const struct http_value *v, *mk, *sel;

	(void)state;
	assert_int_equal(run_json(&req, &event_route, GOOD_EVENT), 0);
	v = http_vals(&req, event_fields);
	assert_string_equal(v[EV_F_ID].str, "01a20000-0000-7000-8000-000000000001");
	assert_int_equal(v[EV_F_STARTS].time, 1777664700);
	assert_string_equal(v[EV_F_STARTS].str, "2026-05-01T19:45:00Z");
	assert_int_equal(v[EV_F_STAKE].money, 1250);
	assert_true(v[EV_F_COMP].present);
	assert_string_equal(v[EV_F_COMP].sub[CO_F_CODE].str, "EPL");
	assert_false(v[EV_F_COMP].sub[CO_F_NAME].present);
	assert_int_equal(v[EV_F_MARKETS].nitems, 2);
	mk = http_item(&v[EV_F_MARKETS], 0);
	assert_string_equal(mk[MK_F_KIND].str, "1x2");
	assert_int_equal(mk[MK_F_SELECTIONS].nitems, 2);
	sel = http_item(&mk[MK_F_SELECTIONS], 1);
	assert_int_equal(sel[SEL_F_OUTCOME].idx, 2);
	assert_int_equal(sel[SEL_F_ODDS].odds, 3400);
	sel = http_item(&http_item(&v[EV_F_MARKETS], 1)[MK_F_SELECTIONS], 0);
	assert_int_equal(sel[SEL_F_ODDS].odds, 1500);
	assert_null(http_item(&v[EV_F_MARKETS], 2));
	json_decref(req.json);
}

static void
test_nested_error_paths(void **state)
{
	static const struct {
		const char *json;
		const char *field, *msg;
	} cases[] = {
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": "
		  "[{\"kind\": \"1x2\", \"selections\": [{\"outcome\": \"home\", \"odds\": 2.1}, "
		  "{\"outcome\": \"away\", \"odds\": 1.0}]}]}",
		    "markets[0].selections[1].odds", ODDS_MSG },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": "
		  "[{\"kind\": \"1x2\", \"selections\": [{\"odds\": 2.1}]}]}",
		    "markets[0].selections[0].outcome", "is required" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\", \"tier\": 1}}",
		    "competition.tier", "is not a known field" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {}}",
		    "competition.code", "is required" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": [1]}",
		    "competition", "must be an object" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": [7]}",
		    "markets[0]", "must be an object" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": {}}",
		    "markets", "must be a list" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": "
		  "[{\"kind\": \"1x2\", \"selections\": []}]}",
		    "markets[0].selections", "must list at least 1 items" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"markets\": "
		  "[{}, {}, {}, {}, {}]}",
		    "markets", "may list at most 4 items" },
		{ "{\"id\": \"nope\", \"starts_at\": \"2026-05-01T19:45:00Z\", \"competition\": "
		  "{\"code\": \"EPL\"}}",
		    "id", "must be an id (a UUID)" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": \"tomorrow\", "
		  "\"competition\": {\"code\": \"EPL\"}}",
		    "starts_at", TIME_MSG },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\", \"competition\": {\"code\": \"EPL\"}, \"stake\": true}",
		    "stake", "must be a number" },
		{ "{\"id\": \"01a20000-0000-7000-8000-000000000001\", \"starts_at\": "
		  "\"2026-05-01T19:45:00Z\"}",
		    "competition", "is required" },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		struct http_req req;
		const char *m;

		if (run_json(&req, &event_route, cases[i].json) != 422)
			fail_msg("case %zu: not refused", i);
		if ((m = err_for(&req, cases[i].field)) == NULL)
			fail_msg("case %zu: no error at %s (first: %s)", i, cases[i].field,
			    req.errors.n ? req.errors.field[0] : "none");
		if (strcmp(m, cases[i].msg) != 0)
			fail_msg("case %zu: %s: \"%s\", want \"%s\"", i, cases[i].field, m,
			    cases[i].msg);
		json_decref(req.json);
	}
}

static void
test_nested_json_only(void **state)
{
	struct http_req req;

	(void)state;
	/* a form cannot send an object: a route that requires one refuses a
	 * form as a whole (415), not field by field */
	assert_int_equal(
	    run_form(&req, &event_route,
	        "id=01a20000-0000-7000-8000-000000000001&starts_at=2026-05-01T19%3A45%3A00Z&"
	        "competition=EPL&stake=3.50"),
	    415);
	assert_int_equal(req.errors.n, 0);
	/* an optional list is absent from a form; the other fields are read */
	assert_int_equal(run_form(&req, &opt_route, "stake=3.50&markets=x"), 0);
	assert_false(http_vals(&req, opt_fields)[OPT_F_MARKETS].present);
	assert_int_equal(http_vals(&req, opt_fields)[OPT_F_STAKE].money, 350);
}

static void
test_vals_other_table(void **state)
{
	struct http_req req;
	const struct http_value *v;

	(void)state;
	assert_int_equal(run_form(&req, &other_route, "code=EPL"), 0);
	assert_string_equal(http_vals(&req, comp_fields)[CO_F_CODE].str, "EPL");
	/* a handler on the wrong route reads every field as absent, never
	 * another table's values */
	v = http_vals(&req, event_fields);
	for (int i = 0; i <= EV_F_MARKETS; i++) {
		assert_false(v[i].present);
		assert_string_equal(v[i].str, "");
	}
}

/* ---- typed path parameters ---- */

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/posts/new", .handler = h_dummy },
	{ .methods = HTTP_GET, .pattern = "/posts/{post_id:uuid}", .handler = h_dummy },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/like", .handler = h_dummy },
	{ .methods = HTTP_GET, .pattern = "/u/{username:username}", .handler = h_dummy },
	{ .methods = HTTP_GET, .pattern = "/n/{n:int}", .handler = h_dummy },
	{ .methods = HTTP_GET, .pattern = "/any/{x}", .handler = h_dummy },
};

static void
test_typed_params(void **state)
{
	static const struct {
		enum http_method m;
		const char *path;
		int status;
		int route;
		const char *val;
	} cases[] = {
		{ HTTP_GET, "/posts/01a20000-0000-7000-8000-000000000001", 0, 1,
		    "01a20000-0000-7000-8000-000000000001" },
		{ HTTP_GET, "/posts/new", 0, 0, NULL },
		{ HTTP_GET, "/posts/not-a-uuid", 404, -1, NULL },
		{ HTTP_GET, "/posts/01a20000-0000-7000-8000-00000000000", 404, -1, NULL },
		{ HTTP_GET, "/posts/01a20000-0000-7000-8000-0000000000011", 404, -1, NULL },
		{ HTTP_POST, "/posts/01a20000-0000-7000-8000-000000000001/like", 0, 2,
		    "01a20000-0000-7000-8000-000000000001" },
		/* a malformed id is no path at all: 404, not 405 */
		{ HTTP_GET, "/posts/nope/like", 404, -1, NULL },
		{ HTTP_POST, "/posts/nope/like", 404, -1, NULL },
		{ HTTP_GET, "/posts/01a20000-0000-7000-8000-000000000001/like", 405, -1, NULL },
		{ HTTP_GET, "/u/alice_1", 0, 3, "alice_1" },
		{ HTTP_GET, "/u/ab", 404, -1, NULL },
		{ HTTP_GET, "/u/a.b.c", 404, -1, NULL },
		{ HTTP_GET, "/u/abcdefghijabcdefghijabcdefghij", 0, 3,
		    "abcdefghijabcdefghijabcdefghij" },
		{ HTTP_GET, "/u/abcdefghijabcdefghijabcdefghijk", 404, -1, NULL },
		{ HTTP_GET, "/n/42", 0, 4, "42" },
		{ HTTP_GET, "/n/042", 404, -1, NULL },
		{ HTTP_GET, "/n/-1", 404, -1, NULL },
		{ HTTP_GET, "/any/what.ever", 0, 5, "what.ever" },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct http_route *r = NULL;
		struct http_params p;
		unsigned allow = 0;
		int st;

		memset(&p, 0, sizeof(p));
		st = http_route_match(
		    routes, TG_NELEM(routes), cases[i].m, cases[i].path, A, &r, &p, &allow);
		if (st != cases[i].status)
			fail_msg("%s: status %d, want %d", cases[i].path, st, cases[i].status);
		if (st != 0)
			continue;
		if (r != &routes[cases[i].route])
			fail_msg("%s: route %d, want %d", cases[i].path, (int)(r - routes),
			    cases[i].route);
		if (cases[i].val != NULL) {
			assert_int_equal(p.n, 1);
			/* the parameter is named without its type */
			assert_null(strchr(p.name[0], ':'));
			assert_string_equal(p.val[0], cases[i].val);
		}
	}
}

static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	conf_defaults();
	log_init("test_http_typed", LOG_ERROR);
	return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_types),
		T(test_empty_optional_is_absent),
		T(test_ftype_names),
		T(test_nested_values),
		T(test_nested_error_paths),
		T(test_nested_json_only),
		T(test_vals_other_table),
		T(test_typed_params),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
