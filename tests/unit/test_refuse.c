/*
 * Unit tests for the refusal renderer's JSON shape (web_refusal_json): the
 * one {"error":{"code","message","fields"}} body every JSON refusal uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/web.h"

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(j);
	return s;
}

static void
expect_json(json_t *j, const char *want)
{
	char *got = dump(j);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* A code alone: the default words; no "fields" member at all. */
static void
test_defaults(void **state)
{
	struct tg_err e = TG_ERR(TG_NOT_FOUND, NULL, NULL);

	(void)state;
	expect_json(web_refusal_json(&e, NULL),
	    "{\"error\":{\"code\":\"not_found\",\"message\":\"We could not find that page.\"}}");
}

/* The result's own reason and message. */
static void
test_own_words(void **state)
{
	struct tg_err e = TG_ERR(TG_CONFLICT, "already_copying", "You already copy them.");

	(void)state;
	expect_json(web_refusal_json(&e, NULL),
	    "{\"error\":{\"code\":\"already_copying\",\"message\":\"You already copy them.\"}}");
}

/* One field, a list of fields and the request's field errors all land in
 * "fields"; the first message for a field wins. */
static void
test_fields(void **state)
{
	static const char *const names[] = { "max_stake", "stake" };
	static const char *const msgs[] = { "too high", "second" };
	struct tg_fields list = { 2, names, msgs };
	struct tg_err e = TG_FIELD_ERR("stake", "must be positive");
	struct http_errors more = { .n = 1, .field = { "notes" }, .msg = { "too long" } };

	(void)state;
	e.fields = &list;
	expect_json(web_refusal_json(&e, &more),
	    "{\"error\":{\"code\":\"validation_failed\",\"fields\":{\"max_stake\":\"too high\","
	    "\"notes\":\"too long\",\"stake\":\"must be positive\"},"
	    "\"message\":\"must be positive\"}}");
}

/* An empty request error list adds nothing. */
static void
test_no_fields(void **state)
{
	struct tg_err e = TG_ERR(TG_FORBIDDEN, NULL, "Not yours.");
	struct http_errors none = { .n = 0 };

	(void)state;
	expect_json(web_refusal_json(&e, &none),
	    "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not yours.\"}}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_own_words),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_no_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
