/*
 * Unit tests for app/http: decoding and parsing, the router, field checks
 * and http_validate on hand-built requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "core/core.h"
#include "http/http.h"

/* Positional route entries (struct http_route gained trailing members). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static struct arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new(0);
	return A == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	A = NULL;
	return 0;
}

/* ---- http_urldecode ---- */

static void
test_urldecode(void **state)
{
	static const struct {
		const char *in;
		int plus;
		const char *out; /* NULL: malformed */
		size_t outlen;
	} cases[] = {
		{ "%41", 1, "A", 1 },
		{ "%4a%4A", 1, "JJ", 2 },
		{ "a%20b", 0, "a b", 3 },
		{ "a+b", 1, "a b", 3 },
		{ "a+b", 0, "a+b", 3 },
		{ "%2B", 1, "+", 1 },
		{ "caf%C3%A9", 1, "caf\xc3\xa9", 5 },
		{ "", 1, "", 0 },
		{ "plain", 1, "plain", 5 },
		{ "%G1", 1, NULL, 0 },
		{ "%1G", 1, NULL, 0 },
		{ "%4", 1, NULL, 0 },
		{ "%", 1, NULL, 0 },
		{ "ab%", 1, NULL, 0 },
		{ "ab%4", 1, NULL, 0 },
		{ "%%41", 1, NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		size_t len = 999;
		char *got =
		    http_urldecode(A, cases[i].in, strlen(cases[i].in), cases[i].plus, &len);

		if (cases[i].out == NULL) {
			if (got != NULL)
				fail_msg(
				    "urldecode(\"%s\") = \"%s\", want failure", cases[i].in, got);
			continue;
		}
		if (got == NULL)
			fail_msg("urldecode(\"%s\") failed", cases[i].in);
		assert_string_equal(got, cases[i].out);
		assert_int_equal(len, cases[i].outlen);
	}
}

static void
test_urldecode_nul_and_bounds(void **state)
{
	size_t len;
	char *s;

	(void)state;
	/* %00 decodes to a NUL: outlen tells the caller what strlen can't */
	s = http_urldecode(A, "a%00b", 5, 1, &len);
	assert_non_null(s);
	assert_int_equal(len, 3);
	assert_int_equal(strlen(s), 1);
	assert_int_equal(s[2], 'b');
	/* only n bytes are read */
	s = http_urldecode(A, "abc%41", 3, 1, &len);
	assert_string_equal(s, "abc");
	/* a '%' whose digits lie beyond n is truncated, not read past n */
	assert_null(http_urldecode(A, "ab%41", 4, 1, &len));
	/* outlen is optional */
	assert_string_equal(http_urldecode(A, "x%41", 4, 0, NULL), "xA");
}

/* ---- http_urlencode ---- */

static void
test_urlencode(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "abcXYZ019", "abcXYZ019" },
		{ "-._~", "-._~" },
		{ "/path/to", "/path/to" },
		{ "a b", "a%20b" },
		{ "&=?#%+", "%26%3D%3F%23%25%2B" },
		{ "caf\xc3\xa9", "caf%C3%A9" },
		{ "\x01\x7f", "%01%7F" },
		{ "a:b@c", "a%3Ab%40c" },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		char *enc = http_urlencode(A, cases[i].in), *dec;
		size_t len;

		assert_string_equal(enc, cases[i].out);
		/* and back again */
		dec = http_urldecode(A, enc, strlen(enc), 0, &len);
		assert_non_null(dec);
		assert_string_equal(dec, cases[i].in);
	}
}

/* ---- http_parse_urlencoded ---- */

struct form_case {
	const char *name;
	const char *in;
	int status;
	size_t n; /* pairs on success */
	const char *keys[4], *vals[4];
};

static void
test_parse_urlencoded(void **state)
{
	static const struct form_case cases[] = {
		{ "two pairs", "a=1&b=2", 0, 2, { "a", "b" }, { "1", "2" } },
		{ "empty", "", 0, 0, { NULL }, { NULL } },
		{ "only separators", "&&&", 0, 0, { NULL }, { NULL } },
		{ "empty pairs skipped", "&&a=1&&b=2&", 0, 2, { "a", "b" }, { "1", "2" } },
		{ "key without =", "flag&x=1", 0, 2, { "flag", "x" }, { "", "1" } },
		{ "key with empty value", "a=", 0, 1, { "a" }, { "" } },
		{ "repeated keys kept", "t=a&t=b&t=a", 0, 3, { "t", "t", "t" }, { "a", "b", "a" } },
		{ "= inside value", "a=b=c", 0, 1, { "a" }, { "b=c" } },
		{ "plus and percent", "q=b+c%20d%2B", 0, 1, { "q" }, { "b c d+" } },
		{ "encoded key", "a%5Bb%5D=1", 0, 1, { "a[b]" }, { "1" } },
		{ "utf-8", "n=caf%C3%A9", 0, 1, { "n" }, { "caf\xc3\xa9" } },
		{ "raw utf-8", "n=caf\xc3\xa9", 0, 1, { "n" }, { "caf\xc3\xa9" } },
		{ "separators do not count against the limit", "a=1&&&b=2&&c=3", 0, 3,
		    { "a", "b", "c" }, { "1", "2", "3" } },
		{ "value at the length limit", "v=0123456789", 0, 1, { "v" }, { "0123456789" } },
		{ "encoded value decodes within limit", "v=%41%41%41%41%41%41%41%41%41%41", 0, 1,
		    { "v" }, { "AAAAAAAAAA" } },
		{ "too many fields", "a=1&b=2&c=3&d=4", 413, 0, { NULL }, { NULL } },
		{ "field too long", "v=01234567890", 413, 0, { NULL }, { NULL } },
		{ "field far too long",
		    "v=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890",
		    413, 0, { NULL }, { NULL } },
		{ "invalid UTF-8 %FF", "a=%FF", 400, 0, { NULL }, { NULL } },
		{ "invalid UTF-8 raw", "a=\xff", 400, 0, { NULL }, { NULL } },
		{ "overlong %C0%80", "a=%C0%80", 400, 0, { NULL }, { NULL } },
		{ "invalid UTF-8 in key", "%FF=1", 400, 0, { NULL }, { NULL } },
		{ "embedded %00 in value", "a=x%00y", 400, 0, { NULL }, { NULL } },
		{ "embedded %00 in key", "a%00b=1", 400, 0, { NULL }, { NULL } },
		{ "bad percent %G1", "a=%G1", 400, 0, { NULL }, { NULL } },
		{ "truncated percent", "a=%4", 400, 0, { NULL }, { NULL } },
		{ "truncated percent in key", "%4=1", 400, 0, { NULL }, { NULL } },
		{ "empty key", "=1", 400, 0, { NULL }, { NULL } },
	};
	const struct http_limits lim = { 3, 10 };

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct form_case *c = &cases[i];
		struct http_kvs kv = { 0 };
		const char *msg = NULL;
		int st = http_parse_urlencoded(A, c->in, strlen(c->in), &lim, &kv, &msg);

		if (st != c->status)
			fail_msg(
			    "%s: status %d, want %d (%s)", c->name, st, c->status, msg ? msg : "");
		if (st != 0) {
			if (msg == NULL || *msg == '\0')
				fail_msg("%s: no message with status %d", c->name, st);
			continue;
		}
		if (kv.n != c->n)
			fail_msg("%s: %zu pairs, want %zu", c->name, kv.n, c->n);
		for (size_t k = 0; k < c->n; k++) {
			assert_string_equal(kv.v[k].key, c->keys[k]);
			assert_string_equal(kv.v[k].val, c->vals[k]);
			assert_int_equal(kv.v[k].vlen, strlen(c->vals[k]));
		}
	}
}

