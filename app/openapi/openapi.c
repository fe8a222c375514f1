/*
 * The OpenAPI 3.1 document built from the route tables (openapi.h). What a
 * route declares is all it knows: the success answer is described once
 * ("2XX"; docs/api.md has each body), the errors by rules over the flags,
 * methods and fields, every one in the standard error shape.
 */
#include "openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Operations are made for these method bits (HEAD only when declared: a GET
 * route answers HEAD anyway). HTTP_OTHER never is one: the check names it. */
static const struct {
	unsigned bit;
	const char *name;
} methods[] = {
	{ HTTP_GET, "get" },
	{ HTTP_HEAD, "head" },
	{ HTTP_POST, "post" },
	{ HTTP_PUT, "put" },
	{ HTTP_PATCH, "patch" },
	{ HTTP_DELETE, "delete" },
};

#define BODY_METHODS (HTTP_POST | HTTP_PUT | HTTP_PATCH)
#define WRITE_METHODS (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)

/* The standard error answers, shared as components; E_* bits say which
 * apply to an operation. */
enum {
	E_400 = 1 << 0,
	E_401 = 1 << 1,
	E_403 = 1 << 2,
	E_404 = 1 << 3,
	E_409 = 1 << 4,
	E_422 = 1 << 5,
	E_429 = 1 << 6,
};
static const struct {
	unsigned bit;
	const char *status, *name, *description;
} errors[] = {
	{ E_400, "400", "BadRequest",
	    "Malformed request: invalid JSON or UTF-8, or a body that is not an object "
	    "(code bad_request)." },
	{ E_401, "401", "Unauthorized", "Not signed in (code unauthorized)." },
	{ E_403, "403", "Forbidden",
	    "Missing or wrong CSRF token, a role that is not allowed, or an operator route "
	    "asked from elsewhere than loopback (code forbidden)." },
	{ E_404, "404", "NotFound",
	    "No such resource, or one the caller may not see (code not_found)." },
	{ E_409, "409", "Conflict",
	    "The current state does not allow it (code conflict, or a specific code named in "
	    "docs/api.md)." },
	{ E_422, "422", "ValidationFailed",
	    "A declared field is not valid, or the JSON body has a key the operation does not "
	    "declare; error.fields names each (code validation_failed)." },
	{ E_429, "429", "TooManyRequests",
	    "Too many attempts; retry after Retry-After seconds (code too_many_requests)." },
	{ 0, "default", "Error",
	    "Any other error, in the same shape: 405 (with Allow), 413, 415, 500, 503." },
};

static void
set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

static json_t *
ref(const char *kind, const char *name)
{
	char r[128];

	snprintf(r, sizeof(r), "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", r);
}

static json_t *
string_list(const char *const *v)
{
	json_t *a = json_array();

	for (; v != NULL && *v != NULL; v++)
		json_array_append_new(a, json_string(*v));
	return a;
}

static json_t *object_schema(const struct http_field *fields);

