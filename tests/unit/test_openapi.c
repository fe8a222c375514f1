/*
 * Unit tests for app/openapi: the field-type mapping, the document built from
 * hand-made route tables, the check that names incomplete JSON routes, and
 * `tailgate openapi` failing on a route without a summary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/core.h"
#include "http/http.h"
#include "openapi/openapi.h"

static int
h_ok(struct http_req *req)
{
	(void)req;
	return 0;
}

static const char *const sports[] = { "football", "tennis", NULL };
static const char *const dirs[] = { "credit", "debit", NULL };

static const struct http_field list_fields[] = {
	{ "page", FT_INT, 0, 1, 500, NULL, NULL, "Page" },
	{ "sport", FT_LIST, 0, 0, 2, sports, NULL, "Sports" },
	{ NULL },
};
static const struct http_field adjust_fields[] = {
	{ "amount", FT_STRING, FF_REQUIRED, 1, 20, NULL, http_check_money, "Amount" },
	{ "direction", FT_ENUM, FF_REQUIRED, 0, 0, dirs, NULL, "Direction" },
	{ "repeat", FT_BOOL, 0, 0, 0, NULL, NULL, NULL },
	{ "settings", FT_STRING, FF_JSON, 0, 0, NULL, NULL, NULL },
	{ NULL },
};

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/page", .handler = h_ok, .name = "page" },
	{ .methods = HTTP_GET,
	    .pattern = "/api/users/{user_id}/things",
	    .handler = h_ok,
	    .fields = list_fields,
	    .flags = R_JSON,
	    .name = "things",
	    .summary = "List things" },
	{ .methods = HTTP_POST,
	    .pattern = "/api/users/{user_id}/adjust",
	    .handler = h_ok,
	    .fields = adjust_fields,
	    .flags = R_JSON | R_AUTH,
	    .min_role = 4,
	    .name = "adjust",
	    .summary = "Adjust" },
	{ .methods = HTTP_DELETE,
	    .pattern = "/api/users/{user_id}/adjust",
	    .handler = h_ok,
	    .flags = R_JSON | R_AUTH,
	    .name = "unadjust",
	    .summary = "Take back" },
	{ .methods = HTTP_GET,
	    .pattern = "/healthz",
	    .handler = h_ok,
	    .flags = R_JSON | R_NOTENANT | R_LOOPBACK | R_NODB,
	    .name = "healthz",
	    .summary = "Health" },
};

static const char *
role(int r)
{
	return r == 4 ? "admin" : NULL;
}

static const struct openapi_info info = {
	.title = "Test API",
	.version = "1",
	.session_cookie = "tg_session",
	.role_name = role,
};

static json_t *
get(json_t *j, const char *path)
{
	char key[128];
	const char *p = path;

	while (j != NULL && *p) {
		size_t n = strcspn(p, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		j = json_is_array(j) ? json_array_get(j, (size_t)atoi(key))
		                     : json_object_get(j, key);
		p += n;
		if (*p == '.')
			p++;
	}
	return j;
}

static const char *
str(json_t *j, const char *path)
{
	return json_string_value(get(j, path));
}

static void
test_field_schema(void **state)
{
	static const char *const choices[] = { "a", "b", NULL };
	static const struct http_field
	    name = { "name", FT_STRING, FF_REQUIRED, 0, 30, NULL, NULL, "Name" },
	    text = { "bio", FT_TEXT, 0, 2, 500, NULL, NULL, NULL },
	    odds = { "odds", FT_STRING, FF_DECIMAL, 1, 12, NULL, NULL, NULL },
	    money = { "amount", FT_STRING, 0, 1, 20, NULL, http_check_money, NULL },
	    uuid = { "id", FT_STRING, 0, 0, 36, NULL, http_check_uuid, NULL },
	    secret = { "password", FT_STRING, FF_SECRET | FF_RAW, 10, 128, NULL, NULL, NULL },
	    num = { "n", FT_INT, 0, -5, 5, NULL, NULL, NULL },
	    yes = { "yes", FT_BOOL, 0, 0, 0, NULL, NULL, NULL },
	    pick = { "pick", FT_ENUM, 0, 0, 0, choices, NULL, NULL },
	    list = { "list", FT_LIST, 0, 1, 2, choices, NULL, NULL },
	    any = { "any", FT_INT, FF_JSON, 0, 0, NULL, NULL, NULL };
	json_t *s;

	(void)state;
	s = openapi_field_schema(&name);
	assert_string_equal(str(s, "type"), "string");
	assert_string_equal(str(s, "title"), "Name");
	assert_int_equal(json_integer_value(get(s, "minLength")), 1); /* required: not empty */
	assert_int_equal(json_integer_value(get(s, "maxLength")), 30);
	json_decref(s);

	s = openapi_field_schema(&text);
	assert_string_equal(str(s, "type"), "string");
	assert_int_equal(json_integer_value(get(s, "minLength")), 2);
	assert_null(get(s, "title"));
	json_decref(s);

	s = openapi_field_schema(&odds);
	assert_string_equal(str(s, "type.0"), "string");
	assert_string_equal(str(s, "type.1"), "number");
	json_decref(s);

	s = openapi_field_schema(&money);
	assert_string_equal(str(s, "pattern"), "^\\+?[0-9]+(\\.[0-9]{1,2})?$");
	json_decref(s);

	s = openapi_field_schema(&uuid);
	assert_string_equal(str(s, "format"), "uuid");
	json_decref(s);

	s = openapi_field_schema(&secret);
	assert_string_equal(str(s, "format"), "password");
	assert_true(json_is_true(get(s, "writeOnly")));
	json_decref(s);

	s = openapi_field_schema(&num);
	assert_string_equal(str(s, "type"), "integer");
	assert_int_equal(json_integer_value(get(s, "minimum")), -5);
	assert_int_equal(json_integer_value(get(s, "maximum")), 5);
	json_decref(s);

	s = openapi_field_schema(&yes);
	assert_string_equal(str(s, "type"), "boolean");
	json_decref(s);

	s = openapi_field_schema(&pick);
	assert_string_equal(str(s, "type"), "string");
	assert_int_equal(json_array_size(get(s, "enum")), 2);
	assert_string_equal(str(s, "enum.1"), "b");
	json_decref(s);

	s = openapi_field_schema(&list);
	assert_string_equal(str(s, "type"), "array");
	assert_string_equal(str(s, "items.enum.0"), "a");
	assert_int_equal(json_integer_value(get(s, "minItems")), 1);
	assert_int_equal(json_integer_value(get(s, "maxItems")), 2);
	json_decref(s);

	s = openapi_field_schema(&any); /* any JSON value: no type */
	assert_null(get(s, "type"));
	assert_non_null(get(s, "description"));
	json_decref(s);
}

