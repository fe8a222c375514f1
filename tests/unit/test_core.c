/*
 * Unit tests for app/core: arena, buf, util, conf.
 * Run from the repository root (conf_load reads scripts/tailgate.conf).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/core.h"

extern char **environ;

/* ---- arena ---- */

static void
test_arena_alignment(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000, 4095 };
	struct arena *a = arena_new(4096);

	(void)state;
	assert_non_null(a);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < TG_NELEM(sizes); i++) {
			unsigned char *p = arena_alloc(a, sizes[i]);

			assert_non_null(p);
			assert_int_equal((uintptr_t)p % 16, 0);
			/* the whole requested size is writable (ASan checks) */
			memset(p, 0xab, sizes[i] ? sizes[i] : 1);
		}
	}
	arena_free(a);
}

static void
test_arena_zero_size_distinct(void **state)
{
	struct arena *a = arena_new(256);
	char *p, *q;

	(void)state;
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(a);
}

static void
test_arena_many_chunks(void **state)
{
	enum { N = 2000, SZ = 24 };
	struct arena *a = arena_new(256);
	unsigned char *ptrs[N];
	size_t total = 0;

	(void)state;
	assert_non_null(a);
	for (int i = 0; i < N; i++) {
		ptrs[i] = arena_alloc(a, SZ);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
		memset(ptrs[i], i & 0xff, SZ);
		total += SZ;
	}
	/* no allocation overwrote another one */
	for (int i = 0; i < N; i++)
		for (int k = 0; k < SZ; k++)
			assert_int_equal(ptrs[i][k], i & 0xff);
	assert_int_equal(arena_used(a), total);
	arena_free(a);
}

static void
test_arena_big_alloc(void **state)
{
	struct arena *a = arena_new(128);
	unsigned char *big, *small, *big2;

	(void)state;
	small = arena_alloc(a, 10);
	assert_non_null(small);
	memset(small, 1, 10);
	big = arena_alloc(a, 10000);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	memset(big, 2, 10000); /* ASan would flag a short chunk */
	small = arena_alloc(a, 100);
	assert_non_null(small);
	memset(small, 3, 100);
	big2 = arena_alloc(a, 1 << 20);
	assert_non_null(big2);
	memset(big2, 4, 1 << 20);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(big[i], 2);
	assert_int_equal(arena_used(a), 10 + 10000 + 100 + (1 << 20));
	arena_free(a);
}

static void
test_arena_strings(void **state)
{
	struct arena *a = arena_new(64);
	char *s, *long_s;
	char expect[1001];

	(void)state;
	s = arena_strdup(a, "hello");
	assert_string_equal(s, "hello");
	s = arena_strdup(a, "");
	assert_string_equal(s, "");
	s = arena_strndup(a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(a, "a\0bc", 4);
	assert_int_equal(s[0], 'a');
	assert_int_equal(s[1], '\0');
	assert_int_equal(s[2], 'b');
	assert_int_equal(s[4], '\0');
	s = arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159);
	assert_string_equal(s, "x-42-003.1");
	/* longer than a chunk */
	long_s = arena_printf(a, "%01000d", 7);
	memset(expect, '0', 999);
	expect[999] = '7';
	expect[1000] = '\0';
	assert_string_equal(long_s, expect);
	arena_free(a);
}

static void
test_arena_calloc(void **state)
{
	struct arena *a = arena_new(128);
	unsigned char *p;

	(void)state;
	/* dirty the chunk, reset, then calloc must still hand out zeros */
	p = arena_alloc(a, 100);
	memset(p, 0xff, 100);
	arena_reset(a);
	p = arena_calloc(a, 25, 4);
	assert_non_null(p);
	for (int i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_calloc(a, SIZE_MAX, SIZE_MAX));
	arena_free(a);
}

static int cleanup_log[16];
static int cleanup_n;

static void
record_cleanup(void *arg)
{
	if (cleanup_n < (int)TG_NELEM(cleanup_log))
		cleanup_log[cleanup_n] = (int)(intptr_t)arg;
	cleanup_n++;
}

