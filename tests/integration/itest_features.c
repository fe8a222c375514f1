/*
 * Integration tests for the route feature gate: a brand that turns a
 * feature off in its configuration ("features": {"copy_trading": false})
 * answers 404 on that feature's routes, before sign-in is asked for; its
 * other routes and the other brands are untouched.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static long
status(struct client *c, const char *method, const char *path)
{
	struct resp r;
	long st = h_req(c, method, path, NULL, NULL, &r, "Accept: application/json", NULL);

	h_free(&r);
	return st;
}

static void
set_copy_trading(const char *value)
{
	char sql[256], out[256];

	snprintf(sql, sizeof(sql),
	    "UPDATE platform.tenants SET config = jsonb_set(config, "
	    "'{features,copy_trading}', '%s') WHERE slug = 'acme';",
	    value);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "configure: %s", out);
	h_reload();
}

static void
t_feature_gate(void)
{
	struct client acme = h_acme(), demo = h_demo();
	struct resp r;

	CHECK(status(&acme, "GET", "/social/copy-trading/my-relationships") == 401,
	    "on: the route asks for sign-in");
	set_copy_trading("false");
	CHECK(h_req(&acme, "GET", "/social/copy-trading/my-relationships", NULL, NULL, &r,
	          "Accept: application/json", NULL) == 404,
	    "off: JSON route 404 (%ld)", r.status);
	CHECK(r.json && strcmp(h_jstr(json_object_get(r.json, "error"), "code"), "not_found") == 0,
	    "off: the standard error: %s", r.body ? r.body : "");
	h_free(&r);
	CHECK(status(&acme, "GET", "/copy") == 404, "off: page 404");
	CHECK(status(&acme, "POST", "/social/copy-trading/simulate") == 404, "off: POST 404");
	CHECK(status(&acme, "GET", "/social/events") == 200, "off: other routes answer");
	CHECK(status(&demo, "GET", "/social/copy-trading/my-relationships") == 401,
	    "off on acme: demo's copy routes answer");
	set_copy_trading("true");
	CHECK(status(&acme, "GET", "/social/copy-trading/my-relationships") == 401,
	    "on again: the route asks for sign-in");
}

ITEST(t_feature_gate, "features: a brand's switched-off feature answers 404")
