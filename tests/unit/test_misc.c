/*
 * Unit tests for the pure helpers of app/tenancy and app/jobs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "accounts/accounts.h"
#include "jobs/jobs.h"
#include "tenancy/tenancy.h"

static void
test_color_valid(void **state)
{
	static const struct {
		const char *c;
		int ok;
	} cases[] = {
		{ "#fff", 1 },
		{ "#FFF", 1 },
		{ "#1f6feb", 1 },
		{ "#ABCDEF", 1 },
		{ "#000000", 1 },
		{ "fff", 0 },
		{ "1f6feb", 0 },
		{ "#ff", 0 },
		{ "#ffff", 0 },
		{ "#fffff", 0 },
		{ "#fffffff", 0 },
		{ "#ggg", 0 },
		{ "#12345g", 0 },
		{ "# fff", 0 },
		{ "#fff ", 0 },
		{ "#ff;", 0 },
		{ "red", 0 },
		{ "#", 0 },
		{ "", 0 },
		{ NULL, 0 },
		/* anything that could break out of a CSS declaration */
		{ "#fff;}", 0 },
		{ "#f}f", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (tenancy_color_valid(cases[i].c) != cases[i].ok)
			fail_msg(
			    "color_valid(%s) != %d", cases[i].c ? cases[i].c : "NULL", cases[i].ok);
}

/* WCAG 2 contrast (webaim.org's figures) and the text colour on a fill. */
static void
test_color_contrast(void **state)
{
	(void)state;
	assert_true(tenancy_color_contrast("#000", "#ffffff") > 20.99);
	assert_true(tenancy_color_contrast("#fff", "#fff") < 1.001);
	/* acme's orange: 2.8:1 under white, so its buttons get dark text */
	assert_true(tenancy_color_contrast("#ff6b2c", "#ffffff") < 3.0);
	assert_string_equal(tenancy_color_ink("#ff6b2c"), "#111111");
	assert_string_equal(tenancy_color_ink("#0b6e4f"), "#ffffff");
	assert_string_equal(tenancy_color_ink("#ffd700"), "#111111");
	/* symmetric, and #rgb is #rrggbb */
	assert_true(fabs(tenancy_color_contrast("#767676", "#fff") - 4.54) < 0.01);
	assert_true(fabs(tenancy_color_contrast("#fff", "#767676") - 4.54) < 0.01);
}

static void
test_host_normalise(void **state)
{
	static const struct {
		const char *in, *out; /* out NULL: refused */
	} cases[] = {
		{ "demo.localhost", "demo.localhost" },
		{ "Demo.LocalHost:8080", "demo.localhost" },
		{ "EXAMPLE.COM", "example.com" },
		{ "example.com.", "example.com" },
		{ "example.com.:443", "example.com" },
		{ "club-2.example.org", "club-2.example.org" },
		{ "xn--bcher-kva.example", "xn--bcher-kva.example" },
		{ "localhost", "localhost" },
		{ "127.0.0.1:8080", "127.0.0.1" },
		{ "[::1]", NULL },
		{ "[::1]:8080", NULL },
		{ "[2001:db8::1]:443", NULL },
		{ "::1", NULL },
		{ "", NULL },
		{ ":8080", NULL },
		{ ".", NULL },
		{ ".:80", NULL },
		{ "exa mple.com", NULL },
		{ "example.com/x", NULL },
		{ "evil.com\\@good.com", NULL },
		{ "user@example.com", NULL },
		{ "a_b.example.com", NULL },
		{ "b\xc3\xbc"
		  "cher.de",
		    NULL },
		{ "example.com\r\nX-Injected: 1", NULL },
		{ "ex\tample.com", NULL },
		/* empty labels (tests/fuzz/fuzz_tenant: "exalpcmeo.." normalised to
		 * "exalpcmeo.", which normalised again to something else) */
		{ "example.com..", NULL },
		{ "example..com", NULL },
		{ ".example.com", NULL },
		{ "..:80", NULL },
		{ NULL, NULL },
	};
	struct arena *a = arena_new(0);

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		char *got = tenancy_host_normalise(a, cases[i].in);

		if (cases[i].out == NULL) {
			if (got != NULL)
				fail_msg("host \"%s\" accepted as \"%s\"",
				    cases[i].in ? cases[i].in : "NULL", got);
			continue;
		}
		if (got == NULL)
			fail_msg("host \"%s\" refused", cases[i].in);
		assert_string_equal(got, cases[i].out);
		/* a copy, never the caller's buffer */
		assert_ptr_not_equal(got, cases[i].in);
	}
	arena_free(a);
}