static void
free_cleanup(void *arg)
{
	free(arg);
	record_cleanup((void *)(intptr_t)99);
}

static void
test_arena_cleanups(void **state)
{
	struct arena *a = arena_new(256);

	(void)state;
	cleanup_n = 0;
	for (intptr_t i = 1; i <= 3; i++)
		assert_int_equal(arena_cleanup(a, record_cleanup, (void *)i), 0);
	assert_int_equal(cleanup_n, 0);
	arena_reset(a);
	assert_int_equal(cleanup_n, 3);
	assert_int_equal(cleanup_log[0], 3);
	assert_int_equal(cleanup_log[1], 2);
	assert_int_equal(cleanup_log[2], 1);

	/* a second reset runs nothing again */
	arena_reset(a);
	assert_int_equal(cleanup_n, 3);

	/* cleanups registered after a reset run on free, still last first;
	 * a malloc'd resource released by a cleanup does not leak */
	cleanup_n = 0;
	assert_int_equal(arena_cleanup(a, record_cleanup, (void *)(intptr_t)10), 0);
	assert_int_equal(arena_cleanup(a, free_cleanup, malloc(32)), 0);
	assert_int_equal(arena_cleanup(a, record_cleanup, (void *)(intptr_t)30), 0);
	arena_free(a);
	assert_int_equal(cleanup_n, 3);
	assert_int_equal(cleanup_log[0], 30);
	assert_int_equal(cleanup_log[1], 99);
	assert_int_equal(cleanup_log[2], 10);

	arena_free(NULL); /* harmless */
}

static void
test_arena_reset_reuses(void **state)
{
	struct arena *a = arena_new(1024);
	void *first, *again;

	(void)state;
	first = arena_alloc(a, 100);
	assert_non_null(first);
	/* spill into several more chunks */
	for (int i = 0; i < 50; i++)
		assert_non_null(arena_alloc(a, 500));
	assert_true(arena_used(a) >= 100 + 50 * 500);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	again = arena_alloc(a, 100);
	assert_ptr_equal(first, again);
	arena_reset(a);
	/* same again with no spill */
	assert_ptr_equal(arena_alloc(a, 8), first);
	arena_free(a);
}

/* ---- buf ---- */

static void
test_buf_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_non_null(buf_cstr(&b));
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_reset(&b);
	assert_string_equal(buf_cstr(&b), "");
	/* appending nothing still gives a terminated buffer */
	assert_int_equal(buf_append(&b, "", 0), 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_null(b.p);
	assert_string_equal(buf_cstr(&b), "");
}

static void
test_buf_append_growth(void **state)
{
	struct buf b;
	char piece[37];
	size_t total = 0;

	(void)state;
	buf_init(&b);
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(piece, sizeof(piece), "%04d:", i);

		assert_int_equal(buf_append(&b, piece, (size_t)n), 0);
		total += (size_t)n;
		assert_int_equal(b.len, total);
		assert_true(b.cap > b.len);
		assert_int_equal(b.p[b.len], '\0');
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(piece, sizeof(piece), "%04d:", i);
		assert_memory_equal(b.p + 5 * i, piece, 5);
	}
	/* reset keeps the capacity and empties the string */
	{
		size_t cap = b.cap;

		buf_reset(&b);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.cap, cap);
		assert_string_equal(buf_cstr(&b), "");
	}
	assert_int_equal(buf_puts(&b, "x"), 0);
	assert_string_equal(buf_cstr(&b), "x");
	/* embedded NUL counts in len */
	assert_int_equal(buf_append(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.p, "xa\0b", 5);
	/* impossible reservation fails and leaves the buffer intact */
	assert_int_equal(buf_reserve(&b, SIZE_MAX), -1);
	assert_int_equal(buf_append(&b, "y", SIZE_MAX - 2), -1);
	assert_int_equal(b.len, 4);
	buf_free(&b);
}

