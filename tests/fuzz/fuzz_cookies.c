/*
 * libFuzzer driver: http_parse_cookies (app/http/http_parse.c) on a
 * NUL-terminated copy of the input, as the Cookie header arrives from
 * FastCGI. Checks the shape of what comes back: at most 64 pairs, non-empty
 * keys without '=', ';' or surrounding blanks, values without ';' whose C
 * string length is vlen, and both found in the header.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "http/http.h"

#include "fuzz.h"

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = fuzz_cstr(data, size);
	struct arena *a = arena_new(0);
	struct http_kvs kv = { 0 };
	size_t neq = 0;
	int rc;

	if (a == NULL)
		abort();
	rc = http_parse_cookies(a, h, &kv);
	FUZZ_CHECK(rc == 0, "rc %d", rc);
	for (const char *p = h; *p; p++)
		neq += *p == '=';
	FUZZ_CHECK(kv.n <= 64, "%zu cookies", kv.n);
	FUZZ_CHECK(kv.n <= neq, "%zu cookies from %zu '='", kv.n, neq);
	for (size_t i = 0; i < kv.n; i++) {
		const char *k = kv.v[i].key, *v = kv.v[i].val;
		size_t klen;

		FUZZ_CHECK(k != NULL && v != NULL, "cookie %zu: NULL", i);
		klen = strlen(k);
		FUZZ_CHECK(klen > 0, "cookie %zu: empty name", i);
		FUZZ_CHECK(strpbrk(k, "=;") == NULL, "cookie %zu: name has '=' or ';'", i);
		FUZZ_CHECK(!blank(k[0]) && !blank(k[klen - 1]), "cookie %zu: name not trimmed", i);
		FUZZ_CHECK(strlen(v) == kv.v[i].vlen, "cookie %zu: vlen %zu, strlen %zu", i,
		    kv.v[i].vlen, strlen(v));
		FUZZ_CHECK(strchr(v, ';') == NULL, "cookie %zu: value has ';'", i);
		FUZZ_CHECK(strstr(h, k) != NULL, "cookie %zu: name not in the header", i);
		FUZZ_CHECK(strstr(h, v) != NULL, "cookie %zu: value not in the header", i);
		FUZZ_CHECK(http_kvs_get(&kv, k) != NULL, "cookie %zu: kvs_get misses it", i);
	}
	arena_free(a);
	free(h);
	return 0;
}
