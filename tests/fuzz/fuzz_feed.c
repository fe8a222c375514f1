/*
 * libFuzzer driver: the operator feed's nested JSON
 * (app/catalog/catalog_feed_parse.c), as POST /admin/api/events and
 * /admin/api/odds check it before anything is written.
 *
 * The input is a JSON body (json_loadb with the production flags). Without
 * its "updates", and with the flat members the corpus need not spell out
 * (external_id, sport, teams, start) filled in when absent, it is checked
 * against the events route's field table (http_check_object), then
 * catalog_feed_parse_event applies the rules across fields; its "updates"
 * member, as the body of the odds route, against that route's table, then
 * catalog_feed_parse_update for each item. Errors name a path in valid
 * UTF-8; with no error, what would be written is sound:
 *   - competition code 1..40 and name 1..100 characters, country 0..60,
 *     trimmed, no control characters, valid UTF-8;
 *   - at most 20 markets, each of a known kind, (kind, line) distinct, a line
 *     in quarter steps (above 0 for a total, 0 for kinds without one), every
 *     outcome of the kind priced exactly once at odds within the bounds;
 *   - each update names exactly one of selection, market or event; by
 *     event with a known kind and a line in quarter steps (0 for kinds
 *     without one); odds within the bounds or 0
 *     with a status; a status of open or suspended; a price change has an
 *     outcome of the kind (or a selection id); an event id is a UUID.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/catalog_web.h"
#include "core/core.h"

#include "fuzz.h"

static void
new_req(struct http_req *req, json_t *json)
{
	memset(req, 0, sizeof(*req));
	if ((req->a = arena_new(0)) == NULL)
		abort();
	req->method = HTTP_POST;
	req->json = json;
}

static void
check_errors(const struct http_req *req)
{
	FUZZ_CHECK(req->errors.n <= HTTP_MAX_FIELD_ERRORS, "%zu errors", req->errors.n);
	for (size_t i = 0; i < req->errors.n; i++) {
		const char *f = req->errors.field[i], *m = req->errors.msg[i];

		FUZZ_CHECK(
		    f != NULL && *f && m != NULL && *m, "error %zu without a path or message", i);
		FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)f, strlen(f)) &&
		        fuzz_ref_utf8_valid((const unsigned char *)m, strlen(m)),
		    "error %zu is not valid UTF-8", i);
	}
}

/* Trimmed text of min..max characters without control characters. */
static void
check_text(const char *what, const char *s, size_t min, size_t max)
{
	size_t n, chars = 0;

	FUZZ_CHECK(s != NULL, "%s missing", what);
	n = strlen(s);
	FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)s, n), "%s not valid UTF-8", what);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f,
		    "%s has a control character", what);
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	}
	FUZZ_CHECK(chars >= min && chars <= max, "%s of %zu characters", what, chars);
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t'),
	    "%s not trimmed: '%s'", what, s);
}

/* creating: a total's line is above 0; an update only names a market by
 * its line (one that does not exist is "no such market" later) */
static void
check_line(const char *kind, int32_t line, int creating)
{
	FUZZ_CHECK(line % 25 == 0 && line >= -100000 && line <= 100000, "line %d", line);
	if (!catalog_kind_has_line(kind))
		FUZZ_CHECK(line == 0, "%s market with line %d", kind, line);
	else if (creating && strcmp(kind, "total") == 0)
		FUZZ_CHECK(line > 0, "total with line %d", line);
}

static void
check_event(const struct feed_event *fe)
{
	check_text("competition.code", fe->code, 1, 40);
	check_text("competition.name", fe->comp_name, 1, 100);
	check_text("competition.country", fe->country, 0, 60);
	FUZZ_CHECK(fe->nmk >= 0 && fe->nmk <= FEED_MARKETS_MAX, "%d markets", fe->nmk);
	for (int i = 0; i < fe->nmk; i++) {
		const struct feed_market *m = &fe->mk[i];
		const char *const *want = catalog_outcomes(m->kind);

		FUZZ_CHECK(want != NULL, "market %d of kind '%s'", i, m->kind ? m->kind : "NULL");
		check_line(m->kind, m->line, 1);
		for (int k = 0; k < i; k++)
			FUZZ_CHECK(
			    strcmp(fe->mk[k].kind, m->kind) != 0 || fe->mk[k].line != m->line,
			    "market %d repeats market %d", i, k);
		FUZZ_CHECK(m->nsel == catalog_outcome_count(m->kind), "market %d: %d selections", i,
		    m->nsel);
		for (int k = 0; k < m->nsel; k++) {
			FUZZ_CHECK(
			    m->outcome[k] != NULL && catalog_feed_in_list(want, m->outcome[k]),
			    "market %d: outcome %d", i, k);
			FUZZ_CHECK(m->odds[k] >= ODDS_MIN && m->odds[k] <= ODDS_MAX,
			    "market %d: odds %d", i, m->odds[k]);
			for (int j = 0; j < k; j++)
				FUZZ_CHECK(strcmp(m->outcome[j], m->outcome[k]) != 0,
				    "market %d: outcome '%s' twice", i, m->outcome[k]);
		}
	}
}