static void
test_buf_printf(void **state)
{
	struct buf b;
	char expect[2048];

	(void)state;
	buf_init(&b);
	assert_int_equal(buf_printf(&b, "%s=%d", "n", 5), 0);
	assert_string_equal(buf_cstr(&b), "n=5");
	assert_int_equal(b.len, 3);
	/* force growth past the initial 256 bytes several times */
	assert_int_equal(buf_printf(&b, ";%01500d", 1), 0);
	assert_int_equal(b.len, 3 + 1 + 1500);
	memcpy(expect, "n=5;", 4);
	memset(expect + 4, '0', 1499);
	expect[4 + 1499] = '1';
	expect[4 + 1500] = '\0';
	assert_string_equal(buf_cstr(&b), expect);
	assert_int_equal(strlen(buf_cstr(&b)), b.len);
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(b.len, 1504);
	buf_free(&b);
}

/* ---- util ---- */

struct utf8_case {
	const char *name;
	const char *s;
	size_t n;
	int ok;
};

#define U8(name, lit, ok)                      \
	{                                      \
		name, lit, sizeof(lit) - 1, ok \
	}

static void
test_utf8(void **state)
{
	static const struct utf8_case cases[] = {
		U8("empty", "", 1),
		U8("ascii", "Hello, world! ~", 1),
		U8("2-byte e-acute", "caf\xc3\xa9", 1),
		U8("2-byte lowest U+0080", "\xc2\x80", 1),
		U8("3-byte euro", "\xe2\x82\xac", 1),
		U8("3-byte lowest U+0800", "\xe0\xa0\x80", 1),
		U8("3-byte U+FFFF", "\xef\xbf\xbf", 1),
		U8("3-byte before surrogates U+D7FF", "\xed\x9f\xbf", 1),
		U8("3-byte after surrogates U+E000", "\xee\x80\x80", 1),
		U8("4-byte emoji", "\xf0\x9f\x98\x80", 1),
		U8("4-byte U+10FFFF", "\xf4\x8f\xbf\xbf", 1),
		U8("mixed", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 1),
		U8("overlong C0 80", "\xc0\x80", 0),
		U8("overlong C1 BF", "\xc1\xbf", 0),
		U8("overlong 3-byte E0 80 80", "\xe0\x80\x80", 0),
		U8("overlong 3-byte E0 9F BF", "\xe0\x9f\xbf", 0),
		U8("overlong 4-byte F0 8F BF BF", "\xf0\x8f\xbf\xbf", 0),
		U8("surrogate ED A0 80", "\xed\xa0\x80", 0),
		U8("surrogate ED BF BF", "\xed\xbf\xbf", 0),
		U8("above U+10FFFF F4 90 80 80", "\xf4\x90\x80\x80", 0),
		U8("F5 lead", "\xf5\x80\x80\x80", 0),
		U8("FF byte", "\xff", 0),
		U8("lone continuation", "\x80", 0),
		U8("truncated 2-byte", "\xc3", 0),
		U8("truncated 3-byte", "\xe2\x82", 0),
		U8("truncated 4-byte", "\xf0\x9f\x98", 0),
		U8("truncated at end after ascii", "abc\xe2", 0),
		U8("bad continuation", "\xc3\x28", 0),
		U8("ascii in 4-byte", "\xf0\x9f\x41\x80", 0),
		U8("embedded NUL", "a\0b", 0),
		U8("only NUL", "\0", 0),
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int got = util_utf8_valid(cases[i].s, cases[i].n);

		if (got != cases[i].ok)
			fail_msg(
			    "utf8 case '%s': got %d, want %d", cases[i].name, got, cases[i].ok);
	}
	/* the length bounds the scan: a truncated view of a valid string fails,
	 * and an invalid byte after n is not looked at */
	assert_false(util_utf8_valid("\xe2\x82\xac", 2));
	assert_true(util_utf8_valid("ab\xff", 2));
}