json_t *
openapi_field_schema(const struct http_field *f)
{
	json_t *s = json_object();

	if (s == NULL)
		return NULL;
	if (f->label != NULL)
		set(s, "title", json_string(f->label));
	if (f->flags & FF_JSON) {
		set(s, "description",
		    json_string("A JSON value whose shape the operation checks "
		                "itself (docs/api.md)."));
		return s;
	}
	switch (f->type) {
	case FT_STRING:
	case FT_TEXT:
		set(s, "type",
		    (f->flags & FF_DECIMAL) ? json_pack("[s,s]", "string", "number")
		                            : json_string("string"));
		if (f->min > 0)
			set(s, "minLength", json_integer(f->min));
		else if (f->flags & FF_REQUIRED)
			set(s, "minLength", json_integer(1));
		if (f->max > 0)
			set(s, "maxLength", json_integer(f->max));
		if (f->check == http_check_money) {
			set(s, "pattern", json_string("^\\+?[0-9]+(\\.[0-9]{1,2})?$"));
			set(s, "description",
			    json_string("A positive amount of money in the brand's "
			                "currency, with at most two decimals (\"12.50\")."));
		} else if (f->check == http_check_uuid) {
			set(s, "format", json_string("uuid"));
		}
		if (f->flags & FF_SECRET) {
			set(s, "format", json_string("password"));
			set(s, "writeOnly", json_true());
		}
		break;
	case FT_INT:
		set(s, "type", json_string("integer"));
		set(s, "minimum", json_integer(f->min));
		set(s, "maximum", json_integer(f->max));
		break;
	case FT_BOOL:
		set(s, "type", json_string("boolean"));
		break;
	case FT_ENUM:
		set(s, "type", json_string("string"));
		set(s, "enum", string_list(f->choices));
		break;
	case FT_LIST:
		set(s, "type", json_string("array"));
		set(s, "items",
		    json_pack("{s:s, s:o}", "type", "string", "enum", string_list(f->choices)));
		if (f->min > 0)
			set(s, "minItems", json_integer(f->min));
		if (f->max > 0)
			set(s, "maxItems", json_integer(f->max));
		break;
	case FT_MONEY:
		if (f->flags & FF_MINOR) {
			set(s, "type", json_string("integer"));
			set(s, "description",
			    json_string("An amount in the brand currency's minor "
			                "units (1250 is 12.50)."));
		} else {
			set(s, "type", json_pack("[s,s]", "string", "number"));
			set(s, "pattern", json_string("^\\+?[0-9]+(\\.[0-9]{1,2})?$"));
			set(s, "description",
			    json_string("An amount of money in the brand's "
			                "currency, with at most two decimals (\"12.50\")."));
		}
		break;
	case FT_ODDS:
		set(s, "type", json_pack("[s,s]", "string", "number"));
		set(s, "description",
		    json_string("Decimal odds with at most three decimals "
		                "(\"2.10\")."));
		break;
	case FT_BP:
		set(s, "type", json_pack("[s,s]", "string", "number"));
		set(s, "description",
		    json_string((f->flags & FF_FRACTION)
		            ? "A fraction with at most four decimals (\"0.125\")."
		            : "A percentage with at most two decimals (\"12.5\")."));
		break;
	case FT_UUID:
		set(s, "type", json_string("string"));
		set(s, "format", json_string("uuid"));
		break;
	case FT_TIME:
		set(s, "type", json_string("string"));
		set(s, "format", json_string("date-time"));
		break;
	case FT_OBJECT:
		json_decref(s);
		return object_schema(http_field_members(f));
	case FT_ARRAY:
		set(s, "type", json_string("array"));
		set(s, "items", object_schema(http_field_members(f)));
		if (f->min > 0)
			set(s, "minItems", json_integer(f->min));
		if (f->max > 0)
			set(s, "maxItems", json_integer(f->max));
		break;
	}
	return s;
}

/* {"error": {"code", "message", "fields"}}: what every refusal answers. */
static json_t *
error_schema(void)
{
	json_t *inner = json_pack("{s:s, s:[s,s], s:{s:{s:s, s:s}, s:{s:s, s:s}, "
	                          "s:{s:s, s:{s:s}, s:s}}}",
	    "type", "object", "required", "code", "message", "properties", "code", "type", "string",
	    "description",
	    "A stable word (validation_failed, "
	    "not_found, ...).",
	    "message", "type", "string", "description", "A sentence for people.", "fields", "type",
	    "object", "additionalProperties", "type", "string", "description",
	    "A message per invalid field (validation_failed).");

	return json_pack("{s:s, s:[s], s:{s:o}}", "type", "object", "required", "error",
	    "properties", "error", inner);
}

