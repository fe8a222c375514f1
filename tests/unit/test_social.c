/*
 * Unit tests for the pure parts of app/social.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "social/social.h"

/* issue 4: bronze 0-10, silver 11-100, gold 101-1000, platinum 1000+ */
static void
test_tier_boundaries(void **state)
{
	static const struct {
		long long followers;
		const char *tier;
	} cases[] = {
		{ 0, "bronze" }, { 10, "bronze" }, { 11, "silver" }, { 100, "silver" },
		{ 101, "gold" }, { 1000, "gold" }, { 1001, "platinum" }, { 5000000, "platinum" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(social_tier(cases[i].followers), cases[i].tier);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tier_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
