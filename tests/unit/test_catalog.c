/* Unit tests for the catalogue's pure helpers (app/catalog/catalog_core.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/catalog.h"
#include "core/core.h"

static void
test_outcomes(void **state)
{
	const char *const *o;

	(void)state;
	o = catalog_outcomes("1x2");
	assert_non_null(o);
	assert_string_equal(o[0], "home");
	assert_string_equal(o[1], "draw");
	assert_string_equal(o[2], "away");
	assert_null(o[3]);
	assert_int_equal(catalog_outcome_count("1x2"), 3);
	assert_int_equal(catalog_outcome_count("moneyline"), 2);
	assert_int_equal(catalog_outcome_count("handicap"), 2);
	assert_int_equal(catalog_outcome_count("total"), 2);
	assert_string_equal(catalog_outcomes("total")[0], "over");
	assert_null(catalog_outcomes("spread"));
	assert_null(catalog_outcomes(NULL));
	assert_int_equal(catalog_outcome_count("1X2"), 0);
	assert_true(catalog_kind_has_line("handicap"));
	assert_true(catalog_kind_has_line("total"));
	assert_false(catalog_kind_has_line("1x2"));
	assert_false(catalog_kind_has_line("moneyline"));
}

/* Odds and lines as a client may send them: JSON numbers or strings. */
static void
test_json_odds_and_lines(void **state)
{
	static const struct {
		const char *json;
		int ok;
		int32_t want;
	} odds[] = {
		{ "2.1", 1, 2100 },
		{ "\"2.10\"", 1, 2100 },
		{ "1.909", 1, 1909 },
		{ "2", 1, 2000 },
		{ "1.001", 1, 1001 },
		{ "1000", 1, 1000000 },
		{ "0.1", 0, 0 },
		{ "1.0", 0, 0 },
		{ "1", 0, 0 },
		{ "\"1.00\"", 0, 0 },
		{ "2.1234", 0, 0 },
		{ "-2", 0, 0 },
		{ "1000.001", 0, 0 },
		{ "1e10", 0, 0 },
		{ "\"two\"", 0, 0 },
		{ "true", 0, 0 },
		{ "[2]", 0, 0 },
		{ "null", 0, 0 },
		{ "\" 2.1\"", 0, 0 },
	};
	static const struct {
		const char *json;
		int ok;
		int32_t want;
	} lines[] = {
		{ "-0.25", 1, -25 },
		{ "2.5", 1, 250 },
		{ "\"-1.75\"", 1, -175 },
		{ "0", 1, 0 },
		{ "3", 1, 300 },
		{ "0.3", 0, 0 },
		{ "0.125", 0, 0 },
		{ "\"x\"", 0, 0 },
		{ "{}", 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(odds); i++) {
		json_t *j = json_loads(odds[i].json, JSON_DECODE_ANY, NULL);
		int32_t v = -1;
		const char *msg;

		assert_non_null(j);
		msg = catalog_json_odds(j, &v);
		if ((msg == NULL) != odds[i].ok || (odds[i].ok && v != odds[i].want))
			fail_msg(
			    "catalog_json_odds(%s) = %s, %d", odds[i].json, msg ? msg : "ok", v);
		json_decref(j);
	}
	for (size_t i = 0; i < TG_NELEM(lines); i++) {
		json_t *j = json_loads(lines[i].json, JSON_DECODE_ANY, NULL);
		int32_t v = -1;
		const char *msg;

		assert_non_null(j);
		msg = catalog_json_line(j, &v);
		if ((msg == NULL) != lines[i].ok || (lines[i].ok && v != lines[i].want))
			fail_msg(
			    "catalog_json_line(%s) = %s, %d", lines[i].json, msg ? msg : "ok", v);
		json_decref(j);
	}
	{
		json_t *j = json_real(1.0);
		int32_t v;

		assert_string_equal(catalog_json_odds(j, &v), "must be greater than 1.0");
		json_decref(j);
	}
}

static void
test_time_valid(void **state)
{
	static const struct {
		const char *s;
		int date_ok, want;
	} cases[] = {
		{ "2026-05-01T19:45:00Z", 0, 1 },
		{ "2026-05-01t19:45:00z", 0, 1 },
		{ "2026-05-01T19:45:00.123Z", 0, 1 },
		{ "2026-05-01T19:45:00+02:00", 0, 1 },
		{ "2026-05-01T19:45:00-05:30", 0, 1 },
		{ "2024-02-29T00:00:00Z", 0, 1 },
		{ "2026-05-01", 1, 1 },
		{ "2026-05-01", 0, 0 },
		{ "2023-02-29T00:00:00Z", 0, 0 }, /* not a leap year */
		{ "1900-02-29", 1, 0 },
		{ "2000-02-29", 1, 1 },
		{ "2026-04-31T10:00:00Z", 0, 0 },
		{ "2026-13-01T10:00:00Z", 0, 0 },
		{ "2026-05-01T24:00:00Z", 0, 0 },
		{ "2026-05-01T19:60:00Z", 0, 0 },
		{ "2026-05-01T19:45Z", 0, 0 },
		{ "2026-05-01T19:45:00", 0, 0 },
		{ "2026-05-01 19:45:00Z", 0, 0 },
		{ "2026-05-01T19:45:00.Z", 0, 0 },
		{ "2026-05-01T19:45:00.1234567Z", 0, 0 },
		{ "2026-05-01T19:45:00+0200", 0, 0 },
		{ "2026-05-01T19:45:00Zjunk", 0, 0 },
		{ "1899-12-31", 1, 0 },
		{ "26-05-01", 1, 0 },
		{ "", 1, 0 },
		{ "2026-5-1", 1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (catalog_time_valid(cases[i].s, cases[i].date_ok) != cases[i].want)
			fail_msg("catalog_time_valid(\"%s\", %d) != %d", cases[i].s,
			    cases[i].date_ok, cases[i].want);
	assert_int_equal(catalog_time_valid(NULL, 1), 0);
}

static void
test_labels(void **state)
{
	char b[128];

	(void)state;
	catalog_outcome_label("1x2", 0, "home", "Arsenal", "Chelsea", b, sizeof(b));
	assert_string_equal(b, "Arsenal");
	catalog_outcome_label("1x2", 0, "draw", "Arsenal", "Chelsea", b, sizeof(b));
	assert_string_equal(b, "Draw");
	catalog_outcome_label("moneyline", 0, "away", "Celtics", "Knicks", b, sizeof(b));
	assert_string_equal(b, "Knicks");
	/* the line is the home side's; the away side is given its opposite */
	catalog_outcome_label("handicap", -25, "home", "Arsenal", "Chelsea", b, sizeof(b));
	assert_string_equal(b, "Arsenal -0.25");
	catalog_outcome_label("handicap", -25, "away", "Arsenal", "Chelsea", b, sizeof(b));
	assert_string_equal(b, "Chelsea +0.25");
	catalog_outcome_label("handicap", 0, "away", "Arsenal", "Chelsea", b, sizeof(b));
	assert_string_equal(b, "Chelsea 0");
	catalog_outcome_label("total", 250, "over", "A", "B", b, sizeof(b));
	assert_string_equal(b, "Over 2.5");
	catalog_outcome_label("total", 225, "under", "A", "B", b, sizeof(b));
	assert_string_equal(b, "Under 2.25");
	catalog_market_label("1x2", 0, b, sizeof(b));
	assert_string_equal(b, "Match result");
	catalog_market_label("moneyline", 0, b, sizeof(b));
	assert_string_equal(b, "Moneyline");
	catalog_market_label("handicap", 150, b, sizeof(b));
	assert_string_equal(b, "Handicap +1.5");
	catalog_market_label("total", 4550, b, sizeof(b));
	assert_string_equal(b, "Total 45.5");
	catalog_outcome_label("1x2", 0, "home", "Arsenal", "Chelsea", b, 4);
	assert_string_equal(b, "Ars"); /* truncated, still terminated */
}

static void
test_sparkline(void **state)
{
	static const int32_t rising[] = { 2000, 2100, 2200 };
	static const int32_t flat[] = { 1950, 1950 };
	static const int32_t one[] = { 2500 };
	static const int32_t dip[] = { 3000, 2000, 2500, 2000, 3000 };
	char b[256];

	(void)state;
	/* 100 x 20 box, 2 units of padding: the highest price at y = 2, the lowest at 18 */
	assert_int_not_equal(catalog_sparkline(rising, 3, 100, 20, b, sizeof(b)), 0);
	assert_string_equal(b, "0.0,18.0 50.0,10.0 100.0,2.0");
	catalog_sparkline(flat, 2, 100, 20, b, sizeof(b));
	assert_string_equal(b, "0.0,10.0 100.0,10.0");
	catalog_sparkline(one, 1, 96, 24, b, sizeof(b));
	assert_string_equal(b, "0.0,12.0 96.0,12.0");
	catalog_sparkline(dip, 5, 96, 24, b, sizeof(b));
	assert_string_equal(b, "0.0,2.0 24.0,22.0 48.0,12.0 72.0,22.0 96.0,2.0");
	assert_int_equal(catalog_sparkline(rising, 0, 100, 20, b, sizeof(b)), 0);
	assert_int_equal(catalog_sparkline(rising, 3, 0, 20, b, sizeof(b)), 0);
	/* too small a buffer: nothing, rather than a cut-off list of points */
	assert_int_equal(catalog_sparkline(rising, 3, 100, 20, b, 12), 0);
	assert_int_equal(catalog_sparkline(rising, 3, 100, 20, b, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_json_odds_and_lines),
		cmocka_unit_test(test_time_valid),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_sparkline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
