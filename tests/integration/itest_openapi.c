/*
 * Integration test for the served API description: GET /openapi.json answers
 * operators (loopback, any host) with the same OpenAPI 3.1 document that
 * `tailgate openapi` prints, covering the JSON routes.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

ITEST(t_openapi_served, "openapi served to operators")

static void
t_openapi_served(void)
{
	struct client op = h_demo();
	char path[512], ctype[128], out[256];
	json_t *cli, *bet;
	struct resp r;

	op.host = "127.0.0.1";
	CHECK(h_get(&op, "/openapi.json", &r) == 200 && r.json != NULL,
	    "GET /openapi.json: %ld %.200s", r.status, r.body ? r.body : "");
	CHECK(h_header(&r, "Content-Type", ctype, sizeof(ctype)) != NULL &&
	        strncmp(ctype, "application/json", 16) == 0,
	    "content type %s", ctype);
	CHECK(strcmp(h_jstr(r.json, "openapi"), "3.1.0") == 0, "openapi %s",
	    h_jstr(r.json, "openapi"));
	bet = json_object_get(
	    json_object_get(json_object_get(r.json, "paths"), "/social/bets"), "post");
	CHECK(strcmp(h_jstr(bet, "operationId"), "api_bet_place") == 0 &&
	        strcmp(h_jstr(bet, "summary"), "Place a bet") == 0,
	    "POST /social/bets described");
	CHECK(json_object_get(json_object_get(r.json, "paths"), "/openapi.json") != NULL,
	    "the document describes itself");
	CHECK(json_object_get(json_object_get(r.json, "paths"), "/signin") == NULL,
	    "HTML routes are not in it");

	/* the same document as the command prints (with the stack's configuration) */
	snprintf(path, sizeof(path), "%s/openapi-cli.json", h_var());
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate openapi > '%s'", path) == 0,
	    "tailgate openapi: %s", out);
	cli = json_load_file(path, 0, NULL);
	CHECK(cli != NULL && json_equal(cli, r.json), "the served document is the command's");
	json_decref(cli);
	remove(path);
	h_free(&r);

	/* over IPv6 loopback too, and on a brand's host name (answered before it) */
	op.ipv6 = 1;
	CHECK(h_get(&op, "/openapi.json", &r) == 200 && r.json != NULL, "from ::1: %ld", r.status);
	h_free(&r);
	op = h_demo();
	CHECK(h_get(&op, "/openapi.json", &r) == 200 && r.json != NULL, "on demo.localhost: %ld",
	    r.status);
	h_free(&r);
}