static json_t *
components(const struct openapi_info *info)
{
	json_t *responses = json_object(), *schemes;

	for (size_t i = 0; i < TG_NELEM(errors); i++) {
		json_t *r = json_pack("{s:s, s:{s:{s:o}}}", "description", errors[i].description,
		    "content", "application/json", "schema", ref("schemas", "Error"));

		if (r != NULL && errors[i].bit == E_429)
			set(r, "headers",
			    json_pack("{s:{s:s, s:{s:s, s:i}}}", "Retry-After", "description",
			        "Seconds until a new attempt may succeed.", "schema", "type",
			        "integer", "minimum", 1));
		set(responses, errors[i].name, r);
	}
	schemes = json_pack("{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}", "session", "type",
	    "apiKey", "in", "cookie", "name", info->session_cookie, "description",
	    "The session cookie set by sign-up and sign-in.", "csrf", "type", "apiKey", "in",
	    "header", "name", "X-CSRF-Token", "description",
	    "The session's CSRF token (returned by sign-up, sign-in and GET /social/me), on every "
	    "POST, PUT, PATCH and DELETE made with the session cookie; a JSON body may carry it "
	    "as csrf_token instead.");
	return json_pack("{s:{s:o}, s:o, s:o}", "schemas", "Error", error_schema(), "responses",
	    responses, "securitySchemes", schemes);
}

static int
is_required(const struct http_field *f)
{
	return (f->flags & FF_REQUIRED) != 0;
}

/* The OpenAPI path template of a route pattern: "{post_id:uuid}" is
 * "{post_id}" (the type becomes the parameter's schema). */
