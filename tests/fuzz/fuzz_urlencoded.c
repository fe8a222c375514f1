/*
 * libFuzzer driver: http_parse_urlencoded and http_urldecode (app/http/http_parse.c).
 *
 * The input is a query string / urlencoded body. It is parsed with the
 * production limits (200 fields, 64 KiB per field) and with tiny limits taken
 * from the first two bytes, and checked against a reference parser written
 * here: same status, and on success the same fields in the same order, every
 * key non-empty and every key/value valid UTF-8 without NUL bytes.
 * http_urldecode is compared with a reference decoder for plus = 0 and 1.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "http/http.h"

#include "fuzz.h"

static int
ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into out (room for n + 1); length, or -1 when malformed. */
static long
ref_urldecode(const char *s, size_t n, int plus, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int h, l;

			if (n - i < 3)
				return -1;
			h = ref_hex((unsigned char)s[i + 1]);
			l = ref_hex((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			out[o++] = (char)(h << 4 | l);
			i += 2;
		} else
			out[o++] = plus && c == '+' ? ' ' : (char)c;
	}
	out[o] = '\0';
	return (long)o;
}

static void
check_urldecode(struct arena *a, const char *s, size_t n, int plus)
{
	char *want = malloc(n + 1);
	long wlen = ref_urldecode(s, n, plus, want);
	size_t glen = (size_t)-1;
	char *got = http_urldecode(a, s, n, plus, &glen);

	if (wlen < 0)
		FUZZ_CHECK(got == NULL, "plus=%d: accepted malformed input", plus);
	else {
		FUZZ_CHECK(got != NULL, "plus=%d: rejected well-formed input", plus);
		FUZZ_CHECK(glen == (size_t)wlen, "plus=%d: length %zu, want %ld", plus, glen, wlen);
		FUZZ_CHECK(memcmp(got, want, glen + 1) == 0, "plus=%d: wrong bytes", plus);
	}
	free(want);
}

struct ref_field {
	const char *key, *val;
	size_t klen, vlen;
};

/* The reference parser: the status http_parse_urlencoded must return, and on
 * 0 the fields it must produce. Decoded text goes to scratch (3n + 3 bytes). */
static int
ref_parse(const char *s, size_t n, const struct http_limits *lim, struct ref_field *f, size_t *nf,
    char *scratch)
{
	size_t i = 0;

	*nf = 0;
	while (i < n) {
		size_t start = i, end, eq;
		long kl, vl;
		char *k, *v;

		while (i < n && s[i] != '&')
			i++;
		end = i++;
		if (end == start)
			continue;
		if (*nf >= lim->fields_max)
			return 413;
		if (end - start > lim->field_len_max + 64)
			return 413;
		for (eq = start; eq < end && s[eq] != '='; eq++)
			;
		k = scratch;
		kl = ref_urldecode(s + start, eq - start, 1, k);
		if (kl < 0)
			return 400;
		v = k + kl + 1;
		vl = eq < end ? ref_urldecode(s + eq + 1, end - eq - 1, 1, v) : 0;
		if (vl < 0)
			return 400;
		v[vl] = '\0';
		if (kl == 0)
			return 400;
		if (!fuzz_ref_utf8_valid((const unsigned char *)k, (size_t)kl) ||
		    !fuzz_ref_utf8_valid((const unsigned char *)v, (size_t)vl))
			return 400;
		if ((size_t)vl > lim->field_len_max)
			return 413;
		f[*nf].key = k;
		f[*nf].klen = (size_t)kl;
		f[*nf].val = v;
		f[*nf].vlen = (size_t)vl;
		(*nf)++;
		scratch = v + vl + 1;
	}
	return 0;
}

static void
check_parse(const char *s, size_t n, const struct http_limits *lim)
{
	struct arena *a = arena_new(0);
	struct http_kvs kv = { 0 };
	const char *msg = NULL;
	struct ref_field *want = malloc((n / 2 + 1) * sizeof(*want));
	char *scratch = malloc(3 * n + 3);
	size_t nwant = 0;
	int rc, wrc;

	if (a == NULL || want == NULL || scratch == NULL)
		abort();
	rc = http_parse_urlencoded(a, s, n, lim, &kv, &msg);
	wrc = ref_parse(s, n, lim, want, &nwant, scratch);
	FUZZ_CHECK(rc == wrc, "status %d, reference %d (limits %zu/%zu)", rc, wrc, lim->fields_max,
	    lim->field_len_max);
	if (rc != 0)
		FUZZ_CHECK(msg != NULL && *msg, "status %d without a message", rc);
	else {
		FUZZ_CHECK(kv.n == nwant, "%zu fields, reference %zu", kv.n, nwant);
		FUZZ_CHECK(kv.n <= lim->fields_max, "%zu fields over the limit", kv.n);
		for (size_t i = 0; i < kv.n; i++) {
			const struct http_kv *p = &kv.v[i];
			size_t klen;

			FUZZ_CHECK(p->key != NULL && p->val != NULL, "field %zu: NULL", i);
			klen = strlen(p->key);
			FUZZ_CHECK(klen > 0, "field %zu: empty key", i);
			/* NUL-free: the C strings span exactly the decoded lengths */
			FUZZ_CHECK(
			    klen == want[i].klen, "field %zu: key has a NUL or wrong length", i);
			FUZZ_CHECK(strlen(p->val) == p->vlen, "field %zu: value has a NUL", i);
			FUZZ_CHECK(p->vlen == want[i].vlen, "field %zu: value length %zu, want %zu",
			    i, p->vlen, want[i].vlen);
			FUZZ_CHECK(p->vlen <= lim->field_len_max, "field %zu: value too long", i);
			FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)p->key, klen),
			    "field %zu: key is not UTF-8", i);
			FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)p->val, p->vlen),
			    "field %zu: value is not UTF-8", i);
			FUZZ_CHECK(
			    memcmp(p->key, want[i].key, klen) == 0, "field %zu: key differs", i);
			FUZZ_CHECK(memcmp(p->val, want[i].val, p->vlen) == 0,
			    "field %zu: value differs", i);
		}
		if (kv.n > 0)
			FUZZ_CHECK(
			    http_kvs_get(&kv, kv.v[0].key) == kv.v[0].val, "kvs_get(first key)");
	}
	free(scratch);
	free(want);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	static const struct http_limits prod = { 200, 65536 };
	struct http_limits tiny;
	struct arena *a;

	check_parse(s, size, &prod);
	if (size >= 2) {
		tiny.fields_max = 1 + data[0] % 8;
		tiny.field_len_max = data[1] % 32;
		check_parse(s + 2, size - 2, &tiny);
	}

	if ((a = arena_new(0)) == NULL)
		abort();
	check_urldecode(a, s, size, 0);
	check_urldecode(a, s, size, 1);
	arena_free(a);
	return 0;
}