static void
test_document(void **state)
{
	const struct openapi_table t[] = { { "demo", routes, TG_NELEM(routes) } };
	json_t *d = openapi_document(t, 1, &info), *op;

	(void)state;
	assert_non_null(d);
	assert_string_equal(str(d, "openapi"), "3.1.0");
	assert_string_equal(str(d, "info.title"), "Test API");
	assert_string_equal(str(d, "tags.0.name"), "demo");
	/* JSON routes only: the page is not there */
	assert_null(get(d, "paths./page"));
	assert_int_equal(json_object_size(get(d, "paths")), 3);

	/* GET: path parameter, then the fields as query parameters */
	op = get(d, "paths./api/users/{user_id}/things.get");
	assert_string_equal(str(op, "operationId"), "things");
	assert_string_equal(str(op, "summary"), "List things");
	assert_string_equal(str(op, "tags.0"), "demo");
	assert_string_equal(str(op, "parameters.0.name"), "user_id");
	assert_string_equal(str(op, "parameters.0.in"), "path");
	assert_true(json_is_true(get(op, "parameters.0.required")));
	assert_string_equal(str(op, "parameters.1.name"), "page");
	assert_string_equal(str(op, "parameters.1.in"), "query");
	assert_true(json_is_false(get(op, "parameters.1.required")));
	assert_string_equal(str(op, "parameters.2.schema.type"), "array");
	assert_null(get(op, "requestBody"));
	assert_string_equal(str(op, "responses.404.$ref"), "#/components/responses/NotFound");
	assert_string_equal(
	    str(op, "responses.422.$ref"), "#/components/responses/ValidationFailed");
	assert_null(get(op, "responses.401"));
	assert_null(get(op, "responses.409"));
	assert_string_equal(str(op, "responses.default.$ref"), "#/components/responses/Error");
	assert_non_null(get(op, "responses.2XX.description"));
	/* anyone, or a member with a session */
	assert_int_equal(json_object_size(get(op, "security.0")), 0);
	assert_non_null(get(op, "security.1.session"));
	assert_null(get(op, "security.1.csrf"));

	/* POST: a JSON body with its required fields; signed in, CSRF, role */
	op = get(d, "paths./api/users/{user_id}/adjust.post");
	assert_string_equal(str(op, "requestBody.content.application/json.schema.type"), "object");
	assert_true(json_is_true(get(op, "requestBody.required")));
	assert_true(json_is_false(
	    get(op, "requestBody.content.application/json.schema.additionalProperties")));
	assert_string_equal(
	    str(op, "requestBody.content.application/json.schema.required.0"), "amount");
	assert_string_equal(
	    str(op, "requestBody.content.application/json.schema.required.1"), "direction");
	assert_int_equal(
	    json_array_size(get(op, "requestBody.content.application/json.schema.required")), 2);
	assert_non_null(
	    get(op, "requestBody.content.application/json.schema.properties.csrf_token"));
	assert_string_equal(str(op, "parameters.0.name"), "user_id");
	assert_int_equal(json_array_size(get(op, "parameters")), 1); /* no query fields */
	assert_non_null(get(op, "security.0.session"));
	assert_non_null(get(op, "security.0.csrf"));
	assert_int_equal(json_array_size(get(op, "security")), 1);
	assert_non_null(strstr(str(op, "description"), "Role admin"));
	for (size_t i = 0; i < 6; i++) {
		static const char *const want[] = { "400", "401", "403", "404", "409", "422" };

		assert_non_null(get(get(op, "responses"), want[i]));
	}
	assert_null(get(op, "responses.429")); /* only writes open to visitors */

	/* DELETE on the same path: no body, signed in with CSRF */
	op = get(d, "paths./api/users/{user_id}/adjust.delete");
	assert_string_equal(str(op, "operationId"), "unadjust");
	assert_null(get(op, "requestBody"));
	assert_non_null(get(op, "security.0.csrf"));

	/* operator route: no security, loopback said */
	op = get(d, "paths./healthz.get");
	assert_int_equal(json_array_size(get(op, "security")), 0);
	assert_non_null(strstr(str(op, "description"), "loopback"));
	assert_string_equal(str(op, "responses.403.$ref"), "#/components/responses/Forbidden");

	/* the shared error shape */
	assert_string_equal(str(d, "components.schemas.Error.required.0"), "error");
	assert_non_null(get(d, "components.schemas.Error.properties.error.properties.fields"));
	assert_non_null(get(d, "components.responses.TooManyRequests.headers.Retry-After"));
	assert_string_equal(str(d, "components.securitySchemes.session.in"), "cookie");
	assert_string_equal(str(d, "components.securitySchemes.session.name"), "tg_session");
	assert_string_equal(str(d, "components.securitySchemes.csrf.name"), "X-CSRF-Token");
	json_decref(d);
}