static const char *
path_template(const char *pattern, char *out, size_t outsz)
{
	size_t o = 0;
	int skip = 0;

	for (const char *p = pattern; *p != '\0' && o + 1 < outsz; p++) {
		if (*p == ':' && !skip)
			skip = 1;
		else if (*p == '}')
			skip = 0;
		if (!skip)
			out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* Path parameters from the pattern's {name} or {name:type} segments. */
static void
path_parameters(json_t *params, const char *pattern)
{
	for (const char *p = strchr(pattern, '{'); p != NULL; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		json_t *name;

		if (e == NULL)
			break;
		const char *colon = memchr(p, ':', (size_t)(e - p));
		const char *type = colon != NULL ? colon + 1 : NULL;
		json_t *schema;

		name = json_stringn(p + 1, (size_t)((colon != NULL ? colon : e) - p - 1));
		if (type != NULL && strncmp(type, "uuid}", 5) == 0)
			schema = json_pack("{s:s, s:s}", "type", "string", "format", "uuid");
		else if (type != NULL && strncmp(type, "username}", 9) == 0)
			schema = json_pack(
			    "{s:s, s:s}", "type", "string", "pattern", "^[A-Za-z0-9_]{3,30}$");
		else if (type != NULL && strncmp(type, "int}", 4) == 0)
			schema = json_pack("{s:s}", "type", "integer");
		else
			schema = json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
		json_array_append_new(params,
		    json_pack("{s:o, s:s, s:b, s:o}", "name", name, "in", "path", "required", 1,
		        "schema", schema));
	}
}

/* An object whose members are a field table (a JSON body; nested objects
 * will use it too): unknown keys are refused, so additionalProperties is
 * false. */
static json_t *
object_schema(const struct http_field *fields)
{
	json_t *props = json_object(), *req = json_array(), *schema;

	for (const struct http_field *f = fields; f->name != NULL; f++) {
		set(props, f->name, openapi_field_schema(f));
		if (is_required(f))
			json_array_append_new(req, json_string(f->name));
	}
	schema = json_pack(
	    "{s:s, s:o, s:b}", "type", "object", "properties", props, "additionalProperties", 0);
	if (schema != NULL && json_array_size(req) > 0)
		set(schema, "required", req);
	else
		json_decref(req);
	return schema;
}

static json_t *
request_body(const struct http_field *fields)
{
	json_t *schema = object_schema(fields);
	json_t *props = json_object_get(schema, "properties");

	/* the pipeline, not the route, reads the token from the body */
	if (props != NULL && json_object_get(props, "csrf_token") == NULL)
		set(props, "csrf_token",
		    json_pack("{s:s, s:s}", "type", "string", "description",
		        "The session's CSRF token, instead of the X-CSRF-Token header."));
	return json_pack("{s:b, s:{s:{s:o}}}", "required",
	    json_array_size(json_object_get(schema, "required")) > 0, "content", "application/json",
	    "schema", schema);
}

/* Who may call: a signed-in member (the CSRF header too on writes), or
 * anyone (then a session is optional), or nobody but loopback (operators). */
static json_t *
security(const struct http_route *r, unsigned m)
{
	json_t *member = (m & WRITE_METHODS) ? json_pack("{s:[], s:[]}", "session", "csrf")
	                                     : json_pack("{s:[]}", "session");

	if (r->flags & (R_NOTENANT | R_LOOPBACK)) {
		json_decref(member);
		return json_array();
	}
	if (r->flags & R_AUTH)
		return json_pack("[o]", member);
	return json_pack("[{},o]", member);
}

static unsigned
error_set(const struct http_route *r, unsigned m)
{
	unsigned e = 0;

	if (m & BODY_METHODS)
		e |= E_400;
	if (r->flags & R_AUTH)
		e |= E_401 | ((m & WRITE_METHODS) ? E_403 : 0);
	if (r->min_role || (r->flags & R_LOOPBACK))
		e |= E_403;
	if (strchr(r->pattern, '{') != NULL)
		e |= E_404;
	if ((m & WRITE_METHODS) && !(r->flags & R_NOTENANT))
		e |= E_409;
	if (r->fields != NULL && r->fields[0].name != NULL)
		e |= E_422;
	/* Writes open to visitors (sign-up, sign-in) are the throttled ones. */
	if ((m & WRITE_METHODS) && !(r->flags & (R_AUTH | R_NOTENANT)))
		e |= E_429;
	return e;
}

static json_t *
responses(const struct http_route *r, unsigned m)
{
	unsigned e = error_set(r, m);
	json_t *out = json_pack("{s:{s:s, s:{s:{s:{s:s}}}}}", "2XX", "description",
	    "Success: a JSON object (each operation's in docs/api.md), or no body (204).",
	    "content", "application/json", "schema", "type", "object");

	for (size_t i = 0; i < TG_NELEM(errors); i++)
		if (errors[i].bit == 0 || (e & errors[i].bit))
			set(out, errors[i].status, ref("responses", errors[i].name));
	return out;
}

static json_t *
description(const struct http_route *r, const struct openapi_info *info)
{
	char d[512];
	size_t n = 0;

	d[0] = '\0';
	if (r->flags & (R_NOTENANT | R_LOOPBACK))
		n += (size_t)snprintf(d + n, sizeof(d) - n,
		    "Operator route: answered on any host%s. ",
		    (r->flags & R_LOOPBACK) ? ", from loopback only" : "");
	if ((r->flags & R_AUTH) && n < sizeof(d))
		n += (size_t)snprintf(d + n, sizeof(d) - n, "Sign-in required. ");
	if (r->min_role && n < sizeof(d)) {
		const char *role = info->role_name != NULL ? info->role_name(r->min_role) : NULL;

		if (role != NULL)
			n += (size_t)snprintf(d + n, sizeof(d) - n, "Role %s or above. ", role);
		else
			n += (size_t)snprintf(
			    d + n, sizeof(d) - n, "Role %d or above. ", r->min_role);
	}
	if (n == 0)
		return NULL;
	if (n >= sizeof(d))
		n = sizeof(d) - 1;
	while (n > 0 && d[n - 1] == ' ')
		d[--n] = '\0';
	return json_string(d);
}

static json_t *
operation(const char *tag, const struct http_route *r, unsigned m, const struct openapi_info *info)
{
	json_t *op = json_object(), *params = json_array(), *d;

	if (r->name != NULL)
		set(op, "operationId", json_string(r->name));
	if (r->summary != NULL && *r->summary)
		set(op, "summary", json_string(r->summary));
	if ((d = description(r, info)) != NULL)
		set(op, "description", d);
	if (tag != NULL)
		set(op, "tags", json_pack("[s]", tag));
	path_parameters(params, r->pattern);
	if (!(m & BODY_METHODS) && r->fields != NULL)
		for (const struct http_field *f = r->fields; f->name != NULL; f++) {
			json_t *p = json_pack("{s:s, s:s, s:b, s:o}", "name", f->name, "in",
			    "query", "required", is_required(f), "schema", openapi_field_schema(f));

			json_array_append_new(params, p);
		}
	if (json_array_size(params) > 0)
		set(op, "parameters", params);
	else
		json_decref(params);
	if ((m & BODY_METHODS) && r->fields != NULL && r->fields[0].name != NULL)
		set(op, "requestBody", request_body(r->fields));
	set(op, "responses", responses(r, m));
	set(op, "security", security(r, m));
	return op;
}

json_t *
openapi_document(const struct openapi_table *t, size_t nt, const struct openapi_info *info)
{
	json_t *doc, *paths = json_object(), *tags = json_array();

	for (size_t i = 0; i < nt; i++) {
		int used = 0;

		for (size_t k = 0; k < t[i].n; k++) {
			const struct http_route *r = &t[i].routes[k];
			json_t *item;

			if (!(r->flags & R_JSON))
				continue;
			char path[256];

			path_template(r->pattern, path, sizeof(path));
			if ((item = json_object_get(paths, path)) == NULL) {
				item = json_object();
				set(paths, path, item);
			}
			for (size_t mi = 0; mi < TG_NELEM(methods); mi++)
				if (r->methods & methods[mi].bit) {
					set(item, methods[mi].name,
					    operation(t[i].tag, r, methods[mi].bit, info));
					used = 1;
				}
		}
		if (used && t[i].tag != NULL)
			json_array_append_new(tags, json_pack("{s:s}", "name", t[i].tag));
	}
	doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:o}", "openapi", "3.1.0", "info", "title",
	    info->title, "version", info->version, "description",
	    "The brand's JSON API, generated from the declared routes and fields. Prose, units "
	    "and each answer's body: docs/api.md.",
	    "paths", paths, "components", components(info));
	if (doc != NULL && json_array_size(tags) > 0)
		set(doc, "tags", tags);
	else
		json_decref(tags);
	return doc;
}