static int
hexnib(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void
test_uuid7(void **state)
{
	char u[UUID_STRLEN + 1], v[UUID_STRLEN + 1];
	struct timeval tv;
	uint64_t now_ms, ms = 0;

	(void)state;
	gettimeofday(&tv, NULL);
	now_ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	util_uuid7(u);
	util_uuid7(v);
	assert_int_equal(strlen(u), UUID_STRLEN);
	assert_true(util_uuid_valid(u));
	assert_string_not_equal(u, v);
	for (int i = 0; i < UUID_STRLEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(u[i], '-');
		else
			assert_true(hexnib(u[i]) >= 0); /* lowercase hex */
	}
	assert_int_equal(u[14], '7');           /* version */
	assert_non_null(strchr("89ab", u[19])); /* RFC 4122 variant */
	assert_int_equal(v[14], '7');
	assert_non_null(strchr("89ab", v[19]));
	/* the first 48 bits are the Unix time in milliseconds */
	for (int i = 0; i < 13; i++)
		if (i != 8)
			ms = ms * 16 + (uint64_t)hexnib(u[i]);
	assert_true(ms + 5000 >= now_ms && ms <= now_ms + 5000);
	/* time-ordered: a later UUID does not sort before an earlier one */
	assert_true(memcmp(u, v, 13) <= 0);
}

static void
test_uuid_valid(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "01890a5d-ac96-774b-bcce-b302099a8057", 1 },
		{ "00000000-0000-0000-0000-000000000000", 1 },
		{ "01890A5D-AC96-774B-BCCE-B302099A8057", 1 },
		{ "01890a5d-ac96-774b-bcce-b302099a805", 0 },   /* 35 */
		{ "01890a5d-ac96-774b-bcce-b302099a80577", 0 }, /* 37 */
		{ "01890a5dac96-774b-bcce-b302099a8057-", 0 },  /* dash moved */
		{ "01890a5d-ac96-774b-bcce-b302099a805g", 0 },
		{ "01890a5d ac96-774b-bcce-b302099a8057", 0 },
		{ "01890a5d-ac96-774b-bcce_b302099a8057", 0 },
		{ "{1890a5d-ac96-774b-bcce-b302099a805}", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (util_uuid_valid(cases[i].s) != cases[i].ok)
			fail_msg(
			    "uuid_valid(%s) != %d", cases[i].s ? cases[i].s : "NULL", cases[i].ok);
}

static void
test_parse_ll(void **state)
{
	static const struct {
		const char *s;
		int rc;
		long long v;
	} cases[] = {
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "-1", 0, -1 },
		{ "+5", 0, 5 },
		{ "007", 0, 7 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "9223372036854775808", -1, 0 },
		{ "-9223372036854775809", -1, 0 },
		{ "99999999999999999999999", -1, 0 },
		{ "", -1, 0 },
		{ " 1", -1, 0 },
		{ "\t1", -1, 0 },
		{ "1 ", -1, 0 },
		{ "1x", -1, 0 },
		{ "x1", -1, 0 },
		{ "0x10", -1, 0 },
		{ "1.5", -1, 0 },
		{ "-", -1, 0 },
		{ "+", -1, 0 },
		{ NULL, -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		long long v = 12345;
		int rc = util_parse_ll(cases[i].s, &v);

		if (rc != cases[i].rc)
			fail_msg("parse_ll(\"%s\") rc %d, want %d",
			    cases[i].s ? cases[i].s : "NULL", rc, cases[i].rc);
		if (rc == 0 && v != cases[i].v)
			fail_msg("parse_ll(\"%s\") = %lld, want %lld", cases[i].s, v, cases[i].v);
		if (rc != 0 && v != 12345)
			fail_msg("parse_ll(\"%s\") wrote the output on failure",
			    cases[i].s ? cases[i].s : "NULL");
	}
}

static void
test_slug_valid(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "ab", 1 },
		{ "demo", 1 },
		{ "club_2024", 1 },
		{ "a1", 1 },
		{ "abcdefghijabcdefghijabcdefghijabcdefg", 1 },  /* 37 */
		{ "abcdefghijabcdefghijabcdefghijabcdefgh", 0 }, /* 38 */
		{ "a", 0 },
		{ "", 0 },
		{ NULL, 0 },
		{ "1abc", 0 },
		{ "_abc", 0 },
		{ "Abc", 0 },
		{ "abC", 0 },
		{ "a-b", 0 },
		{ "a b", 0 },
		{ "a.b", 0 },
		{ "caf\xc3\xa9", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (util_slug_valid(cases[i].s) != cases[i].ok)
			fail_msg(
			    "slug_valid(%s) != %d", cases[i].s ? cases[i].s : "NULL", cases[i].ok);
}

static void
test_hex_lower(void **state)
{
	static const unsigned char in[] = { 0x00, 0xff, 0x10, 0xab, 0x09, 0xc7 };
	char out[2 * sizeof(in) + 1];
	char s[] = "MiXeD-Case_123\xc3\x89";

	(void)state;
	memset(out, 'x', sizeof(out));
	util_hex(in, sizeof(in), out);
	assert_string_equal(out, "00ff10ab09c7");
	util_hex(in, 1, out);
	assert_string_equal(out, "00");
	util_hex(in, 0, out);
	assert_string_equal(out, "");
	assert_ptr_equal(util_lower(s), s);
	assert_string_equal(s, "mixed-case_123\xc3\x89"); /* non-ASCII untouched */
}

/* ---- conf ---- */

static void
clear_tailgate_env(void)
{
	for (;;) {
		char name[256];
		const char *eq;
		int found = 0;

		for (char **e = environ; e != NULL && *e != NULL; e++) {
			if (strncmp(*e, "TAILGATE_", 9) != 0 || (eq = strchr(*e, '=')) == NULL ||
			    (size_t)(eq - *e) >= sizeof(name))
				continue;
			memcpy(name, *e, (size_t)(eq - *e));
			name[eq - *e] = '\0';
			unsetenv(name);
			found = 1;
			break;
		}
		if (!found)
			return;
	}
}

static void
test_conf_defaults(void **state)
{
	(void)state;
	memset(&conf, 0x5a, sizeof(conf));
	conf_defaults();
	assert_string_equal(conf.root, ".");
	assert_string_equal(conf.socket, "var/run/app/tailgate.sock");
	assert_string_equal(conf.socket_group, "");
	assert_int_equal(conf.workers, 0);
	assert_string_equal(conf.db_url, "host=var/run/pg dbname=tailgate user=tailgate_app");
	assert_string_equal(
	    conf.db_admin_url, "host=var/run/pg dbname=tailgate user=tailgate_admin");
	assert_string_equal(conf.log_level, "info");
	assert_int_equal(conf.body_max, 1048576);
	assert_int_equal(conf.fields_max, 200);
	assert_int_equal(conf.field_len_max, 65536);
	assert_int_equal(conf.session_idle, 43200);
	assert_int_equal(conf.session_absolute, 2592000);
	assert_int_equal(conf.cookie_secure, 1);
	assert_int_equal(conf.pwhash_ops, 2);
	assert_int_equal(conf.pwhash_mem, 67108864);
	assert_int_equal(conf.pwhash_concurrency, 1);
	assert_string_equal(conf.common_passwords, "/usr/share/john/password.lst");
	assert_int_equal(conf.login_user_limit, 5);
	assert_int_equal(conf.login_ip_limit, 30);
	assert_string_equal(conf.live_publish, "var/run/nchan/nchan.sock");
	assert_string_equal(conf.user, "tailgate");
	assert_int_equal(conf.job_max_attempts, 8);
}

static void
test_conf_set(void **state)
{
	static const struct {
		const char *key, *val;
		int rc;
	} cases[] = {
		{ "workers", "4", 0 },
		{ "workers", "2147483647", 0 },
		{ "workers", "2147483648", -1 },
		{ "workers", "-1", -1 },
		{ "workers", "abc", -1 },
		{ "workers", "", -1 },
		{ "workers", " 3", -1 },
		{ "workers", "3 ", -1 },
		{ "http.body_max", "5000000000", 0 },
		{ "http.body_max", "-5", -1 },
		{ "http.body_max", "1k", -1 },
		{ "session.cookie_secure", "0", 0 },
		{ "session.cookie_secure", "1", 0 },
		{ "session.cookie_secure", "true", 0 },
		{ "session.cookie_secure", "false", 0 },
		{ "session.cookie_secure", "yes", 0 },
		{ "session.cookie_secure", "no", 0 },
		{ "session.cookie_secure", "on", 0 },
		{ "session.cookie_secure", "off", 0 },
		{ "session.cookie_secure", "maybe", -1 },
		{ "session.cookie_secure", "2", -1 },
		{ "session.cookie_secure", "", -1 },
		{ "log.level", "debug", 0 },
		{ "log.level", "0123456789abcdef", -1 }, /* 16 chars: no room for NUL */
		{ "log.level", "0123456789abcde", 0 },
		{ "socket_group", "", 0 },
		{ "nope", "1", -1 },
		{ "", "1", -1 },
		{ "Workers", "1", -1 },
		{ "db_url", "x", -1 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int rc;

		conf_defaults();
		rc = conf_set(cases[i].key, cases[i].val);
		if (rc != cases[i].rc)
			fail_msg("conf_set(%s, %s) = %d, want %d", cases[i].key, cases[i].val, rc,
			    cases[i].rc);
	}

	/* the values land in the struct, and a refused value changes nothing */
	conf_defaults();
	assert_int_equal(conf_set("workers", "4"), 0);
	assert_int_equal(conf.workers, 4);
	assert_int_equal(conf_set("workers", "-1"), -1);
	assert_int_equal(conf.workers, 4);
	assert_int_equal(conf_set("http.body_max", "5000000000"), 0);
	assert_int_equal(conf.body_max, 5000000000L);
	assert_int_equal(conf_set("session.cookie_secure", "off"), 0);
	assert_int_equal(conf.cookie_secure, 0);
	assert_int_equal(conf_set("session.cookie_secure", "yes"), 0);
	assert_int_equal(conf.cookie_secure, 1);
	assert_int_equal(conf_set("session.cookie_secure", "maybe"), -1);
	assert_int_equal(conf.cookie_secure, 1);
	assert_int_equal(conf_set("log.level", "debug"), 0);
	assert_string_equal(conf.log_level, "debug");
	assert_int_equal(conf_set("log.level", "0123456789abcdef"), -1);
	assert_string_equal(conf.log_level, "debug");
	assert_int_equal(conf_set("db.url", "host=/tmp dbname=x"), 0);
	assert_string_equal(conf.db_url, "host=/tmp dbname=x");
	conf_defaults();
}

static void
test_conf_mask_conninfo(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "host=/x password=s3cret", "host=/x password=***" },
		{ "password=s3cret host=/x", "password=*** host=/x" },
		{ "host=/x password=s3cret dbname=d user=u",
		    "host=/x password=*** dbname=d user=u" },
		{ "host=/x\tpassword=a dbname=d", "host=/x\tpassword=*** dbname=d" },
		/* libpq skips blanks after '=', so the password here is "dbname=d" */
		{ "host=/x password= dbname=d", "host=/x password=***" },
		{ "host=/x password = s3cret", "host=/x password=***" },
		{ "host=/x password='s3 cret' user=u", "host=/x password=*** user=u" },
		{ "host=/x password=s3\\ cret user=u", "host=/x password=*** user=u" },
		{ "postgresql://u:s3cret@localhost/db", "postgresql://u:***@localhost/db" },
		{ "postgresql://u@h/db?password=abc&sslmode=x",
		    "postgresql://u@h/db?password=***&sslmode=x" },
		{ "postgres://u:p%40ss@h:5432/db", "postgres://u:***@h:5432/db" },
		{ "postgresql://h/db?sslmode=x&password=s3cret",
		    "postgresql://h/db?sslmode=x&password=***" },
		/* "://" inside key/value text does not make it a URI (found by fuzzing) */
		{ "password=&s3cret://", "password=***" },
		{ "host=db password = 'hunter2' application_name=a://b",
		    "host=db password=*** application_name=a://b" },
		{ "host=db password=abc&defgh options=x://y",
		    "host=db password=*** options=x://y" },
		{ "password=a password=b", "password=*** password=***" },
		{ "host=/x dbname=tailgate", "host=/x dbname=tailgate" },
		{ "host=/x mypassword=zz", "host=/x mypassword=zz" },
		{ "", "" },
	};
	char out[256], small[12];

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		conf_mask_conninfo(cases[i].in, out, sizeof(out));
		if (strcmp(out, cases[i].out) != 0)
			fail_msg(
			    "mask(\"%s\") = \"%s\", want \"%s\"", cases[i].in, out, cases[i].out);
	}
	/* a small output buffer truncates, terminates, and still hides the secret */
	memset(small, 'x', sizeof(small));
	conf_mask_conninfo("password=s3cret host=/x", small, sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_string_equal(small, "password=**");
	conf_mask_conninfo("host=/x password=s3cret", small, sizeof(small));
	assert_null(strstr(small, "s3"));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

static void
test_conf_dump_hides_password(void **state)
{
	struct buf b;
	const char *s;

	(void)state;
	conf_defaults();
	assert_int_equal(conf_set("db.url", "host=/x password=s3cret"), 0);
	assert_int_equal(conf_set("db.admin_url", "password=t0psecret host=/y"), 0);
	buf_init(&b);
	conf_dump(&b);
	s = buf_cstr(&b);
	assert_null(strstr(s, "s3cret"));
	assert_null(strstr(s, "t0psecret"));
	assert_non_null(strstr(s, "db.url = host=/x password=***\n"));
	assert_non_null(strstr(s, "db.admin_url = password=*** host=/y\n"));
	/* the rest of the configuration is there, one key per line */
	assert_non_null(strstr(s, "root = .\n"));
	assert_non_null(strstr(s, "workers = 0\n"));
	assert_non_null(strstr(s, "http.body_max = 1048576\n"));
	assert_non_null(strstr(s, "session.cookie_secure = 1\n"));
	assert_non_null(strstr(s, "jobs.max_attempts = 8\n"));
	buf_free(&b);
	conf_defaults();
}

static void
dump_to(struct buf *b)
{
	buf_init(b);
	conf_dump(b);
}

static void
test_conf_load_shipped_file(void **state)
{
	struct buf before, after;

	(void)state;
	clear_tailgate_env();
	conf_defaults();
	dump_to(&before);
	/* dirty the configuration first: conf_load must start from the defaults */
	assert_int_equal(conf_set("workers", "9"), 0);
	assert_int_equal(conf_load("scripts/tailgate.conf"), 0);
	dump_to(&after);
	assert_true(before.len > 0);
	assert_string_equal(buf_cstr(&before), buf_cstr(&after));
	buf_free(&before);
	buf_free(&after);
	conf_defaults();
}

static void
test_conf_load_errors_and_env(void **state)
{
	char path[] = "/tmp/tg_conf_XXXXXX";
	int fd;
	FILE *f;

	(void)state;
	clear_tailgate_env();
	conf_defaults();
	conf.workers = 9;
	assert_int_equal(conf_load("/nonexistent/tailgate.conf"), -1);
	assert_int_equal(conf.workers, 9); /* a failed load changes nothing */
	conf_defaults();

	/* a file with good and bad lines: -1, and none of it is applied (all or
	 * nothing, so a bad reload never leaves a half-read configuration) */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("# comment\n\n  workers =  3  \nbogus.key = 1\njust words\n"
	      "http.fields_max = lots\nlog.level=warn\n",
	    f);
	fclose(f);
	assert_int_equal(conf_load(path), -1);
	assert_int_equal(conf.workers, 0);
	assert_string_equal(conf.log_level, "info");
	assert_int_equal(conf.fields_max, 200);

	/* a clean file */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("workers = 2\ndb.url = host=/z password=abc\n", f);
	fclose(f);
	assert_int_equal(conf_load(path), 0);
	assert_int_equal(conf.workers, 2);
	assert_string_equal(conf.db_url, "host=/z password=abc");

	/* environment overrides the file; dots become underscores */
	setenv("TAILGATE_WORKERS", "6", 1);
	setenv("TAILGATE_HTTP_FIELDS_MAX", "7", 1);
	assert_int_equal(conf_load(path), 0);
	assert_int_equal(conf.workers, 6);
	assert_int_equal(conf.fields_max, 7);
	setenv("TAILGATE_HTTP_FIELDS_MAX", "seven", 1);
	assert_int_equal(conf_load(NULL), -1);
	assert_int_equal(conf.fields_max, 7); /* the previous configuration stays */
	assert_int_equal(conf.workers, 6);
	unsetenv("TAILGATE_WORKERS");
	unsetenv("TAILGATE_HTTP_FIELDS_MAX");
	assert_int_equal(conf_load(NULL), 0);
	assert_int_equal(conf.workers, 0);
	unlink(path);
	conf_defaults();
}

/* The result vocabulary: each code's status, the status a lower layer still
 * returns mapped back, and the default words used when a result gives none. */
static void
test_tg_status_and_defaults(void **state)
{
	static const struct {
		enum tg_code c;
		int status;
		const char *reason;
	} cases[] = {
		{ TG_OK, 200, "ok" },
		{ TG_BAD_REQUEST, 400, "bad_request" },
		{ TG_UNAUTHENTICATED, 401, "unauthorized" },
		{ TG_FORBIDDEN, 403, "forbidden" },
		{ TG_NOT_FOUND, 404, "not_found" },
		{ TG_CONFLICT, 409, "conflict" },
		{ TG_INVALID, 422, "validation_failed" },
		{ TG_LIMITED, 429, "too_many_requests" },
		{ TG_UNAVAILABLE, 503, "unavailable" },
		{ TG_INTERNAL, 500, "internal_error" },
	};
	struct tg_err e;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		e = TG_ERR(cases[i].c, NULL, NULL);
		assert_int_equal(tg_status(cases[i].c), cases[i].status);
		assert_int_equal(tg_code_of_status(cases[i].status), cases[i].c);
		assert_string_equal(tg_reason(&e), cases[i].reason);
		assert_non_null(tg_message(&e));
		assert_int_equal(
		    tg_is_refusal(&e), cases[i].status >= 400 && cases[i].status < 500);
	}
	assert_int_equal(tg_status((enum tg_code)999), 500);
	assert_int_equal(tg_code_of_status(418), TG_INTERNAL);
	assert_int_equal(tg_code_of_status(201), TG_OK);
	/* a result's own words win over the defaults */
	e = TG_ERR(TG_CONFLICT, "already_copying", "You already copy this member.");
	assert_string_equal(tg_reason(&e), "already_copying");
	assert_string_equal(tg_message(&e), "You already copy this member.");
	e = TG_FIELD_ERR("stake", "must be positive");
	assert_int_equal(tg_status(e.code), 422);
	assert_string_equal(tg_reason(&e), "validation_failed");
	assert_string_equal(e.field, "stake");
	assert_null(e.fields);
}

static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	log_init("test_core", LOG_ERROR);
	conf_defaults();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_zero_size_distinct),
		cmocka_unit_test(test_arena_many_chunks),
		cmocka_unit_test(test_arena_big_alloc),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_calloc),
		cmocka_unit_test(test_arena_cleanups),
		cmocka_unit_test(test_arena_reset_reuses),
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_append_growth),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_uuid7),
		cmocka_unit_test(test_uuid_valid),
		cmocka_unit_test(test_parse_ll),
		cmocka_unit_test(test_slug_valid),
		cmocka_unit_test(test_hex_lower),
		cmocka_unit_test(test_conf_defaults),
		cmocka_unit_test(test_conf_set),
		cmocka_unit_test(test_conf_mask_conninfo),
		cmocka_unit_test(test_conf_dump_hides_password),
		cmocka_unit_test(test_conf_load_shipped_file),
		cmocka_unit_test(test_conf_load_errors_and_env),
		cmocka_unit_test(test_tg_status_and_defaults),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
