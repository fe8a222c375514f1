/* Query strings, urlencoded bodies and cookies: bounded, strict UTF-8. */
#include "http.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
http_urldecode(struct arena *a, const char *src, size_t n, int plus, size_t *outlen)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (src[i] == '%') {
			int h, l;

			if (i + 2 >= n)
				return NULL;
			h = hexval((unsigned char)src[i + 1]);
			l = hexval((unsigned char)src[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else if (plus && src[i] == '+')
			*o++ = ' ';
		else
			*o++ = src[i];
	}
	*o = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(o - out);
	return out;
}

static int
kvs_push(struct arena *a, struct http_kvs *kv, const char *k, const char *v, size_t vlen)
{
	if (kv->n == kv->cap) {
		size_t cap = kv->cap ? kv->cap * 2 : 16;
		struct http_kv *nv = arena_alloc(a, cap * sizeof(*nv));

		if (nv == NULL)
			return -1;
		if (kv->n)
			memcpy(nv, kv->v, kv->n * sizeof(*nv));
		kv->v = nv;
		kv->cap = cap;
	}
	kv->v[kv->n].key = k;
	kv->v[kv->n].val = v;
	kv->v[kv->n].vlen = vlen;
	kv->n++;
	return 0;
}

int
http_parse_urlencoded(struct arena *a, const char *s, size_t n, const struct http_limits *lim,
    struct http_kvs *out, const char **msg)
{
	size_t i = 0;

	while (i < n) {
		size_t start = i, eq = (size_t)-1, klen, vlen;
		char *k, *v;

		while (i < n && s[i] != '&') {
			if (s[i] == '=' && eq == (size_t)-1)
				eq = i;
			i++;
		}
		if (i == start) {
			i++;
			continue;
		}
		if (out->n >= lim->fields_max) {
			*msg = "too many fields";
			return 413;
		}
		if (eq == (size_t)-1)
			eq = i;
		if (i - start > lim->field_len_max + 64) {
			*msg = "a field is too long";
			return 413;
		}
		k = http_urldecode(a, s + start, eq - start, 1, &klen);
		v = eq < i ? http_urldecode(a, s + eq + 1, i - eq - 1, 1, &vlen)
		           : http_urldecode(a, "", 0, 1, &vlen);
		if (k == NULL || v == NULL) {
			*msg = "malformed percent-encoding";
			return 400;
		}
		if (klen == 0) {
			*msg = "a field has no name";
			return 400;
		}
		if (strlen(k) != klen || !util_utf8_valid(k, klen) || strlen(v) != vlen ||
		    !util_utf8_valid(v, vlen)) {
			*msg = "invalid UTF-8 in a field";
			return 400;
		}
		if (vlen > lim->field_len_max) {
			*msg = "a field is too long";
			return 413;
		}
		if (kvs_push(a, out, k, v, vlen) != 0) {
			*msg = "out of memory";
			return 500;
		}
		i++;
	}
	return 0;
}

int
http_parse_cookies(struct arena *a, const char *h, struct http_kvs *out)
{
	const char *p = h;

	while (p != NULL && *p) {
		const char *semi, *eq, *ks, *ke, *vs, *ve;

		while (*p == ' ' || *p == '\t')
			p++;
		semi = strchr(p, ';');
		ve = semi ? semi : p + strlen(p);
		eq = memchr(p, '=', (size_t)(ve - p));
		if (eq != NULL && out->n < 64) {
			ks = p;
			ke = eq;
			while (ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			vs = eq + 1;
			while (vs < ve && (*vs == ' ' || *vs == '\t'))
				vs++;
			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			if (ke > ks &&
			    kvs_push(a, out, arena_strndup(a, ks, (size_t)(ke - ks)),
			        arena_strndup(a, vs, (size_t)(ve - vs)), (size_t)(ve - vs)) != 0)
				return -1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

const char *
http_kvs_get(const struct http_kvs *kv, const char *key)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].key, key) == 0)
			return kv->v[i].val;
	return NULL;
}

static const struct {
	const char *name;
	enum http_method m;
} methods[] = {
	{ "GET", HTTP_GET },
	{ "HEAD", HTTP_HEAD },
	{ "POST", HTTP_POST },
	{ "PUT", HTTP_PUT },
	{ "PATCH", HTTP_PATCH },
	{ "DELETE", HTTP_DELETE },
};

enum http_method
http_method_parse(const char *s)
{
	for (size_t i = 0; s != NULL && i < TG_NELEM(methods); i++)
		if (strcmp(s, methods[i].name) == 0)
			return methods[i].m;
	return HTTP_OTHER;
}

const char *
http_method_name(enum http_method m)
{
	for (size_t i = 0; i < TG_NELEM(methods); i++)
		if (methods[i].m == m)
			return methods[i].name;
	return "OTHER";
}

char *
http_urlencode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}