static void
problem(struct buf *out, const struct http_route *r, const char *what)
{
	char m[64];

	if (out == NULL)
		return;
	http_allow_string(r->methods, m, sizeof(m));
	buf_printf(
	    out, "%s %s (%s): %s\n", m, r->pattern, r->name != NULL ? r->name : "no name", what);
}

/* Does an earlier JSON route (table i, route k) have the same name? */
static int
name_taken(const struct openapi_table *t, size_t i, size_t k)
{
	const char *name = t[i].routes[k].name;

	for (size_t j = 0; j <= i && name != NULL; j++)
		for (size_t l = 0; l < (j == i ? k : t[j].n); l++)
			if ((t[j].routes[l].flags & R_JSON) && t[j].routes[l].name != NULL &&
			    strcmp(t[j].routes[l].name, name) == 0)
				return 1;
	return 0;
}

size_t
openapi_check(const struct openapi_table *t, size_t nt, json_t *doc, struct buf *out)
{
	json_t *paths = json_object_get(doc, "paths"), *item;
	size_t bad = 0, want = 0, have = 0;
	const char *key;

	for (size_t i = 0; i < nt; i++)
		for (size_t k = 0; k < t[i].n; k++) {
			const struct http_route *r = &t[i].routes[k];
			unsigned seen = 0;

			if (!(r->flags & R_JSON))
				continue;
			if (r->summary == NULL || *r->summary == '\0') {
				problem(out, r, "a JSON route without a summary (.summary)");
				bad++;
			}
			if (r->name == NULL) {
				problem(out, r, "a JSON route without a name (its operationId)");
				bad++;
			}
			if (name_taken(t, i, k)) {
				problem(out, r, "its name is taken by another JSON route");
				bad++;
			}
			for (size_t mi = 0; mi < TG_NELEM(methods); mi++) {
				char path[256];
				json_t *op = json_object_get(
				    json_object_get(
				        paths, path_template(r->pattern, path, sizeof(path))),
				    methods[mi].name);
				const char *id =
				    json_string_value(json_object_get(op, "operationId"));

				if (!(r->methods & methods[mi].bit))
					continue;
				seen |= methods[mi].bit;
				want++;
				if (op == NULL ||
				    (r->name != NULL && (id == NULL || strcmp(id, r->name)))) {
					problem(out, r, "missing from the document");
					bad++;
				}
			}
			if (r->methods & ~seen) {
				problem(out, r, "a method the document cannot describe");
				bad++;
			}
		}
	/* and nothing else: one operation per JSON route and method */
	json_object_foreach(paths, key, item) for (size_t mi = 0; mi < TG_NELEM(methods); mi++)
	    have += json_object_get(item, methods[mi].name) != NULL;
	if (have != want) {
		if (out != NULL)
			buf_printf(out,
			    "the document has %zu operations for %zu JSON routes and "
			    "methods\n",
			    have, want);
		bad++;
	}
	return bad;
}