static void
test_parse_urlencoded_many(void **state)
{
	struct http_limits lim = { 200, 65536 };
	struct http_kvs kv = { 0 };
	struct buf b;
	const char *msg = NULL;
	char key[16];

	(void)state;
	/* 200 fields fit (the pair array grows past its first 16 slots) */
	buf_init(&b);
	for (int i = 0; i < 200; i++)
		buf_printf(&b, "%sk%d=%d", i ? "&" : "", i, i * 7);
	assert_int_equal(http_parse_urlencoded(A, b.p, b.len, &lim, &kv, &msg), 0);
	assert_int_equal(kv.n, 200);
	for (int i = 0; i < 200; i += 37) {
		char want[16];

		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), "%d", i * 7);
		assert_string_equal(http_kvs_get(&kv, key), want);
	}
	/* the 201st does not */
	buf_puts(&b, "&one=more");
	memset(&kv, 0, sizeof(kv));
	assert_int_equal(http_parse_urlencoded(A, b.p, b.len, &lim, &kv, &msg), 413);
	/* the limit counts pairs already in the output (query + body share it) */
	memset(&kv, 0, sizeof(kv));
	lim.fields_max = 2;
	assert_int_equal(http_parse_urlencoded(A, "a=1", 3, &lim, &kv, &msg), 0);
	assert_int_equal(http_parse_urlencoded(A, "b=2", 3, &lim, &kv, &msg), 0);
	assert_int_equal(http_parse_urlencoded(A, "c=3", 3, &lim, &kv, &msg), 413);
	assert_int_equal(kv.n, 2);
	buf_free(&b);
}

/* ---- http_parse_cookies / http_kvs_get ---- */

static void
test_parse_cookies(void **state)
{
	static const struct {
		const char *name, *in;
		size_t n;
		const char *keys[3], *vals[3];
	} cases[] = {
		{ "simple", "a=1; b=2", 2, { "a", "b" }, { "1", "2" } },
		{ "no spaces", "a=1;b=2", 2, { "a", "b" }, { "1", "2" } },
		{ "spaces around", "  a = 1 ;\tb=2  ", 2, { "a", "b" }, { "1", "2" } },
		{ "quoted", "s=\"quoted value\"", 1, { "s" }, { "quoted value" } },
		{ "empty quoted", "s=\"\"", 1, { "s" }, { "" } },
		{ "lone quote kept", "s=\"", 1, { "s" }, { "\"" } },
		{ "missing = skipped", "novalue; c=3", 1, { "c" }, { "3" } },
		{ "empty name skipped", "=x; d=4", 1, { "d" }, { "4" } },
		{ "empty value", "e=", 1, { "e" }, { "" } },
		{ "= inside value", "h=a=b", 1, { "h" }, { "a=b" } },
		{ "trailing semicolon", "a=1;", 1, { "a" }, { "1" } },
		{ "empty header", "", 0, { NULL }, { NULL } },
		{ "only separators", " ; ;", 0, { NULL }, { NULL } },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		struct http_kvs kv = { 0 };

		assert_int_equal(http_parse_cookies(A, cases[i].in, &kv), 0);
		if (kv.n != cases[i].n)
			fail_msg("%s: %zu cookies, want %zu", cases[i].name, kv.n, cases[i].n);
		for (size_t k = 0; k < kv.n; k++) {
			assert_string_equal(kv.v[k].key, cases[i].keys[k]);
			assert_string_equal(kv.v[k].val, cases[i].vals[k]);
			assert_int_equal(kv.v[k].vlen, strlen(cases[i].vals[k]));
		}
	}
}