static void
test_write_open_to_visitors_is_throttled(void **state)
{
	static const struct http_route r[] = {
		{ .methods = HTTP_POST,
		    .pattern = "/api/login",
		    .handler = h_ok,
		    .fields = adjust_fields,
		    .flags = R_JSON,
		    .name = "login",
		    .summary = "In" },
	};
	const struct openapi_table t[] = { { NULL, r, 1 } };
	json_t *d = openapi_document(t, 1, &info);

	(void)state;
	assert_string_equal(str(d, "paths./api/login.post.responses.429.$ref"),
	    "#/components/responses/TooManyRequests");
	assert_null(get(d, "tags"));
	assert_null(get(d, "paths./api/login.post.tags"));
	json_decref(d);
}

static void
test_check_complete(void **state)
{
	const struct openapi_table t[] = { { "demo", routes, TG_NELEM(routes) } };
	json_t *d = openapi_document(t, 1, &info);
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(openapi_check(t, 1, d, &b), 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
	json_decref(d);
}

static void
test_check_names_route_without_summary(void **state)
{
	static const struct http_route r[] = {
		{ .methods = HTTP_GET,
		    .pattern = "/api/a",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "api_a",
		    .summary = "A" },
		{ .methods = HTTP_POST,
		    .pattern = "/api/b",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "api_b" },
		{ .methods = HTTP_GET,
		    .pattern = "/api/c",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "api_c",
		    .summary = "" },
		{ .methods = HTTP_GET, .pattern = "/page", .handler = h_ok, .name = "page" },
	};
	const struct openapi_table t[] = { { NULL, r, TG_NELEM(r) } };
	json_t *d = openapi_document(t, 1, &info);
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(openapi_check(t, 1, d, &b), 2);
	assert_non_null(
	    strstr(buf_cstr(&b), "POST /api/b (api_b): a JSON route without a summary"));
	assert_non_null(strstr(buf_cstr(&b), "GET /api/c (api_c)"));
	assert_null(strstr(buf_cstr(&b), "api_a"));
	assert_null(strstr(buf_cstr(&b), "/page")); /* pages need none */
	assert_int_equal(openapi_check(t, 1, d, NULL), 2);
	buf_free(&b);
	json_decref(d);
}

static void
test_check_names_route_missing_from_document(void **state)
{
	const struct openapi_table t[] = { { "demo", routes, TG_NELEM(routes) } };
	json_t *d = openapi_document(t, 1, &info);
	struct buf b;

	(void)state;
	buf_init(&b);
	json_object_del(get(d, "paths./api/users/{user_id}/adjust"), "delete");
	/* the route, and the count: 3 operations for 4 JSON routes and methods */
	assert_int_equal(openapi_check(t, 1, d, &b), 2);
	assert_non_null(strstr(buf_cstr(&b),
	    "DELETE /api/users/{user_id}/adjust (unadjust): missing from the document"));
	assert_non_null(strstr(buf_cstr(&b), "3 operations for 4 JSON routes"));
	buf_free(&b);
	json_decref(d);
}

static void
test_check_names_duplicates_and_unnamed(void **state)
{
	static const struct http_route r[] = {
		{ .methods = HTTP_GET,
		    .pattern = "/api/a",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "same",
		    .summary = "A" },
		{ .methods = HTTP_GET,
		    .pattern = "/api/b",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "same",
		    .summary = "B" },
		{ .methods = HTTP_GET,
		    .pattern = "/api/u",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .summary = "U" },
		/* the same method and path twice: the second hides the first */
		{ .methods = HTTP_GET,
		    .pattern = "/api/c",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "c1",
		    .summary = "C" },
		{ .methods = HTTP_GET,
		    .pattern = "/api/c",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "c2",
		    .summary = "C again" },
		{ .methods = HTTP_OTHER,
		    .pattern = "/api/d",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "d",
		    .summary = "D" },
	};
	const struct openapi_table t[] = { { NULL, r, 2 }, { NULL, r + 2, 4 } };
	json_t *d = openapi_document(t, 2, &info);
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(openapi_check(t, 2, d, &b), 5);
	assert_non_null(strstr(buf_cstr(&b), "GET /api/b (same): its name is taken"));
	assert_non_null(strstr(buf_cstr(&b), "GET /api/u (no name): a JSON route without a name"));
	assert_non_null(strstr(buf_cstr(&b), "GET /api/c (c1): missing from the document"));
	assert_null(strstr(buf_cstr(&b), "(c2)"));
	assert_non_null(strstr(buf_cstr(&b), "(d): a method the document cannot describe"));
	assert_non_null(strstr(buf_cstr(&b), "4 operations for 5 JSON routes"));
	buf_free(&b);
	json_decref(d);
}

/* Runs openapi_cli with stdout and stderr in temporary files. */
static int
cli(const struct openapi_table *t, size_t nt, char *out, size_t outsz, char *err, size_t errsz)
{
	char *argv[] = { "openapi", NULL };
	FILE *fo = tmpfile(), *fe = tmpfile();
	int so, se, rc;
	size_t n;

	assert_non_null(fo);
	assert_non_null(fe);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	rc = openapi_cli(1, argv, t, nt, &info);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	rewind(fo);
	rewind(fe);
	n = fread(out, 1, outsz - 1, fo);
	out[n] = '\0';
	n = fread(err, 1, errsz - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
	return rc;
}

static void
test_cli_fails_naming_route_without_summary(void **state)
{
	static const struct http_route r[] = {
		{ .methods = HTTP_GET,
		    .pattern = "/api/a",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "api_a",
		    .summary = "A" },
		{ .methods = HTTP_PATCH,
		    .pattern = "/api/me",
		    .handler = h_ok,
		    .flags = R_JSON,
		    .name = "api_me_patch" },
	};
	const struct openapi_table bad[] = { { NULL, r, 2 } }, good[] = { { NULL, r, 1 } };
	static char out[65536], err[4096];
	json_t *j;

	(void)state;
	assert_int_equal(cli(bad, 1, out, sizeof(out), err, sizeof(err)), 1);
	assert_string_equal(out, "");
	assert_non_null(
	    strstr(err, "PATCH /api/me (api_me_patch): a JSON route without a summary"));

	assert_int_equal(cli(good, 1, out, sizeof(out), err, sizeof(err)), 0);
	assert_string_equal(err, "");
	j = json_loads(out, 0, NULL);
	assert_non_null(j);
	assert_string_equal(str(j, "paths./api/a.get.summary"), "A");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_schema),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_write_open_to_visitors_is_throttled),
		cmocka_unit_test(test_check_complete),
		cmocka_unit_test(test_check_names_route_without_summary),
		cmocka_unit_test(test_check_names_route_missing_from_document),
		cmocka_unit_test(test_check_names_duplicates_and_unnamed),
		cmocka_unit_test(test_cli_fails_naming_route_without_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
