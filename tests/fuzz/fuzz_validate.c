/*
 * libFuzzer driver: http_validate / http_check_value (app/http/http_valid.c)
 * on a hand-built POST request whose route declares every field type.
 *
 * The input is used twice: as a JSON body (json_loadb with the production
 * flags; a non-object is passed through to exercise the 400 path) and as an
 * urlencoded form parsed into req.form with the configured limits. After
 * validation: 0 means no errors and every value honours its declaration
 * (required, bounds, choices, UTF-8, trimming, control characters; the typed
 * values: money, odds and basis points within bounds and equal to a fresh
 * parse of their text, ids lower-case and valid, times normalised to UTC
 * text that parses back to the same second, enum indexes pointing at the
 * choice, nested objects and arrays aligned with their tables); 422 means
 * 1..32 errors, one per field path; 400 only for a JSON non-object.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "http/http.h"

#include "fuzz.h"

/* Positional route entries (struct http_route gained trailing members). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *const roles[] = { "user", "moderator", "reviewer", "admin", NULL };
static const char *const sports[] = { "football", "rugby", "cricket", "tennis", "golf", NULL };
static const char *const sorts[] = { "new", "top", NULL };

static const char *
check_no_at(const char *v)
{
	return strchr(v, '@') != NULL ? "may not contain @" : NULL;
}

static const char *const outcomes[] = { "home", "draw", "away", NULL };
static const struct http_field sel_fields[] = {
	{ "outcome", FT_ENUM, FF_REQUIRED, 0, 0, outcomes, NULL, "Outcome" },
	{ "odds", FT_ODDS, FF_REQUIRED, 0, 0, NULL, NULL, "Odds" },
	{ "share", FT_BP, FF_FRACTION, 1, 9999, NULL, NULL, "Share" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct http_field market_fields[] = {
	{ "kind", FT_STRING, FF_REQUIRED, 1, 20, NULL, NULL, "Kind" },
	{ "selections", FT_ARRAY, 0, 1, 3, sel_fields, NULL, "Selections" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
static const struct http_field comp_fields[] = {
	{ "code", FT_STRING, FF_REQUIRED, 1, 10, NULL, NULL, "Code" },
	{ "starts_at", FT_TIME, 0, 0, 0, NULL, NULL, "Start" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const struct http_field fields[] = {
	{ "username", FT_STRING, FF_REQUIRED, 3, 30, NULL, check_no_at, "Username" },
	{ "password", FT_STRING, FF_REQUIRED | FF_SECRET | FF_RAW, 10, 128, NULL, NULL,
	    "Password" },
	{ "display_name", FT_STRING, 0, 1, 50, NULL, NULL, "Display name" },
	{ "bio", FT_TEXT, 0, 0, 500, NULL, NULL, "Bio" },
	{ "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ "delta", FT_INT, 0, -1000, 1000, NULL, NULL, "Delta" },
	{ "stamp", FT_INT, 0, LLONG_MIN, LLONG_MAX, NULL, NULL, "Stamp" },
	{ "public", FT_BOOL, 0, 0, 0, NULL, NULL, "Public" },
	{ "role", FT_ENUM, FF_REQUIRED, 0, 0, roles, NULL, "Role" },
	{ "sort", FT_ENUM, 0, 0, 0, sorts, NULL, "Sort" },
	{ "sports", FT_LIST, 0, 0, 3, sports, NULL, "Favourite sports" },
	{ "teams", FT_LIST, FF_REQUIRED, 1, 0, sports, NULL, "Teams" },
	{ "stake", FT_MONEY, 0, 0, 0, NULL, NULL, "Stake" },
	{ "limit", FT_MONEY, FF_MINOR, 100, 100000, NULL, NULL, "Limit" },
	{ "odds", FT_ODDS, 0, 0, 0, NULL, NULL, "Odds" },
	{ "pct", FT_BP, 0, 1, 9999, NULL, NULL, "Percentage" },
	{ "id", FT_UUID, 0, 0, 0, NULL, NULL, "Id" },
	{ "at", FT_TIME, 0, 0, 0, NULL, NULL, "At" },
	{ "competition", FT_OBJECT, 0, 0, 0, comp_fields, NULL, "Competition" },
	{ "markets", FT_ARRAY, 0, 0, 4, market_fields, NULL, "Markets" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const struct http_route route = {
	.methods = HTTP_POST, .pattern = "/fuzz", .fields = fields, .name = "fuzz"
};

static int
in_choices(const char *const *c, const char *v)
{
	for (; c != NULL && *c != NULL; c++)
		if (strcmp(*c, v) == 0)
			return 1;
	return 0;
}

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The typed values of a valid request, nested ones included. */
static void
check_typed(const struct http_field *table, const struct http_value *vals, size_t depth)
{
	for (size_t i = 0; table[i].name != NULL; i++) {
		const struct http_field *f = &table[i];
		const struct http_value *v = &vals[i];
		int64_t m;
		int32_t o;

		FUZZ_CHECK(v->str != NULL, "%s: str NULL", f->name);
		if ((f->flags & FF_REQUIRED) && f->type != FT_LIST)
			FUZZ_CHECK(v->present, "%s: required but absent", f->name);
		if (!v->present)
			continue;
		switch (f->type) {
		case FT_MONEY:
			FUZZ_CHECK(v->money > 0 && v->money <= MONEY_MAX, "%s: %lld", f->name,
			    (long long)v->money);
			FUZZ_CHECK(f->max <= 0 || (v->money >= f->min && v->money <= f->max),
			    "%s: %lld out of bounds", f->name, (long long)v->money);
			if (!(f->flags & FF_MINOR))
				FUZZ_CHECK(money_parse(v->str, &m) == 0 && m == v->money,
				    "%s: '%s' is not %lld", f->name, v->str, (long long)v->money);
			break;
		case FT_ODDS:
			FUZZ_CHECK(v->odds >= ODDS_MIN && v->odds <= ODDS_MAX, "%s: odds %d",
			    f->name, v->odds);
			FUZZ_CHECK(odds_parse(v->str, &o) == 0 && o == v->odds,
			    "%s: '%s' is not %d", f->name, v->str, v->odds);
			break;
		case FT_BP:
			FUZZ_CHECK(v->bp >= 0 && v->bp <= 10000, "%s: bp %d", f->name, v->bp);
			FUZZ_CHECK(f->max <= 0 || (v->bp >= f->min && v->bp <= f->max),
			    "%s: bp %d out of bounds", f->name, v->bp);
			break;
		case FT_UUID:
			FUZZ_CHECK(util_uuid_valid(v->str), "%s: '%s' not an id", f->name, v->str);
			for (const char *p = v->str; *p; p++)
				FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'), "%s: '%s' not lower-case",
				    f->name, v->str);
			break;
		case FT_TIME:
			FUZZ_CHECK(strlen(v->str) == 20 && v->str[19] == 'Z', "%s: '%s' not UTC",
			    f->name, v->str);
			FUZZ_CHECK(http_time_parse(v->str, &m) == 0 && m == v->time,
			    "%s: '%s' is not %lld", f->name, v->str, (long long)v->time);
			break;
		case FT_ENUM:
			FUZZ_CHECK(v->idx >= 0 &&
			        strcmp(((const char *const *)f->choices)[v->idx], v->str) == 0,
			    "%s: index %d for '%s'", f->name, v->idx, v->str);
			break;
		case FT_OBJECT:
			FUZZ_CHECK(depth < 4 && v->sub != NULL &&
			        v->nsub == http_fields_count(http_field_members(f)),
			    "%s: object of %zu", f->name, v->nsub);
			check_typed(http_field_members(f), v->sub, depth + 1);
			break;
		case FT_ARRAY:
			FUZZ_CHECK(v->nsub == http_fields_count(http_field_members(f)),
			    "%s: items of %zu", f->name, v->nsub);
			FUZZ_CHECK(f->max <= 0 || v->nitems <= (size_t)f->max, "%s: %zu items",
			    f->name, v->nitems);
			FUZZ_CHECK(f->min <= 0 || v->nitems >= (size_t)f->min, "%s: %zu items",
			    f->name, v->nitems);
			for (size_t k = 0; k < v->nitems; k++)
				check_typed(http_field_members(f), http_item(v, k), depth + 1);
			FUZZ_CHECK(
			    http_item(v, v->nitems) == NULL, "%s: item past the end", f->name);
			break;
		default:
			break;
		}
	}
}