int
openapi_cli(int argc, char **argv, const struct openapi_table *t, size_t nt,
    const struct openapi_info *info)
{
	json_t *doc;
	struct buf problems;
	size_t bad;
	int rc = 1;

	if (argc > 1) {
		int help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;

		fputs(
		    "usage: tailgate openapi\n\nPrints the OpenAPI 3.1 document of the JSON API, "
		    "built from the declared\nroutes and fields; exits 1 naming each JSON route it "
		    "cannot describe\n(no summary, no name, missing from the document).\n",
		    help ? stdout : stderr);
		return help ? 0 : 2;
	}
	if ((doc = openapi_document(t, nt, info)) == NULL) {
		fprintf(stderr, "tailgate openapi: out of memory\n");
		return 1;
	}
	buf_init(&problems);
	if ((bad = openapi_check(t, nt, doc, &problems)) > 0)
		fprintf(stderr,
		    "%stailgate openapi: %zu problem%s: every JSON route needs a name "
		    "and a summary\n",
		    buf_cstr(&problems), bad, bad == 1 ? "" : "s");
	else if (json_dumpf(doc, stdout, JSON_INDENT(2)) == 0 && fputc('\n', stdout) != EOF &&
	    fflush(stdout) == 0)
		rc = 0;
	buf_free(&problems);
	json_decref(doc);
	return rc;
}

/* ---- served ---- */

static char *served;
static size_t served_len;

int
openapi_serve_init(const struct openapi_table *t, size_t nt, const struct openapi_info *info)
{
	json_t *doc = openapi_document(t, nt, info);

	free(served);
	served = doc != NULL ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	json_decref(doc);
	served_len = served != NULL ? strlen(served) : 0;
	return served != NULL ? 0 : -1;
}

int
openapi_handler(struct http_req *req)
{
	if (served == NULL) {
		log_error("openapi: the document was not built (openapi_serve_init)");
		return -1;
	}
	buf_reset(&req->body);
	if (buf_append(&req->body, served, served_len) != 0 || buf_puts(&req->body, "\n") != 0)
		return -1;
	req->status = 200;
	req->content_type_out = "application/json";
	return 0;
}