/* Each of bad[] (a member of tenant.json beside a valid name and domains)
 * is refused by tenancy_config_check. */
static void
refused_all(const char *const *bad, size_t n)
{
	char doc[512];

	for (size_t i = 0; i < n; i++) {
		json_t *j;

		snprintf(doc, sizeof(doc), "{\"name\": \"Demo\", \"domains\": [\"demo.test\"], %s}",
		    bad[i]);
		j = json_loads(doc, 0, NULL);
		assert_non_null(j);
		if (tenancy_config_check(j, "demo") == NULL)
			fail_msg("accepted: %s", doc);
		json_decref(j);
	}
}

/* What tenancy_config_check accepts, tenancy_config_apply applies as
 * written (tests/fuzz/fuzz_tenant): each of these was accepted and then
 * silently replaced by a default. */
static void
test_config_check_refuses_what_apply_ignores(void **state)
{
	static const char *const bad[] = {
		"\"limits\": {\"min_stake\": 2000000}", /* above the default max_stake */
		"\"limits\": {\"max_stake\": 50}",      /* below the default min_stake */
		"\"signup_credit\": 100000000000001",   /* above MONEY_MAX */
		"\"money_mode\": 5",
		"\"currency\": \"EURO-DOLLAR\"",
		"\"currency\": \"\"",
		"\"features\": {\"copy_trading\": \"yes\"}",
		"\"features\": []",
		"\"branding\": {\"primary\": 5}",
		"\"branding\": {\"font\": \"Font names are not this long, not even in a very "
		"long list of fallbacks\"}",
		"\"branding\": \"dark\"",
	};
	char doc[512];
	json_t *j;

	(void)state;
	j = json_loads("{\"name\": \"Demo\", \"domains\": [\"demo.test\"], \"limits\": "
	               "{\"min_stake\": 500}, \"currency\": \"GBP\"}",
	    0, NULL);
	assert_null(tenancy_config_check(j, "demo"));
	json_decref(j);
	refused_all(bad, TG_NELEM(bad));
	/* a stored configuration the check would refuse still applies to one
	 * of the two money modes (fuzz_tenant: "r%eal") */
	{
		struct tenancy_tenant t;

		memset(&t, 0, sizeof(t));
		tenancy_config_apply(&t, "{\"money_mode\": \"r%eal\"}");
		assert_string_equal(t.money_mode, "play");
		tenancy_config_apply(&t, "{\"money_mode\": \"real\"}");
		assert_string_equal(t.money_mode, "real");
	}
	/* a name longer than the tenant holds */
	memset(doc, 'n', 200);
	doc[200] = '\0';
	j = json_pack("{s:s, s:[s]}", "name", doc, "domains", "demo.test");
	assert_non_null(tenancy_config_check(j, "demo"));
	json_decref(j);
}

/* tenant.json's text, profit and loss colours must read on the brand's
 * background and surface (WCAG AA, 4.5:1), or `tenant add` refuses them. */
static void
test_config_check_refuses_unreadable_colours(void **state)
{
	static const char *const bad[] = {
		/* unreadable as applied (WCAG AA): the default dark text on a dark ground, an
		 * orange profit on white, a loss colour too light for a light ground */
		"\"branding\": {\"background\": \"#0f172a\"}",
		"\"branding\": {\"profit\": \"#ff6b2c\"}",
		"\"branding\": {\"surface\": \"#1e293b\", \"text\": \"#e2e8f0\"}",
		"\"branding\": {\"loss\": \"#f87171\"}",
	};
	json_t *j;

	(void)state;
	/* a dark brand that sets all its colours (tenants/acme) */
	j = json_loads("{\"name\": \"Acme\", \"domains\": [\"acme.test\"], \"branding\": "
	               "{\"primary\": \"#ff6b2c\", \"background\": \"#0f172a\", \"surface\": "
	               "\"#1e293b\", \"text\": \"#e2e8f0\", \"profit\": \"#4ade80\", \"loss\": "
	               "\"#f87171\"}}",
	    0, NULL);
	assert_null(tenancy_config_check(j, "acme"));
	json_decref(j);
	refused_all(bad, TG_NELEM(bad));
}