static void
check_result(struct http_req *req, int rc, const char *msg, int is_json)
{
	size_t nf = TG_NELEM(fields) - 1;

	FUZZ_CHECK(rc == 0 || rc == 422 || (rc == 400 && is_json), "status %d", rc);
	if (rc != 0)
		FUZZ_CHECK(msg != NULL && *msg, "status %d without a message", rc);
	if (rc == 400) {
		FUZZ_CHECK(!json_is_object(req->json), "400 for a JSON object");
		return;
	}
	FUZZ_CHECK(req->nvals == nf && req->vals != NULL, "nvals %zu", req->nvals);
	FUZZ_CHECK(req->errors.n <= HTTP_MAX_FIELD_ERRORS, "%zu errors", req->errors.n);
	for (size_t i = 0; i < req->errors.n; i++) {
		FUZZ_CHECK(req->errors.field[i] != NULL && req->errors.msg[i] != NULL,
		    "error %zu NULL", i);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(req->errors.field[i], req->errors.field[j]) != 0,
			    "two errors for %s", req->errors.field[i]);
	}
	if (rc == 422) {
		FUZZ_CHECK(req->errors.n > 0, "422 without errors");
		return;
	}
	FUZZ_CHECK(req->errors.n == 0, "0 with %zu errors", req->errors.n);
	for (size_t i = 0; i < nf; i++) {
		const struct http_field *f = &fields[i];
		const struct http_value *v = &req->vals[i];

		FUZZ_CHECK(http_val(req, f->name) == v, "http_val(%s)", f->name);
		FUZZ_CHECK(http_vals(req, fields) + i == v, "http_vals[%zu]", i);
		FUZZ_CHECK(v->str != NULL, "%s: str NULL", f->name);
		if (f->type != FT_LIST && (f->flags & FF_REQUIRED))
			FUZZ_CHECK(v->present && *v->str, "%s: required but empty", f->name);
		if (!is_json && (f->type == FT_OBJECT || f->type == FT_ARRAY))
			FUZZ_CHECK(!v->present, "%s: a form sent an object", f->name);
		if (!v->present)
			continue;
		switch (f->type) {
		case FT_STRING:
		case FT_TEXT: {
			size_t len = strlen(v->str), n = chars(v->str);

			FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)v->str, len),
			    "%s: not UTF-8", f->name);
			for (const char *p = v->str; *p; p++) {
				unsigned char c = (unsigned char)*p;
				int nl = c == '\n' || c == '\r' || c == '\t';

				FUZZ_CHECK(!(c < 0x20 || c == 0x7f) || (f->type == FT_TEXT && nl),
				    "%s: control character %#x", f->name, c);
			}
			if (!(f->flags & FF_RAW) && len > 0)
				FUZZ_CHECK(!space(v->str[0]) && !space(v->str[len - 1]),
				    "%s: not trimmed", f->name);
			FUZZ_CHECK(
			    f->max <= 0 || n <= (size_t)f->max, "%s: %zu characters", f->name, n);
			FUZZ_CHECK(f->min <= 0 || n == 0 || n >= (size_t)f->min,
			    "%s: %zu characters", f->name, n);
			if (f->check != NULL && *v->str)
				FUZZ_CHECK(f->check(v->str) == NULL, "%s: check failed", f->name);
			break;
		}
		case FT_INT: {
			long long n;
			char *end;

			FUZZ_CHECK(v->num >= f->min && v->num <= f->max, "%s = %lld out of bounds",
			    f->name, v->num);
			n = strtoll(v->str, &end, 10);
			FUZZ_CHECK(*v->str && *end == '\0' && n == v->num, "%s: '%s' is not %lld",
			    f->name, v->str, v->num);
			break;
		}
		case FT_BOOL:
			FUZZ_CHECK(v->yes == 0 || v->yes == 1, "%s: yes = %d", f->name, v->yes);
			break;
		case FT_ENUM:
			FUZZ_CHECK(in_choices(f->choices, v->str), "%s: '%s' not a choice", f->name,
			    v->str);
			break;
		case FT_LIST:
			FUZZ_CHECK(f->max <= 0 || v->nlist <= (size_t)f->max, "%s: %zu items",
			    f->name, v->nlist);
			for (size_t k = 0; k < v->nlist; k++) {
				FUZZ_CHECK(in_choices(f->choices, v->list[k]),
				    "%s: '%s' not a choice", f->name, v->list[k]);
				for (size_t j = 0; j < k; j++)
					FUZZ_CHECK(strcmp(v->list[j], v->list[k]) != 0,
					    "%s: '%s' twice", f->name, v->list[k]);
			}
			break;
		default:
			break; /* the typed values: check_typed */
		}
		if (f->type == FT_LIST)
			FUZZ_CHECK(f->min <= 0 || v->nlist >= (size_t)f->min, "%s: %zu items",
			    f->name, v->nlist);
	}
	check_typed(fields, req->vals, 0);
	/* a JSON key the route does not declare is always an error */
	if (is_json) {
		const char *key;
		json_t *val;

		json_object_foreach(req->json, key, val)
		{
			size_t i;

			(void)val;
			for (i = 0; i < nf && strcmp(fields[i].name, key) != 0; i++)
				;
			FUZZ_CHECK(i < nf || strcmp(key, "csrf_token") == 0,
			    "unknown key '%s' accepted", key);
		}
	}
	/* required lists */
	for (size_t i = 0; i < nf; i++)
		if (fields[i].type == FT_LIST && (fields[i].flags & FF_REQUIRED))
			FUZZ_CHECK(
			    req->vals[i].nlist > 0, "%s: required list empty", fields[i].name);
}

static void
req_init(struct http_req *req)
{
	memset(req, 0, sizeof(*req));
	if ((req->a = arena_new(0)) == NULL)
		abort();
	req->method = HTTP_POST;
	req->route = &route;
	req->path = route.pattern;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct http_req req;
	json_error_t jerr;
	const char *msg;
	int rc;

	if (!init) {
		conf_defaults();
		init = 1;
	}

	/* 1. JSON body */
	req_init(&req);
	req.json = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (req.json != NULL) {
		msg = NULL;
		rc = http_validate(&req, &msg);
		check_result(&req, rc, msg, 1);
		json_decref(req.json);
	}
	arena_free(req.a);

	/* 2. urlencoded form */
	req_init(&req);
	{
		struct http_limits lim = { (size_t)conf.fields_max, (size_t)conf.field_len_max };

		msg = NULL;
		if (http_parse_urlencoded(req.a, (const char *)data, size, &lim, &req.form, &msg) ==
		    0) {
			msg = NULL;
			rc = http_validate(&req, &msg);
			check_result(&req, rc, msg, 0);
		}
	}
	arena_free(req.a);
	return 0;
}
