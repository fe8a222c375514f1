/*
 * libFuzzer driver: http_route_match and http_allow_string
 * (app/http/http_route.c). Byte 0 picks the method, the rest (up to a NUL)
 * is the decoded path. The table below mixes literal routes, {params}, and
 * paths that share a pattern under different methods. On a match: the method
 * is allowed, every parameter is non-empty and free of '/', and substituting
 * the parameters back into the pattern gives the path exactly. On 405 the
 * allow mask excludes the method; on 404 it is empty. A typed parameter
 * ({id:uuid}, {name:username}, {n:int}) matches only a value of its type.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "http/http.h"

#include "fuzz.h"

/* Positional route entries (struct http_route gained trailing members). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define GET HTTP_GET
#define POST HTTP_POST

/* positional entries, as site_routes.c until the composition root (R1) */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct http_route routes[] = {
	{ GET, "/", NULL, NULL, 0, 0, NULL, "home" },
	{ GET | POST, "/signup", NULL, NULL, 0, 0, NULL, NULL },
	{ POST, "/signin", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/signin", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/u/{username}", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/u/me", NULL, NULL, 0, 0, NULL, NULL }, /* shadowed by the one above */
	{ POST, "/admin/users/{user_id}/role", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/social/users/{user_id}/profile", NULL, NULL, 0, 0, NULL, NULL },
	{ GET | HTTP_PATCH, "/social/me", NULL, NULL, 0, 0, NULL, NULL },
	{ HTTP_PUT | HTTP_DELETE, "/posts/{id}", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/posts/{id}/comments/{cid}", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/a/{w}/{x}/{y}/{z}", NULL, NULL, 0, 0, NULL, NULL },
	{ HTTP_HEAD, "/healthz", NULL, NULL, 0, 0, NULL, NULL },
	{ POST, "/x/{p}/", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/t/{id:uuid}", NULL, NULL, 0, 0, NULL, NULL },
	{ GET, "/t/{name:username}/x", NULL, NULL, 0, 0, NULL, NULL },
	{ POST, "/t/{n:int}/{id:uuid}", NULL, NULL, 0, 0, NULL, NULL },
};

static const enum http_method methods[] = { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH,
	HTTP_DELETE, HTTP_OTHER };

/* Rebuilds the path from the pattern and the parameters. */
static char *
expand(const char *pat, const struct http_params *p, size_t room)
{
	char *out = calloc(1, room), *o = out;
	size_t i = 0;

	if (out == NULL)
		abort();
	while (*pat) {
		if (*pat == '{') {
			const char *e = strchr(pat, '}'),
			           *colon = memchr(pat, ':', (size_t)(e - pat));
			const char *ne = colon ? colon : e;
			size_t vl;

			FUZZ_CHECK(i < p->n, "pattern has more params than matched");
			FUZZ_CHECK(strlen(p->name[i]) == (size_t)(ne - pat - 1) &&
			        strncmp(p->name[i], pat + 1, (size_t)(ne - pat - 1)) == 0,
			    "param %zu name '%s'", i, p->name[i]);
			vl = strlen(p->val[i]);
			if (colon != NULL)
				FUZZ_CHECK(http_param_type_ok(
				               colon + 1, (size_t)(e - colon - 1), p->val[i], vl),
				    "param %zu '%s' is not a %.*s", i, p->val[i],
				    (int)(e - colon - 1), colon + 1);
			FUZZ_CHECK((size_t)(o - out) + vl < room, "expansion longer than the path");
			memcpy(o, p->val[i], vl);
			o += vl;
			i++;
			pat = e + 1;
		} else {
			FUZZ_CHECK((size_t)(o - out) + 1 < room, "expansion longer than the path");
			*o++ = *pat++;
		}
	}
	FUZZ_CHECK(i == p->n, "matched %zu params, pattern has %zu", p->n, i);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum http_method m;
	unsigned want, allow = 0xdead;
	char *path, allow_s[64], allow_small[8];
	const struct http_route *r = NULL;
	struct http_params params;
	struct arena *a;
	int rc;

	if (size < 1)
		return 0;
	m = methods[data[0] % TG_NELEM(methods)];
	want = m == HTTP_HEAD ? (HTTP_HEAD | HTTP_GET) : (unsigned)m;
	path = fuzz_cstr(data + 1, size - 1);
	if ((a = arena_new(0)) == NULL)
		abort();
	memset(&params, 0, sizeof(params));

	rc = http_route_match(routes, TG_NELEM(routes), m, path, a, &r, &params, &allow);
	if (rc == 0) {
		char *back;

		FUZZ_CHECK(r != NULL, "match without a route");
		FUZZ_CHECK(http_route_index(routes, r) >= 0 &&
		        (size_t)http_route_index(routes, r) < TG_NELEM(routes),
		    "route outside the table");
		FUZZ_CHECK(r->methods & want, "route %s does not allow %s", r->pattern,
		    http_method_name(m));
		FUZZ_CHECK(params.n <= HTTP_MAX_PARAMS, "%zu params", params.n);
		for (size_t i = 0; i < params.n; i++) {
			FUZZ_CHECK(
			    params.name[i] != NULL && params.val[i] != NULL, "param %zu NULL", i);
			FUZZ_CHECK(params.val[i][0] != '\0', "param %s is empty", params.name[i]);
			FUZZ_CHECK(strchr(params.val[i], '/') == NULL, "param %s='%s' has a '/'",
			    params.name[i], params.val[i]);
		}
		back = expand(r->pattern, &params, strlen(path) + 1);
		FUZZ_CHECK(strcmp(back, path) == 0, "pattern %s expands to '%s', path '%s'",
		    r->pattern, back, path);
		free(back);
	} else if (rc == 405) {
		FUZZ_CHECK(allow != 0, "405 with an empty allow mask");
		FUZZ_CHECK(
		    (allow & want) == 0, "405 for %s but allow = %#x", http_method_name(m), allow);
		if (allow & HTTP_GET)
			FUZZ_CHECK(allow & HTTP_HEAD, "GET allowed without HEAD");
	} else {
		FUZZ_CHECK(rc == 404, "status %d", rc);
		FUZZ_CHECK(allow == 0, "404 with allow = %#x", allow);
	}
	if (path[0] != '/')
		FUZZ_CHECK(rc == 404, "path without a leading '/' gave %d", rc);

	http_allow_string(allow, allow_s, sizeof(allow_s));
	FUZZ_CHECK(memchr(allow_s, '\0', sizeof(allow_s)) != NULL, "allow string unterminated");
	http_allow_string(allow, allow_small, sizeof(allow_small));
	FUZZ_CHECK(memchr(allow_small, '\0', sizeof(allow_small)) != NULL,
	    "short allow string unterminated");

	arena_free(a);
	free(path);
	return 0;
}