static void
test_host_normalise_length(void **state)
{
	struct arena *a = arena_new(0);
	char host[300];
	char *got;

	(void)state;
	/* 255 characters is the longest host name */
	memset(host, 'a', 255);
	host[255] = '\0';
	got = tenancy_host_normalise(a, host);
	assert_non_null(got);
	assert_int_equal(strlen(got), 255);
	/* a port after a long name is stripped */
	memcpy(host + 250, ":8080", 6);
	got = tenancy_host_normalise(a, host);
	assert_non_null(got);
	assert_int_equal(strlen(got), 250);
	memset(host, 'a', 256);
	host[256] = '\0';
	assert_null(tenancy_host_normalise(a, host));
	/* the input is left as it was */
	{
		char in[] = "Demo.Example:80";

		assert_string_equal(tenancy_host_normalise(a, in), "demo.example");
		assert_string_equal(in, "Demo.Example:80");
	}
	arena_free(a);
}

static void
test_jobs_backoff(void **state)
{
	static const struct {
		int attempts, secs;
	} cases[] = {
		{ 1, 2 },
		{ 2, 4 },
		{ 3, 8 },
		{ 4, 16 },
		{ 5, 32 },
		{ 8, 256 },
		{ 10, 1024 },
		{ 11, 2048 },
		{ 12, 3600 },
		{ 13, 3600 },
		{ 100, 3600 },
		{ INT_MAX, 3600 },
		/* nonsense counts still give the shortest wait */
		{ 0, 2 },
		{ -5, 2 },
	};
	int prev = 0;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int s = jobs_backoff(cases[i].attempts);

		if (s != cases[i].secs)
			fail_msg(
			    "jobs_backoff(%d) = %d, want %d", cases[i].attempts, s, cases[i].secs);
	}
	/* doubling until the one-hour cap, never above it, never decreasing */
	for (int n = 1; n <= 64; n++) {
		int s = jobs_backoff(n);

		assert_true(s >= prev);
		assert_true(s <= 3600);
		assert_true(s == 3600 || s == 2 * prev || (n == 1 && s == 2));
		prev = s;
	}
}

static void
test_display_name_check(void **state)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
		{ "Pat", 1 }, { "Zo\xc3\xab M\xc3\xbcller", 1 },       /* accents */
		{ "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", 1 },             /* right-to-left letters */
		{ "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d", 1 },         /* ZWJ after a letter */
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb", 1 }, /* emoji sequence */
		{ "evil\xe2\x80\xaegnp.exe", 0 },                      /* U+202E override */
		{ "\xe2\x81\xa6x\xe2\x81\xa9", 0 },                    /* U+2066/2069 isolates */
		{ "a\xe2\x80\x8f"
		  "b",
		    0 },                           /* U+200F mark */
		{ "\xd8\x9cx", 0 },                /* U+061C mark */
		{ "ad\xe2\x80\x8bmin", 0 },        /* U+200B zero-width space */
		{ "x\xef\xbb\xbf", 0 },            /* U+FEFF */
		{ "\xe2\x80\x8d\xe2\x80\x8c", 0 }, /* joiners only */
		{ "\xe2\x80\x83 \xc2\xa0", 0 },    /* spaces only */
		{ "\xe3\x85\xa4", 0 },             /* U+3164 Hangul filler */
		{ "\xe2\xa0\x80", 0 },             /* braille blank only */
		{ "a\x01"
		  "b",
		    0 },
		{ "a\xc2\x85"
		  "b",
		    0 }, /* C1 control */
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if ((accounts_display_name_check(cases[i].name) == NULL) != cases[i].ok)
			fail_msg("case %zu: %s", i,
			    accounts_display_name_check(cases[i].name)
			        ? accounts_display_name_check(cases[i].name)
			        : "accepted");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_color_valid),
		cmocka_unit_test(test_color_contrast),
		cmocka_unit_test(test_host_normalise),
		cmocka_unit_test(test_host_normalise_length),
		cmocka_unit_test(test_config_check_refuses_what_apply_ignores),
		cmocka_unit_test(test_config_check_refuses_unreadable_colours),
		cmocka_unit_test(test_jobs_backoff),
		cmocka_unit_test(test_display_name_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
