/*
 * Router: a route table is scanned in order; a pattern is matched segment by
 * segment, "{name}" taking one non-empty segment and "{name:type}" one
 * segment of that type (http_param_type_ok: uuid, username, int), so a
 * malformed id matches no route and answers 404 before any handler. Paths
 * arrive decoded by the caller; a parameter may not contain '/' by
 * construction.
 */
#include "http.h"

#include <ctype.h>
#include <string.h>

static int
match(const char *pat, const char *path, struct arena *a, struct http_params *p)
{
	size_t n = 0;

	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		if (*pat == '{') {
			const char *pe = strchr(pat, '}'), *se = strchr(path, '/'), *colon;
			size_t nl;

			if (pe == NULL)
				return 0;
			if (se == NULL)
				se = path + strlen(path);
			if (se == path || n >= HTTP_MAX_PARAMS)
				return 0;
			colon = memchr(pat, ':', (size_t)(pe - pat));
			nl = (size_t)((colon ? colon : pe) - pat - 1);
			if (colon != NULL &&
			    !http_param_type_ok(
			        colon + 1, (size_t)(pe - colon - 1), path, (size_t)(se - path)))
				return 0;
			if (p != NULL) {
				p->name[n] = arena_strndup(a, pat + 1, nl);
				p->val[n] = arena_strndup(a, path, (size_t)(se - path));
			}
			n++;
			pat = pe + 1;
			path = se;
		} else {
			const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
			size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
			size_t sl = se ? (size_t)(se - path) : strlen(path);

			if (pl != sl || strncmp(pat, path, pl) != 0)
				return 0;
			pat += pl;
			path += sl;
		}
	}
	if (*pat || *path)
		return 0;
	if (p != NULL)
		p->n = n;
	return 1;
}

int
http_route_match(const struct http_route *routes, size_t n, enum http_method m, const char *path,
    struct arena *a, const struct http_route **out, struct http_params *params, unsigned *allow)
{
	unsigned want = m == HTTP_HEAD ? (HTTP_HEAD | HTTP_GET) : (unsigned)m;

	*allow = 0;
	if (path == NULL || path[0] != '/')
		return 404;
	for (size_t i = 0; i < n; i++) {
		if (!match(routes[i].pattern, path, NULL, NULL))
			continue;
		if (routes[i].methods & want) {
			match(routes[i].pattern, path, a, params);
			*out = &routes[i];
			return 0;
		}
		*allow |= routes[i].methods;
		if (routes[i].methods & HTTP_GET)
			*allow |= HTTP_HEAD;
	}
	return *allow ? 405 : 404;
}

void
http_allow_string(unsigned allow, char *out, size_t outsz)
{
	static const enum http_method order[] = { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT,
		HTTP_PATCH, HTTP_DELETE };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < TG_NELEM(order); i++) {
		if (!(allow & order[i]))
			continue;
		len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0, "%s%s",
		    len ? ", " : "", http_method_name(order[i]));
		if (len >= outsz)
			break;
	}
}

int
http_route_index(const struct http_route *routes, const struct http_route *r)
{
	return r == NULL ? -1 : (int)(r - routes);
}

const char *
http_param(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->params.n; i++)
		if (strcmp(req->params.name[i], name) == 0)
			return req->params.val[i];
	return NULL;
}

int
http_param_type_ok(const char *type, size_t tlen, const char *seg, size_t slen)
{
	if (tlen == 4 && strncmp(type, "uuid", 4) == 0) {
		char b[UUID_STRLEN + 1];

		if (slen != UUID_STRLEN)
			return 0;
		memcpy(b, seg, slen);
		b[slen] = '\0';
		return util_uuid_valid(b);
	}
	if (tlen == 8 && strncmp(type, "username", 8) == 0) {
		if (slen < 3 || slen > 30)
			return 0;
		for (size_t i = 0; i < slen; i++)
			if (!isalnum((unsigned char)seg[i]) || (unsigned char)seg[i] > 0x7f)
				if (seg[i] != '_')
					return 0;
		return 1;
	}
	if (tlen == 3 && strncmp(type, "int", 3) == 0) {
		if (slen == 0 || slen > 18 || seg[0] == '0')
			return 0;
		for (size_t i = 0; i < slen; i++)
			if (seg[i] < '0' || seg[i] > '9')
				return 0;
		return 1;
	}
	return 1;
}
