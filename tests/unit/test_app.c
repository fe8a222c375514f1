/*
 * Unit tests for the composition root (app/app.c): the tables built from
 * the module descriptors and the brand's feature gate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "core/core.h"
#include "jobs/jobs.h"
#include "tenancy/tenancy.h"

static const struct http_route *
find(const struct http_route *r, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].name != NULL && strcmp(r[i].name, name) == 0)
			return &r[i];
	return NULL;
}

/* "features": {"x": false} turns x off; anything else leaves it on. */
static void
test_feature_switches(void **state)
{
	struct tenancy_tenant t;

	(void)state;
	memset(&t, 0, sizeof(t));
	tenancy_config_apply(
	    &t, "{\"features\": {\"copy_trading\": false, \"expert_program\": true}}");
	assert_false(tenancy_feature_on(&t, "copy_trading"));
	assert_true(tenancy_feature_on(&t, "expert_program"));
	assert_true(tenancy_feature_on(&t, "posts"));
	assert_false(t.copy_trading);
	/* a new configuration replaces the old switches */
	tenancy_config_apply(&t, "{}");
	assert_true(tenancy_feature_on(&t, "copy_trading"));
	/* not a boolean false: on */
	tenancy_config_apply(&t, "{\"features\": {\"copy_trading\": 0}}");
	assert_true(tenancy_feature_on(&t, "copy_trading"));
}

/* A route whose feature the brand turned off is gated (404); a route
 * without a feature, or a request without a brand, never is. */
static void
test_route_gate(void **state)
{
	static const struct http_route gated = {
		.methods = HTTP_GET, .pattern = "/copy", .feature = "copy_trading"
	};
	static const struct http_route open = { .methods = HTTP_GET, .pattern = "/" };
	struct tenancy_tenant off, on;

	(void)state;
	memset(&off, 0, sizeof(off));
	memset(&on, 0, sizeof(on));
	tenancy_config_apply(&off, "{\"features\": {\"copy_trading\": false}}");
	tenancy_config_apply(&on, "{\"features\": {\"copy_trading\": true}}");
	assert_true(app_route_gated(&gated, &off));
	assert_false(app_route_gated(&gated, &on));
	assert_false(app_route_gated(&open, &off));
	assert_false(app_route_gated(&gated, NULL));
}

/* The tables hold every module's routes, jobs and commands, in order. */
static void
test_tables(void **state)
{
	const struct http_route *r, *in, *a, *b;
	const struct jobs_kind *j;
	size_t n, nin, nj, seen = 0;

	(void)state;
	assert_int_equal(app_init(), 0);
	r = app_routes(&n);
	in = app_internal_routes(&nin);
	j = app_jobs(&nj);
	/* a route, a job kind and a command of several modules (counts would
	 * change with every route added) */
	assert_non_null(find(r, n, "home"));            /* accounts */
	assert_non_null(find(r, n, "api_bet_place"));   /* bets */
	assert_non_null(find(r, n, "api_copy_create")); /* copy */
	assert_non_null(find(r, n, "healthz"));         /* ops */
	/* nginx's internal route only in the internal table */
	assert_non_null(find(in, nin, "live_auth"));
	assert_null(find(r, n, "live_auth"));
	/* every JSON route says what it does (the OpenAPI summary) */
	for (size_t i = 0; i < n; i++)
		if ((r[i].flags & R_JSON) && (r[i].summary == NULL || r[i].summary[0] == '\0'))
			fail_msg("JSON route %s has no summary", r[i].pattern);
	/* a module's order is kept where matching depends on it */
	a = find(r, n, "post_new");
	b = find(r, n, "post");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	/* the prefetch and the feature gate travel with their routes */
	assert_non_null(find(r, n, "user_page")->prefetch);
	assert_string_equal(find(r, n, "copy_mine")->feature, "copy_trading");
	assert_string_equal(app_route_label(n), "unmatched");
	for (size_t i = 0; i < nj; i++)
		if (strcmp(j[i].kind, "maintenance") == 0 || strcmp(j[i].kind, "settle") == 0)
			seen++;
	assert_int_equal(seen, 2);
	/* the usage text is generated from every module's commands */
	{
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		const char *want[] = { "\n  serve ", "\n  worker [--drain] ", "\n  user create ",
			"\n  import SOURCE ", "\n  ledger check ", "\n  stats rebuild",
			"\n  settle --tenant ", "\n  seed ", "\n  tenant add " };

		assert_non_null(f);
		app_usage(f);
		fclose(f);
		for (size_t i = 0; i < TG_NELEM(want); i++)
			if (strstr(text, want[i]) == NULL)
				fail_msg("usage lacks %s", want[i] + 1);
		free(text);
	}
	/* route labels are unique (metrics) */
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (strcmp(app_route_label(i), app_route_label(k)) == 0)
				fail_msg("label %s twice", app_route_label(i));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feature_switches),
		cmocka_unit_test(test_route_gate),
		cmocka_unit_test(test_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