static void
check_update(const struct feed_update *u)
{
	static const char *const any[] = { "home", "draw", "away", "over", "under", NULL };
	int by_event = u->event_id != NULL || u->ext != NULL;

	FUZZ_CHECK((u->sel != 0) + (u->mkt != 0) + by_event == 1, "names %d things",
	    (u->sel != 0) + (u->mkt != 0) + by_event);
	FUZZ_CHECK(!(u->event_id && u->ext), "both event_id and external_id");
	FUZZ_CHECK(u->sel >= 0 && u->mkt >= 0, "negative id");
	FUZZ_CHECK(
	    u->event_id == NULL || util_uuid_valid(u->event_id), "event_id '%s'", u->event_id);
	if (u->ext != NULL)
		check_text("external_id", u->ext, 1, 200);
	FUZZ_CHECK(
	    u->odds == 0 || (u->odds >= ODDS_MIN && u->odds <= ODDS_MAX), "odds %d", u->odds);
	FUZZ_CHECK(
	    u->status == NULL || catalog_feed_in_list(catalog_feed_market_statuses, u->status),
	    "status '%s'", u->status);
	FUZZ_CHECK(u->odds != 0 || u->status != NULL, "neither odds nor status");
	if (by_event) {
		FUZZ_CHECK(u->kind != NULL && catalog_outcomes(u->kind) != NULL, "kind '%s'",
		    u->kind ? u->kind : "NULL");
		check_line(u->kind, u->line, 0);
	} else
		FUZZ_CHECK(u->sel == 0 || (u->kind == NULL && u->outcome == NULL),
		    "selection id with kind or outcome");
	if (u->outcome != NULL)
		FUZZ_CHECK(
		    catalog_feed_in_list(
		        u->kind && catalog_outcomes(u->kind) ? catalog_outcomes(u->kind) : any,
		        u->outcome),
		    "outcome '%s' of '%s'", u->outcome, u->kind ? u->kind : "");
	FUZZ_CHECK(
	    u->odds == 0 || u->sel != 0 || u->outcome != NULL, "price change without outcome");
}

/* Validates body against a route's table as http_validate does; the values
 * when valid, else NULL (errors checked either way). */
static const struct http_value *
validated(struct http_req *req, const struct http_field *table, json_t *body)
{
	struct http_value *v = arena_calloc(req->a, http_fields_count(table), sizeof(*v));

	if (v == NULL)
		abort();
	http_check_object(req->a, table, body, "", v, &req->errors);
	check_errors(req);
	return req->errors.n == 0 ? v : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	const struct http_value *v;
	struct http_req req;
	struct feed_event *fe;

	if (doc == NULL)
		return 0;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return 0;
	}
	if ((fe = calloc(1, sizeof(*fe))) == NULL)
		abort();
	new_req(&req, doc);
	{
		static const char *const flat[][2] = { { "external_id", "fuzz-1" },
			{ "sport", "football" }, { "home_team", "Home" }, { "away_team", "Away" },
			{ "starts_at", "2030-01-01T12:00:00Z" } };
		json_t *body = json_deep_copy(doc);

		if (body == NULL)
			abort();
		json_object_del(body, "updates");
		for (size_t i = 0; i < sizeof(flat) / sizeof(flat[0]); i++)
			if (json_object_get(body, flat[i][0]) == NULL)
				json_object_set_new(body, flat[i][0], json_string(flat[i][1]));
		if ((v = validated(&req, catalog_feed_event_fields, body)) != NULL) {
			catalog_feed_parse_event(&req, v, fe);
			check_errors(&req);
			if (req.errors.n == 0)
				check_event(fe);
		}
		json_decref(body);
	}
	free(fe);
	arena_free(req.a);

	/* the same document's "updates" as the odds route's body */
	new_req(&req, doc);
	{
		json_t *body = json_pack("{s:O}", "updates", json_object_get(doc, "updates"));

		if (body != NULL && json_object_get(doc, "updates") != NULL &&
		    (v = validated(&req, catalog_feed_odds_fields, body)) != NULL) {
			const struct http_value *list = &v[FEED_O_UPDATES];
			struct feed_update *u = calloc(list->nitems ? list->nitems : 1, sizeof(*u));

			if (u == NULL)
				abort();
			for (size_t i = 0; i < list->nitems; i++)
				catalog_feed_parse_update(&req,
				    arena_printf(req.a, "updates[%zu]", i), http_item(list, i),
				    &u[i]);
			check_errors(&req);
			for (size_t i = 0; req.errors.n == 0 && i < list->nitems; i++)
				check_update(&u[i]);
			free(u);
		}
		json_decref(body);
	}
	arena_free(req.a);
	json_decref(doc);
	return 0;
}