static void
test_parse_cookies_limits(void **state)
{
	struct http_kvs kv = { 0 };
	struct buf b;

	(void)state;
	assert_int_equal(http_parse_cookies(A, NULL, &kv), 0);
	assert_int_equal(kv.n, 0);
	/* at most 64 cookies are kept */
	buf_init(&b);
	for (int i = 0; i < 70; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	assert_int_equal(http_parse_cookies(A, buf_cstr(&b), &kv), 0);
	assert_int_equal(kv.n, 64);
	assert_string_equal(http_kvs_get(&kv, "c63"), "63");
	assert_null(http_kvs_get(&kv, "c64"));
	buf_free(&b);
}

static void
test_kvs_get(void **state)
{
	struct http_kvs kv = { 0 };
	struct http_limits lim = { 10, 100 };
	const char *msg;

	(void)state;
	assert_null(http_kvs_get(&kv, "a"));
	assert_int_equal(http_parse_urlencoded(A, "a=1&b=&a=2&B=3", 14, &lim, &kv, &msg), 0);
	assert_string_equal(http_kvs_get(&kv, "a"), "1"); /* first wins */
	assert_string_equal(http_kvs_get(&kv, "b"), "");
	assert_string_equal(http_kvs_get(&kv, "B"), "3"); /* case-sensitive */
	assert_null(http_kvs_get(&kv, "c"));
	assert_null(http_kvs_get(&kv, ""));
}

/* ---- methods ---- */

static void
test_methods(void **state)
{
	static const struct {
		const char *s;
		enum http_method m;
	} cases[] = {
		{ "GET", HTTP_GET },
		{ "HEAD", HTTP_HEAD },
		{ "POST", HTTP_POST },
		{ "PUT", HTTP_PUT },
		{ "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE },
		{ "get", HTTP_OTHER },
		{ "OPTIONS", HTTP_OTHER },
		{ "TRACE", HTTP_OTHER },
		{ "GET ", HTTP_OTHER },
		{ "", HTTP_OTHER },
		{ NULL, HTTP_OTHER },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		enum http_method m = http_method_parse(cases[i].s);

		assert_int_equal(m, cases[i].m);
		if (m != HTTP_OTHER)
			assert_string_equal(http_method_name(m), cases[i].s);
	}
	assert_string_equal(http_method_name(HTTP_OTHER), "OTHER");
	assert_string_equal(http_method_name((enum http_method)(HTTP_GET | HTTP_POST)), "OTHER");
}

/* ---- router ---- */

static int
h_dummy(struct http_req *req)
{
	(void)req;
	return 0;
}

/* positional entries, as site_routes.c until the composition root (R1) */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct http_route routes[] = {
	{ HTTP_GET, "/", h_dummy, NULL, 0, 0, NULL, NULL },              /* 0 */
	{ HTTP_GET, "/u/{username}", h_dummy, NULL, 0, 0, NULL, NULL },  /* 1 */
	{ HTTP_POST, "/u/{username}", h_dummy, NULL, 0, 0, NULL, NULL }, /* 2 */
	{ HTTP_GET | HTTP_POST, "/u/{username}/posts/{id}", h_dummy, NULL, 0, 0, NULL,
	    NULL },                                                                     /* 3 */
	{ HTTP_POST, "/login", h_dummy, NULL, 0, 0, NULL, NULL },                       /* 4 */
	{ HTTP_PUT | HTTP_DELETE, "/api/items/{id}", h_dummy, NULL, 0, 0, NULL, NULL }, /* 5 */
	{ HTTP_GET, "/about", h_dummy, NULL, 0, 0, NULL, NULL },                        /* 6 */
	{ HTTP_GET, "/{a}/{b}/{c}/{d}/{e}", h_dummy, NULL, 0, 0, NULL, NULL },          /* 7 */
	{ HTTP_GET, "/x/{a}/{b}/{c}/{d}", h_dummy, NULL, 0, 0, NULL, NULL },            /* 8 */
	{ HTTP_GET, "/about/team", h_dummy, NULL, 0, 0, NULL, NULL },                   /* 9 */
};

struct route_case {
	enum http_method m;
	const char *path;
	int status;
	int index;      /* on 0 */
	unsigned allow; /* on 405 */
	size_t nparams;
	const char *pname[HTTP_MAX_PARAMS], *pval[HTTP_MAX_PARAMS];
};

static void
test_route_match(void **state)
{
	static const struct route_case cases[] = {
		{ HTTP_GET, "/", 0, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_HEAD, "/", 0, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/about", 0, 6, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/about/team", 0, 9, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/about/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/abou", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/aboutx", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/About", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "//", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/nope", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u/bob", 0, 1, 0, 1, { "username" }, { "bob" } },
		{ HTTP_HEAD, "/u/bob", 0, 1, 0, 1, { "username" }, { "bob" } },
		{ HTTP_POST, "/u/bob", 0, 2, 0, 1, { "username" }, { "bob" } },
		{ HTTP_GET, "/u/b%20b", 0, 1, 0, 1, { "username" }, { "b%20b" } },
		{ HTTP_DELETE, "/u/bob", 405, 0, HTTP_GET | HTTP_HEAD | HTTP_POST, 0, { NULL },
		    { NULL } },
		{ HTTP_OTHER, "/u/bob", 405, 0, HTTP_GET | HTTP_HEAD | HTTP_POST, 0, { NULL },
		    { NULL } },
		{ HTTP_GET, "/u/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u/bob/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u/bob/posts/42", 0, 3, 0, 2, { "username", "id" }, { "bob", "42" } },
		{ HTTP_HEAD, "/u/bob/posts/42", 0, 3, 0, 2, { "username", "id" }, { "bob", "42" } },
		{ HTTP_GET, "/u//posts/42", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u/bob/posts/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/u/bob/comments/42", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_POST, "/login", 0, 4, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/login", 405, 0, HTTP_POST, 0, { NULL }, { NULL } },
		{ HTTP_HEAD, "/login", 405, 0, HTTP_POST, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/login/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_PUT, "/api/items/7", 0, 5, 0, 1, { "id" }, { "7" } },
		{ HTTP_DELETE, "/api/items/7", 0, 5, 0, 1, { "id" }, { "7" } },
		{ HTTP_GET, "/api/items/7", 405, 0, HTTP_PUT | HTTP_DELETE, 0, { NULL }, { NULL } },
		{ HTTP_PATCH, "/api/items/7", 405, 0, HTTP_PUT | HTTP_DELETE, 0, { NULL },
		    { NULL } },
		{ HTTP_PUT, "/api/items/", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_POST, "/", 405, 0, HTTP_GET | HTTP_HEAD, 0, { NULL }, { NULL } },
		{ HTTP_GET, "/x/1/2/3/4", 0, 8, 0, 4, { "a", "b", "c", "d" },
		    { "1", "2", "3", "4" } },
		/* more than HTTP_MAX_PARAMS parameters never match */
		{ HTTP_GET, "/1/2/3/4/5", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "u/bob", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "about", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, "", 404, 0, 0, 0, { NULL }, { NULL } },
		{ HTTP_GET, NULL, 404, 0, 0, 0, { NULL }, { NULL } },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct route_case *c = &cases[i];
		const struct http_route *r = NULL;
		struct http_params p;
		unsigned allow = 0xdead;
		int st;

		memset(&p, 0, sizeof(p));
		st = http_route_match(routes, TG_NELEM(routes), c->m, c->path, A, &r, &p, &allow);
		if (st != c->status)
			fail_msg("%s %s: status %d, want %d", http_method_name(c->m),
			    c->path ? c->path : "NULL", st, c->status);
		if (st == 405 && allow != c->allow)
			fail_msg("%s %s: allow %#x, want %#x", http_method_name(c->m), c->path,
			    allow, c->allow);
		if (st == 404)
			assert_int_equal(allow, 0);
		if (st != 0)
			continue;
		if (http_route_index(routes, r) != c->index)
			fail_msg("%s %s: route %d, want %d", http_method_name(c->m), c->path,
			    http_route_index(routes, r), c->index);
		assert_int_equal(p.n, c->nparams);
		for (size_t k = 0; k < c->nparams; k++) {
			assert_string_equal(p.name[k], c->pname[k]);
			assert_string_equal(p.val[k], c->pval[k]);
		}
	}
	assert_int_equal(http_route_index(routes, NULL), -1);
}

static void
test_http_param(void **state)
{
	struct http_req req;
	const struct http_route *r = NULL;
	unsigned allow;

	(void)state;
	memset(&req, 0, sizeof(req));
	assert_int_equal(http_route_match(routes, TG_NELEM(routes), HTTP_GET, "/u/ann/posts/9", A,
	                     &r, &req.params, &allow),
	    0);
	assert_string_equal(http_param(&req, "username"), "ann");
	assert_string_equal(http_param(&req, "id"), "9");
	assert_null(http_param(&req, "other"));
}

static void
test_allow_string(void **state)
{
	static const struct {
		unsigned allow;
		const char *out;
	} cases[] = {
		{ 0, "" },
		{ HTTP_GET, "GET" },
		{ HTTP_GET | HTTP_HEAD | HTTP_POST, "GET, HEAD, POST" },
		{ HTTP_DELETE | HTTP_GET, "GET, DELETE" },
		{ HTTP_PUT | HTTP_PATCH | HTTP_DELETE, "PUT, PATCH, DELETE" },
		{ HTTP_OTHER, "" },
		{ HTTP_POST | HTTP_OTHER, "POST" },
		{ 0x7f, "GET, HEAD, POST, PUT, PATCH, DELETE" },
	};
	char out[64], small[6];

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		memset(out, 'x', sizeof(out));
		http_allow_string(cases[i].allow, out, sizeof(out));
		assert_string_equal(out, cases[i].out);
	}
	/* a short buffer is cut off but stays terminated */
	memset(small, 'x', sizeof(small));
	http_allow_string(HTTP_GET | HTTP_HEAD | HTTP_POST, small, sizeof(small));
	assert_true(strlen(small) < sizeof(small));
	assert_int_equal(strncmp(small, "GET", 3), 0);
}

/* ---- http_check_value ---- */

static const char *const colors[] = { "red", "green", "blue", NULL };
static const char *const tags[] = { "a", "b", "c", NULL };

static const char *
no_admin(const char *v)
{
	return strcmp(v, "admin") == 0 ? "is reserved" : NULL;
}

static const struct http_field f_str = { "s", FT_STRING, 0, 2, 5, NULL, NULL, "S" };
static const struct http_field f_str_req = { "s", FT_STRING, FF_REQUIRED, 0, 0, NULL, NULL, "S" };
static const struct http_field f_str_raw = { "p", FT_STRING, FF_RAW, 0, 0, NULL, NULL, "P" };
static const struct http_field f_str_chk = { "u", FT_STRING, 0, 0, 0, NULL, no_admin, "U" };
static const struct http_field f_text = { "t", FT_TEXT, 0, 0, 10, NULL, NULL, "T" };
static const struct http_field f_int = { "i", FT_INT, 0, 1, 100, NULL, NULL, "I" };
static const struct http_field f_int_req = { "i", FT_INT, FF_REQUIRED, 1, 100, NULL, NULL, "I" };
static const struct http_field f_int_neg = { "i", FT_INT, 0, -10, -1, NULL, NULL, "I" };
static const struct http_field f_bool = { "b", FT_BOOL, 0, 0, 0, NULL, NULL, "B" };
static const struct http_field f_enum = { "e", FT_ENUM, 0, 0, 0, colors, NULL, "E" };
static const struct http_field f_enum_req = { "e", FT_ENUM, FF_REQUIRED, 0, 0, colors, NULL, "E" };
static const struct http_field f_list = { "l", FT_LIST, 0, 0, 0, tags, NULL, "L" };

struct check_case {
	const char *name;
	const struct http_field *f;
	const char *in;
	const char *err; /* NULL: valid */
	const char *str; /* expected out.str when valid (NULL: don't check) */
	long long num;
	int yes;
	int present;
};

static void
test_check_value(void **state)
{
	static const struct check_case cases[] = {
		/* FT_STRING: trimmed, length in characters */
		{ "trimmed", &f_str, "  ab \t\r\n", NULL, "ab", 0, 0, 1 },
		{ "min ok", &f_str, "ab", NULL, "ab", 0, 0, 1 },
		{ "max ok", &f_str, "abcde", NULL, "abcde", 0, 0, 1 },
		{ "too short", &f_str, "a", "must be at least 2 characters", NULL, 0, 0, 1 },
		{ "too short after trim", &f_str, "  a  ", "must be at least 2 characters", NULL, 0,
		    0, 1 },
		{ "too long", &f_str, "abcdef", "must be at most 5 characters", NULL, 0, 0, 1 },
		{ "5 two-byte chars fit", &f_str, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL,
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, 0, 1 },
		{ "5 four-byte chars fit", &f_str,
		    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
		    NULL, NULL, 0, 0, 1 },
		{ "6 two-byte chars too long", &f_str,
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		    "must be at most 5 characters", NULL, 0, 0, 1 },
		{ "1 two-byte char too short", &f_str, "\xc3\xa9", "must be at least 2 characters",
		    NULL, 0, 0, 1 },
		{ "empty optional", &f_str, "", NULL, "", 0, 0, 1 },
		{ "blank optional", &f_str, "   ", NULL, "", 0, 0, 1 },
		{ "inner newline", &f_str, "a\nb", "contains control characters", NULL, 0, 0, 1 },
		{ "inner tab", &f_str, "a\tb", "contains control characters", NULL, 0, 0, 1 },
		{ "control char", &f_str,
		    "a\x01"
		    "b",
		    "contains control characters", NULL, 0, 0, 1 },
		{ "escape", &f_str, "a\x1b[0m", "contains control characters", NULL, 0, 0, 1 },
		{ "DEL", &f_str, "ab\x7f", "contains control characters", NULL, 0, 0, 1 },
		{ "invalid UTF-8", &f_str, "ab\xff", "is not valid UTF-8", NULL, 0, 0, 0 },
		{ "surrogate", &f_str, "a\xed\xa0\x80", "is not valid UTF-8", NULL, 0, 0, 0 },
		{ "required present", &f_str_req, "x", NULL, "x", 0, 0, 1 },
		{ "required empty", &f_str_req, "", "is required", NULL, 0, 0, 1 },
		{ "required blank", &f_str_req, " \t ", "is required", NULL, 0, 0, 1 },
		{ "raw keeps spaces", &f_str_raw, "  pw  ", NULL, "  pw  ", 0, 0, 1 },
		{ "check passes", &f_str_chk, "bob", NULL, "bob", 0, 0, 1 },
		{ "check fails on trimmed value", &f_str_chk, " admin ", "is reserved", NULL, 0, 0,
		    1 },
		{ "check skipped when empty", &f_str_chk, "", NULL, "", 0, 0, 1 },
		/* FT_TEXT */
		{ "text newlines", &f_text, "a\nb\r\n\tc", NULL, "a\nb\r\n\tc", 0, 0, 1 },
		{ "text control", &f_text, "a\x01", "contains control characters", NULL, 0, 0, 1 },
		{ "text DEL", &f_text, "a\x7f", "contains control characters", NULL, 0, 0, 1 },
		{ "text trimmed", &f_text, "\n\nhi\n", NULL, "hi", 0, 0, 1 },
		{ "text too long", &f_text, "0123456789x", "must be at most 10 characters", NULL, 0,
		    0, 1 },
		/* FT_INT */
		{ "int min", &f_int, "1", NULL, "1", 1, 0, 1 },
		{ "int max", &f_int, "100", NULL, "100", 100, 0, 1 },
		{ "int below", &f_int, "0", "must be between 1 and 100", NULL, 0, 0, 1 },
		{ "int above", &f_int, "101", "must be between 1 and 100", NULL, 0, 0, 1 },
		{ "int negative", &f_int, "-1", "must be between 1 and 100", NULL, 0, 0, 1 },
		{ "int huge", &f_int, "99999999999999999999", "must be a whole number", NULL, 0, 0,
		    1 },
		{ "int word", &f_int, "abc", "must be a whole number", NULL, 0, 0, 1 },
		{ "int trailing", &f_int, "5x", "must be a whole number", NULL, 0, 0, 1 },
		{ "int space", &f_int, " 5", "must be a whole number", NULL, 0, 0, 1 },
		{ "int decimal", &f_int, "5.0", "must be a whole number", NULL, 0, 0, 1 },
		/* an empty optional number is absent (?page=); a required one is not */
		{ "int empty optional", &f_int, "", NULL, "", 0, 0, 0 },
		{ "int empty required", &f_int_req, "", "must be a whole number", NULL, 0, 0, 1 },
		{ "int negative range", &f_int_neg, "-10", NULL, "-10", -10, 0, 1 },
		{ "int negative range above", &f_int_neg, "0", "must be between -10 and -1", NULL,
		    0, 0, 1 },
		/* FT_BOOL */
		{ "bool 1", &f_bool, "1", NULL, "1", 0, 1, 1 },
		{ "bool true", &f_bool, "true", NULL, "true", 0, 1, 1 },
		{ "bool on", &f_bool, "on", NULL, "on", 0, 1, 1 },
		{ "bool 0", &f_bool, "0", NULL, "0", 0, 0, 1 },
		{ "bool false", &f_bool, "false", NULL, "false", 0, 0, 1 },
		{ "bool off", &f_bool, "off", NULL, "off", 0, 0, 1 },
		{ "bool empty", &f_bool, "", NULL, "", 0, 0, 1 },
		{ "bool yes", &f_bool, "yes", "must be true or false", NULL, 0, 0, 1 },
		{ "bool TRUE", &f_bool, "TRUE", "must be true or false", NULL, 0, 0, 1 },
		{ "bool 2", &f_bool, "2", "must be true or false", NULL, 0, 0, 1 },
		/* FT_ENUM */
		{ "enum ok", &f_enum, "green", NULL, "green", 0, 0, 1 },
		{ "enum other", &f_enum, "purple", "is not one of the allowed values", NULL, 0, 0,
		    1 },
		{ "enum case", &f_enum, "Red", "is not one of the allowed values", NULL, 0, 0, 1 },
		{ "enum padded", &f_enum, " red", "is not one of the allowed values", NULL, 0, 0,
		    1 },
		{ "enum empty optional", &f_enum, "", NULL, "", 0, 0, 0 },
		{ "enum empty required", &f_enum_req, "", "is not one of the allowed values", NULL,
		    0, 0, 1 },
		{ "enum required ok", &f_enum_req, "blue", NULL, "blue", 0, 0, 1 },
		/* FT_LIST values only come through http_validate */
		{ "list scalar", &f_list, "a", "must be a list", NULL, 0, 0, 1 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct check_case *c = &cases[i];
		struct http_value v;
		const char *err;

		memset(&v, 0, sizeof(v));
		err = http_check_value(A, c->f, c->in, &v);
		if ((err == NULL) != (c->err == NULL) || (err != NULL && strcmp(err, c->err) != 0))
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, err ? err : "(ok)",
			    c->err ? c->err : "(ok)");
		if (v.present != c->present)
			fail_msg("%s: present %d, want %d", c->name, v.present, c->present);
		if (err != NULL)
			continue;
		if (c->str != NULL) {
			assert_non_null(v.str);
			if (strcmp(v.str, c->str) != 0)
				fail_msg("%s: str \"%s\", want \"%s\"", c->name, v.str, c->str);
		}
		if (c->f->type == FT_INT && v.num != c->num)
			fail_msg("%s: num %lld, want %lld", c->name, v.num, c->num);
		if (c->f->type == FT_BOOL && v.yes != c->yes)
			fail_msg("%s: yes %d, want %d", c->name, v.yes, c->yes);
	}
}

/* ---- http_validate ---- */

static const struct http_field post_fields[] = {
	{ "title", FT_STRING, FF_REQUIRED, 1, 20, NULL, NULL, "Title" },
	{ "body", FT_TEXT, 0, 0, 100, NULL, NULL, "Body" },
	{ "count", FT_INT, 0, 0, 10, NULL, NULL, "Count" },
	{ "agree", FT_BOOL, 0, 0, 0, NULL, NULL, "Agree" },
	{ "color", FT_ENUM, 0, 0, 0, colors, NULL, "Colour" },
	{ "tags", FT_LIST, 0, 0, 2, tags, NULL, "Tags" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const struct http_field list_min_fields[] = {
	{ "tags", FT_LIST, 0, 1, 3, tags, NULL, "Tags" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const struct http_route post_route = { HTTP_GET | HTTP_POST, "/p", h_dummy, post_fields, 0,
	0, NULL, NULL };
static const struct http_route list_min_route = { HTTP_POST, "/l", h_dummy, list_min_fields, 0, 0,
	NULL, NULL };
static const struct http_route no_fields_route = { HTTP_POST, "/n", h_dummy, NULL, 0, 0, NULL,
	NULL };

struct req_ctx {
	struct http_req req;
	int status;
	const char *msg;
};

/* Builds a request; form is urlencoded (POST body or GET query), json is a
 * JSON text or NULL. Returns http_validate's status. */
static int
run_validate(struct http_req *req, const struct http_route *r, enum http_method m, const char *form,
    const char *json, const char **msg)
{
	struct http_limits lim = { 200, 65536 };
	const char *pmsg = NULL;

	memset(req, 0, sizeof(*req));
	req->a = arena_new(0);
	assert_non_null(req->a);
	req->method = m;
	req->route = r;
	if (form != NULL) {
		struct http_kvs *kv = (m == HTTP_GET || m == HTTP_HEAD || m == HTTP_DELETE)
		    ? &req->query
		    : &req->form;

		assert_int_equal(
		    http_parse_urlencoded(req->a, form, strlen(form), &lim, kv, &pmsg), 0);
	}
	if (json != NULL) {
		json_error_t jerr;

		req->json = json_loads(json, 0, &jerr);
		if (req->json == NULL)
			fail_msg("bad test JSON %s: %s", json, jerr.text);
	}
	*msg = NULL;
	return http_validate(req, msg);
}

static void
done_req(struct http_req *req)
{
	json_decref(req->json);
	req->json = NULL;
	arena_free(req->a);
	req->a = NULL;
}

static const char *
err_for(const struct http_req *req, const char *field)
{
	for (size_t i = 0; i < req->errors.n; i++)
		if (strcmp(req->errors.field[i], field) == 0)
			return req->errors.msg[i];
	return NULL;
}

struct validate_case {
	const char *name;
	const struct http_route *route;
	enum http_method m;
	const char *form, *json;
	int status;
	size_t nerrors;
	const char *efield[4], *emsg[4];
};

static void
test_validate_table(void **state)
{
	static const struct validate_case cases[] = {
		{ "form all good", &post_route, HTTP_POST,
		    "title=Hi&count=3&agree=on&color=red&tags=a&tags=b", NULL, 0, 0, { NULL },
		    { NULL } },
		{ "form only required", &post_route, HTTP_POST, "title=Hi", NULL, 0, 0, { NULL },
		    { NULL } },
		{ "form undeclared keys ignored", &post_route, HTTP_POST, "title=Hi&admin=1&x=y",
		    NULL, 0, 0, { NULL }, { NULL } },
		{ "form missing required", &post_route, HTTP_POST, "", NULL, 422, 1, { "title" },
		    { "is required" } },
		{ "form blank required", &post_route, HTTP_POST, "title=+++", NULL, 422, 1,
		    { "title" }, { "is required" } },
		{ "form several errors", &post_route, HTTP_POST, "count=11&agree=maybe&color=pink",
		    NULL, 422, 4, { "title", "count", "agree", "color" },
		    { "is required", "must be between 0 and 10", "must be true or false",
		        "is not one of the allowed values" } },
		{ "form bad enum", &post_route, HTTP_POST, "title=Hi&color=pink", NULL, 422, 1,
		    { "color" }, { "is not one of the allowed values" } },
		{ "form title too long", &post_route, HTTP_POST, "title=012345678901234567890",
		    NULL, 422, 1, { "title" }, { "must be at most 20 characters" } },
		{ "form list dedup within max", &post_route, HTTP_POST,
		    "title=Hi&tags=a&tags=a&tags=b&tags=b", NULL, 0, 0, { NULL }, { NULL } },
		{ "form list over max", &post_route, HTTP_POST, "title=Hi&tags=a&tags=b&tags=c",
		    NULL, 422, 1, { "tags" }, { "may list at most 2 items" } },
		{ "form list bad value", &post_route, HTTP_POST, "title=Hi&tags=zzz", NULL, 422, 1,
		    { "tags" }, { "contains a value that is not allowed" } },
		{ "form list empty values skipped", &post_route, HTTP_POST, "title=Hi&tags=&tags=a",
		    NULL, 0, 0, { NULL }, { NULL } },
		{ "form list min not met", &list_min_route, HTTP_POST, "", NULL, 422, 1, { "tags" },
		    { "must list at least 1 items" } },
		{ "form list min met", &list_min_route, HTTP_POST, "tags=c", NULL, 0, 0, { NULL },
		    { NULL } },
		{ "GET reads the query", &post_route, HTTP_GET, "title=Hi", NULL, 0, 0, { NULL },
		    { NULL } },
		{ "json all good", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"body\":\"line\\nline\",\"count\":3,\"agree\":true,"
		    "\"color\":\"blue\",\"tags\":[\"a\",\"b\",\"a\"]}",
		    0, 0, { NULL }, { NULL } },
		{ "json string for int", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"count\":\"4\"}", 0, 0, { NULL }, { NULL } },
		{ "json null is absent", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"count\":null}", 0, 0, { NULL }, { NULL } },
		{ "json unknown key", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"titel\":\"x\"}", 422, 1, { "titel" },
		    { "is not a known field" } },
		{ "json missing required", &post_route, HTTP_POST, NULL, "{}", 422, 1, { "title" },
		    { "is required" } },
		{ "json null required", &post_route, HTTP_POST, NULL, "{\"title\":null}", 422, 1,
		    { "title" }, { "is required" } },
		{ "json number for string", &post_route, HTTP_POST, NULL, "{\"title\":5}", 422, 1,
		    { "title" }, { "must be a string" } },
		{ "json bool for string", &post_route, HTTP_POST, NULL, "{\"title\":true}", 422, 1,
		    { "title" }, { "must be a string" } },
		{ "json object for string", &post_route, HTTP_POST, NULL, "{\"title\":{}}", 422, 1,
		    { "title" }, { "must be a string" } },
		{ "json real for int", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"count\":1.5}", 422, 1, { "count" },
		    { "must be a whole number" } },
		{ "json int out of range", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"count\":11}", 422, 1, { "count" },
		    { "must be between 0 and 10" } },
		{ "json string for bool", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"agree\":\"yes\"}", 422, 1, { "agree" },
		    { "must be true or false" } },
		{ "json number for bool", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"agree\":1}", 422, 1, { "agree" },
		    { "must be true or false" } },
		{ "json scalar for list", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"tags\":\"a\"}", 422, 1, { "tags" }, { "must be a list" } },
		{ "json list of numbers", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"tags\":[1]}", 422, 1, { "tags" },
		    { "must be a list of strings" } },
		{ "json list over max", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"tags\":[\"a\",\"b\",\"c\"]}", 422, 1, { "tags" },
		    { "may list at most 2 items" } },
		{ "json list bad value", &post_route, HTTP_POST, NULL,
		    "{\"title\":\"Hi\",\"tags\":[\"x\"]}", 422, 1, { "tags" },
		    { "contains a value that is not allowed" } },
		{ "json list min", &list_min_route, HTTP_POST, NULL, "{\"tags\":[]}", 422, 1,
		    { "tags" }, { "must list at least 1 items" } },
		{ "json control char", &post_route, HTTP_POST, NULL, "{\"title\":\"a\\u0007b\"}",
		    422, 1, { "title" }, { "contains control characters" } },
		{ "json no fields route", &no_fields_route, HTTP_POST, NULL, "{\"a\":1}", 422, 1,
		    { "a" }, { "is not a known field" } },
		{ "json array body", &post_route, HTTP_POST, NULL, "[1,2]", 400, 0, { NULL },
		    { NULL } },
		{ "no fields, no body", &no_fields_route, HTTP_POST, NULL, NULL, 0, 0, { NULL },
		    { NULL } },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct validate_case *c = &cases[i];
		struct http_req req;
		const char *msg;
		int st = run_validate(&req, c->route, c->m, c->form, c->json, &msg);

		if (st != c->status)
			fail_msg("%s: status %d, want %d (%s; first error %s %s)", c->name, st,
			    c->status, msg ? msg : "", req.errors.n ? req.errors.field[0] : "-",
			    req.errors.n ? req.errors.msg[0] : "-");
		if (st != 0 && (msg == NULL || *msg == '\0'))
			fail_msg("%s: no message", c->name);
		if (st != 400 && req.errors.n != c->nerrors)
			fail_msg("%s: %zu errors, want %zu (first %s %s)", c->name, req.errors.n,
			    c->nerrors, req.errors.n ? req.errors.field[0] : "-",
			    req.errors.n ? req.errors.msg[0] : "-");
		for (size_t k = 0; k < c->nerrors; k++) {
			const char *e = err_for(&req, c->efield[k]);

			if (e == NULL || strcmp(e, c->emsg[k]) != 0)
				fail_msg("%s: error for %s is \"%s\", want \"%s\"", c->name,
				    c->efield[k], e ? e : "(none)", c->emsg[k]);
		}
		done_req(&req);
	}
}

static void
test_validate_values_form(void **state)
{
	struct http_req req;
	const char *msg;
	const struct http_value *v;

	(void)state;
	assert_int_equal(
	    run_validate(&req, &post_route, HTTP_POST,
	        "title=+Hi+there+&body=a%0D%0Ab&count=3&agree=on&color=red&tags=b&tags=a&tags=b",
	        NULL, &msg),
	    0);
	assert_int_equal(req.nvals, 6);
	v = http_val(&req, "title");
	assert_true(v->present);
	assert_string_equal(v->str, "Hi there");
	assert_string_equal(http_val(&req, "body")->str, "a\r\nb");
	assert_int_equal(http_val(&req, "count")->num, 3);
	assert_true(http_val(&req, "agree")->yes);
	assert_string_equal(http_val(&req, "color")->str, "red");
	v = http_val(&req, "tags");
	assert_true(v->present);
	assert_int_equal(v->nlist, 2);
	assert_string_equal(v->list[0], "b");
	assert_string_equal(v->list[1], "a");
	/* an undeclared name reads as absent */
	v = http_val(&req, "nope");
	assert_false(v->present);
	assert_string_equal(v->str, "");
	done_req(&req);

	/* absent optional fields read as "" and not present */
	assert_int_equal(run_validate(&req, &post_route, HTTP_POST, "title=x", NULL, &msg), 0);
	assert_false(http_val(&req, "body")->present);
	assert_string_equal(http_val(&req, "body")->str, "");
	assert_false(http_val(&req, "tags")->present);
	assert_int_equal(http_val(&req, "tags")->nlist, 0);
	assert_false(http_val(&req, "agree")->yes);
	done_req(&req);

	/* A form sends every field of its <form>, an empty box as "": on a form
	 * (and a query) an empty or blank field is not given, whatever its type */
	{
		static const char *const empty[] = { "body", "count", "agree", "color", "tags" };
		static const enum http_method how[] = { HTTP_POST, HTTP_GET };

		for (size_t m = 0; m < TG_NELEM(how); m++) {
			assert_int_equal(
			    run_validate(&req, &post_route, how[m],
			        "title=x&body=+&count=&agree=&color=&tags=&tags=", NULL, &msg),
			    0);
			for (size_t i = 0; i < TG_NELEM(empty); i++) {
				v = http_val(&req, empty[i]);
				if (v->present)
					fail_msg("%s: an empty %s is given", empty[i],
					    how[m] == HTTP_GET ? "query field" : "form field");
				assert_string_equal(v->str, "");
			}
			assert_int_equal(http_val(&req, "tags")->nlist, 0);
			assert_false(http_val(&req, "agree")->yes);
			done_req(&req);
		}
		/* a required one is still required */
		assert_int_equal(
		    run_validate(&req, &post_route, HTTP_POST, "title=&body=b", NULL, &msg), 422);
		assert_non_null(err_for(&req, "title"));
		assert_string_equal(err_for(&req, "title"), "is required");
		done_req(&req);
		/* JSON is unchanged: "" is given (an API clears a text with it) */
		assert_int_equal(run_validate(&req, &post_route, HTTP_POST, NULL,
		                     "{\"title\":\"x\",\"body\":\"\"}", &msg),
		    0);
		assert_true(http_val(&req, "body")->present);
		done_req(&req);
	}

	/* GET, HEAD and DELETE read the query and ignore the form; POST the reverse */
	{
		static const struct {
			enum http_method m;
			int from_query;
		} how[] = {
			{ HTTP_GET, 1 },
			{ HTTP_HEAD, 1 },
			{ HTTP_DELETE, 1 },
			{ HTTP_POST, 0 },
			{ HTTP_PUT, 0 },
			{ HTTP_PATCH, 0 },
		};
		struct http_limits lim = { 10, 100 };
		const char *pmsg;

		for (size_t i = 0; i < TG_NELEM(how); i++) {
			memset(&req, 0, sizeof(req));
			req.a = arena_new(0);
			req.route = &post_route;
			req.method = how[i].m;
			assert_int_equal(
			    http_parse_urlencoded(req.a, "title=q", 7, &lim, &req.query, &pmsg), 0);
			assert_int_equal(
			    http_parse_urlencoded(req.a, "title=f", 7, &lim, &req.form, &pmsg), 0);
			assert_int_equal(http_validate(&req, &msg), 0);
			assert_string_equal(
			    http_val(&req, "title")->str, how[i].from_query ? "q" : "f");
			done_req(&req);
		}
	}
}

static void
test_validate_values_json(void **state)
{
	struct http_req req;
	const char *msg;
	const struct http_value *v;

	(void)state;
	assert_int_equal(
	    run_validate(&req, &post_route, HTTP_POST, NULL,
	        "{\"title\":\" Hi \",\"count\":7,\"agree\":false,\"tags\":[\"c\",\"c\",\"a\"]}",
	        &msg),
	    0);
	assert_string_equal(http_val(&req, "title")->str, "Hi");
	assert_int_equal(http_val(&req, "count")->num, 7);
	assert_true(http_val(&req, "agree")->present);
	assert_false(http_val(&req, "agree")->yes);
	v = http_val(&req, "tags");
	assert_int_equal(v->nlist, 2);
	assert_string_equal(v->list[0], "c");
	assert_string_equal(v->list[1], "a");
	done_req(&req);

	/* a JSON body is used even on GET, and the form is then ignored */
	assert_int_equal(run_validate(&req, &post_route, HTTP_GET, "title=fromquery",
	                     "{\"title\":\"fromjson\"}", &msg),
	    0);
	assert_string_equal(http_val(&req, "title")->str, "fromjson");
	done_req(&req);

	/* many unknown keys: reported up to the error cap, no overflow */
	{
		json_t *o = json_object();
		char k[16];

		for (int i = 0; i < 50; i++) {
			snprintf(k, sizeof(k), "k%d", i);
			json_object_set_new(o, k, json_integer(i));
		}
		memset(&req, 0, sizeof(req));
		req.a = arena_new(0);
		req.route = &post_route;
		req.method = HTTP_POST;
		req.json = o;
		assert_int_equal(http_validate(&req, &msg), 422);
		assert_int_equal(req.errors.n, HTTP_MAX_FIELD_ERRORS);
		done_req(&req);
	}
}

static void
test_field_error_first_wins(void **state)
{
	struct http_req req;

	(void)state;
	memset(&req, 0, sizeof(req));
	http_field_error(&req, "a", "first");
	http_field_error(&req, "a", "second");
	http_field_error(&req, "b", "other");
	assert_int_equal(req.errors.n, 2);
	assert_string_equal(req.errors.msg[0], "first");
	assert_string_equal(req.errors.field[1], "b");
}

static void
test_is_loopback(void **state)
{
	static const struct {
		const char *addr;
		int yes;
	} cases[] = {
		{ "127.0.0.1", 1 },
		{ "127.1.2.3", 1 },
		{ "::1", 1 },
		{ "::ffff:127.0.0.1", 1 },
		{ "unix:", 1 },
		{ "10.0.0.1", 0 },
		{ "192.168.1.127", 0 },
		{ "1127.0.0.1", 0 },
		{ "128.0.0.1", 0 },
		{ "::2", 0 },
		{ "::11", 0 },
		{ "::ffff:10.0.0.1", 0 },
		{ "fe80::1", 0 },
		{ "unix:/x", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (http_is_loopback(cases[i].addr) != cases[i].yes)
			fail_msg("is_loopback(%s) != %d", cases[i].addr ? cases[i].addr : "NULL",
			    cases[i].yes);
}

static void
test_origin_same(void **state)
{
	static const struct {
		const char *origin, *scheme, *host, *port;
		int yes;
	} cases[] = {
		{ "http://demo.localhost:8080", "http", "demo.localhost", "8080", 1 },
		{ "http://Demo.LocalHost:8080", "http", "demo.localhost", "8080", 1 },
		{ "http://demo.localhost.:8080", "http", "demo.localhost", "8080", 1 },
		{ "http://demo.localhost", "http", "demo.localhost", "80", 1 },
		{ "http://demo.localhost:80", "http", "demo.localhost", "", 1 },
		{ "https://tips.example", "https", "tips.example", "443", 1 },
		{ "HTTPS://tips.example:443", "https", "tips.example", "443", 1 },
		/* another port, scheme or host */
		{ "http://demo.localhost:8081", "http", "demo.localhost", "8080", 0 },
		{ "http://demo.localhost", "http", "demo.localhost", "8080", 0 },
		{ "https://demo.localhost:8080", "http", "demo.localhost", "8080", 0 },
		{ "http://tips.example", "https", "tips.example", "443", 0 },
		{ "http://acme.localhost:8080", "http", "demo.localhost", "8080", 0 },
		{ "http://demo.localhost.evil:8080", "http", "demo.localhost", "8080", 0 },
		{ "http://evil-demo.localhost:8080", "http", "demo.localhost", "8080", 0 },
		/* malformed */
		{ "http://demo.localhost:", "http", "demo.localhost", "80", 0 },
		{ "http://demo.localhost:8080/", "http", "demo.localhost", "8080", 0 },
		{ "http://demo.localhost:+8080", "http", "demo.localhost", "8080", 0 },
		{ "http://demo.localhost:18080", "http", "demo.localhost", "8080", 0 },
		{ "http://user@demo.localhost:8080", "http", "demo.localhost", "8080", 0 },
		{ "demo.localhost:8080", "http", "demo.localhost", "8080", 0 },
		{ "null", "http", "demo.localhost", "8080", 0 },
		{ "", "http", "demo.localhost", "8080", 0 },
		{ NULL, "http", "demo.localhost", "8080", 0 },
		{ "ftp://demo.localhost", "ftp", "demo.localhost", "", 0 },
		{ "http://demo.localhost:8080", "http", NULL, "8080", 0 },
		{ "http://demo.localhost:8080", "http", "demo.localhost", "80x", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (http_origin_same(cases[i].origin, cases[i].scheme, cases[i].host,
		        cases[i].port) != cases[i].yes)
			fail_msg("origin_same(%s, %s, %s, %s) != %d",
			    cases[i].origin ? cases[i].origin : "NULL", cases[i].scheme,
			    cases[i].host ? cases[i].host : "NULL", cases[i].port, cases[i].yes);
}

static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	conf_defaults();
	log_init("test_http", LOG_ERROR);
	return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_urldecode),
		T(test_urldecode_nul_and_bounds),
		T(test_urlencode),
		T(test_parse_urlencoded),
		T(test_parse_urlencoded_many),
		T(test_parse_cookies),
		T(test_parse_cookies_limits),
		T(test_kvs_get),
		T(test_methods),
		T(test_route_match),
		T(test_http_param),
		T(test_allow_string),
		T(test_check_value),
		T(test_validate_table),
		T(test_validate_values_form),
		T(test_validate_values_json),
		T(test_field_error_first_wins),
		T(test_is_loopback),
		T(test_origin_same),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
