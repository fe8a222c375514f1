/*
 * Unit tests for app/auth's pure parts: tokens, roles, username/email rules,
 * the password policy, Argon2id hashing under the slot lock, throttle backoff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "auth/auth.h"
#include "core/core.h"

static char tmpdir[] = "/tmp/tg_auth_XXXXXX";
static char common_path[256];

/* ---- tokens ---- */

static int
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

static int
is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
test_token_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < 50; i++) {
		char tok[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX + 1], again[AUTH_HASH_HEX + 1];
		char tok2[AUTH_TOKEN_LEN + 1], hash2[AUTH_HASH_HEX + 1];

		auth_token_new(tok, hash);
		assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
		assert_int_equal(AUTH_TOKEN_LEN, 43);
		for (size_t k = 0; k < AUTH_TOKEN_LEN; k++)
			assert_true(is_b64url(tok[k]));
		assert_true(is_lower_hex(hash, AUTH_HASH_HEX));
		assert_int_equal(auth_token_hash(tok, again), 0);
		assert_string_equal(again, hash);
		/* fresh tokens differ, and so do their hashes */
		auth_token_new(tok2, hash2);
		assert_string_not_equal(tok, tok2);
		assert_string_not_equal(hash, hash2);
	}
}

static void
test_token_hash_is_blake2b_of_bytes(void **state)
{
	const char *zero = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	unsigned char raw[32] = { 0 }, h[32];
	char want[AUTH_HASH_HEX + 1], got[AUTH_HASH_HEX + 1], other[AUTH_HASH_HEX + 1];

	(void)state;
	crypto_generichash(h, sizeof(h), raw, sizeof(raw), NULL, 0);
	sodium_bin2hex(want, sizeof(want), h, sizeof(h));
	assert_int_equal(auth_token_hash(zero, got), 0);
	assert_string_equal(got, want);
	/* one character different: a different hash */
	assert_int_equal(auth_token_hash("BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", other), 0);
	assert_string_not_equal(got, other);
}

static void
test_token_malformed(void **state)
{
	static const char *const bad[] = {
		NULL,
		"",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   /* 42 */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* 44 */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", /* padded */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  /* 43 with '=' */
		"AAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAAA",  /* standard alphabet */
		"AAAAAAAAAAAAAAAAAAAA/AAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAAA",
		/* bytes >= 0x80 (libsodium 1.0.18 would decode them as '_') */
		"AAAAAAAAAAAAAAAAAAAA\xc3\xa9"
		"AAAAAAAAAAAAAAAAAAAAA",
		/* the last character carries 2 unused bits that must be zero */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_",
	};
	char hash[AUTH_HASH_HEX + 1];

	(void)state;
	for (size_t i = 0; i < TG_NELEM(bad); i++) {
		strcpy(hash, "untouched");
		if (auth_token_hash(bad[i], hash) != -1)
			fail_msg("token %zu (\"%s\") accepted", i, bad[i] ? bad[i] : "NULL");
	}
	/* 'E' sets only used bits: well formed */
	assert_int_equal(auth_token_hash("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE", hash), 0);
	assert_int_equal(auth_token_hash("-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_w", hash), 0);
}

static void
test_ct_equal(void **state)
{
	static const struct {
		const char *a, *b;
		int eq;
	} cases[] = {
		{ "abc", "abc", 1 },
		{ "abc", "abd", 0 },
		{ "abc", "Abc", 0 },
		{ "abc", "abcd", 0 },
		{ "abcd", "abc", 0 },
		{ "", "", 0 },
		{ "", "a", 0 },
		{ NULL, "a", 0 },
		{ "a", NULL, 0 },
		{ NULL, NULL, 0 },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 1 },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (auth_ct_equal(cases[i].a, cases[i].b) != cases[i].eq)
			fail_msg("ct_equal(%s, %s) != %d", cases[i].a ? cases[i].a : "NULL",
			    cases[i].b ? cases[i].b : "NULL", cases[i].eq);
}

/* ---- roles ---- */

static void
test_role_parse_name(void **state)
{
	static const struct {
		const char *s;
		int r;
	} cases[] = {
		{ "user", AUTH_ROLE_USER },
		{ "moderator", AUTH_ROLE_MODERATOR },
		{ "reviewer", AUTH_ROLE_REVIEWER },
		{ "admin", AUTH_ROLE_ADMIN },
		{ "Admin", AUTH_ROLE_NONE },
		{ "admin ", AUTH_ROLE_NONE },
		{ "none", AUTH_ROLE_NONE },
		{ "root", AUTH_ROLE_NONE },
		{ "", AUTH_ROLE_NONE },
		{ NULL, AUTH_ROLE_NONE },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int r = auth_role_parse(cases[i].s);

		assert_int_equal(r, cases[i].r);
		if (r != AUTH_ROLE_NONE)
			assert_string_equal(auth_role_name(r), cases[i].s);
	}
	assert_string_equal(auth_role_name(AUTH_ROLE_NONE), "none");
	assert_string_equal(auth_role_name(-1), "none");
	assert_string_equal(auth_role_name(5), "none");
	assert_string_equal(auth_role_name(1000), "none");
	/* the names list is what validation uses: four names, NULL-terminated */
	assert_string_equal(auth_role_names[0], "user");
	assert_string_equal(auth_role_names[3], "admin");
	assert_null(auth_role_names[4]);
}

static void
test_role_allows(void **state)
{
	/* want[have][need] for a non-platform admin */
	static const int want[5][5] = {
		/*            NONE USER MOD REV ADMIN  (need) */
		/* NONE */ { 1, 0, 0, 0, 0 },
		/* USER */ { 1, 1, 0, 0, 0 },
		/* MOD  */ { 1, 1, 1, 0, 0 },
		/* REV  */ { 1, 1, 0, 1, 0 },
		/* ADMIN */ { 1, 1, 1, 1, 1 },
	};

	(void)state;
	for (int have = 0; have < 5; have++)
		for (int need = 0; need < 5; need++) {
			if (auth_role_allows(have, 0, need) != want[have][need])
				fail_msg("allows(have %s, need %s) != %d", auth_role_name(have),
				    auth_role_name(need), want[have][need]);
			/* a platform admin passes everything, whatever the brand role */
			if (auth_role_allows(have, 1, need) != 1)
				fail_msg("platform admin with %s refused %s", auth_role_name(have),
				    auth_role_name(need));
		}
}

static void
test_role_sentences(void **state)
{
	(void)state;
	/* the article goes by sound: "a user" (not "an user"), "an admin" */
	assert_string_equal(auth_role_with_article("user"), "a user");
	assert_string_equal(auth_role_with_article("moderator"), "a moderator");
	assert_string_equal(auth_role_with_article("reviewer"), "a reviewer");
	assert_string_equal(auth_role_with_article("admin"), "an admin");
	assert_string_equal(auth_role_with_article("overlord"), "a member");
	assert_string_equal(auth_role_with_article(NULL), "a member");
}

static void
test_role_change_allowed(void **state)
{
	(void)state;
	/* (actor is platform admin, self, target is platform admin) */
	assert_true(auth_role_change_allowed(0, 0, 0));
	assert_false(auth_role_change_allowed(0, 0, 1)); /* brand admin -> platform admin */
	assert_true(auth_role_change_allowed(1, 0, 1));
	assert_true(auth_role_change_allowed(1, 0, 0));
	assert_false(auth_role_change_allowed(0, 1, 0)); /* never one's own */
	assert_false(auth_role_change_allowed(1, 1, 1));
}

/* ---- usernames and emails ---- */

static void
test_username_check(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "bob", 1 },
		{ "bob_smith_2", 1 },
		{ "Bob_1", 1 },
		{ "___", 1 },
		{ "abcdefghijabcdefghijabcdefghij", 1 },  /* 30 */
		{ "abcdefghijabcdefghijabcdefghijk", 0 }, /* 31 */
		{ "ab", 0 },
		{ "", 0 },
		{ "bob smith", 0 },
		{ "bob-smith", 0 },
		{ "bob.smith", 0 },
		{ "bob@x", 0 },
		{ "b\xc3\xb8"
		  "b",
		    0 },
		{ "bob\n", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const char *why = auth_username_check(cases[i].s);

		if ((why == NULL) != cases[i].ok)
			fail_msg("username \"%s\": %s", cases[i].s, why ? why : "accepted");
	}
}

static void
test_email_check(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "a@b.co", 1 },
		{ "first.last+tag@sub.example.org", 1 },
		{ "x@localhost.localdomain", 1 },
		{ "a@b", 0 },
		{ "@b.co", 0 },
		{ "a@", 0 },
		{ "ab.co", 0 },
		{ "a@@b.co", 0 },
		{ "a@b@c.co", 0 },
		{ "a@.co", 0 },
		{ "a@b.", 0 },
		{ "a.b@c", 0 },
		{ "a b@c.co", 0 },
		{ "a@c.co ", 0 },
		{ "a\t@c.co", 0 },
		{ "a<b@c.co", 0 },
		{ "a>b@c.co", 0 },
		{ "\"a\"@c.co", 0 },
		{ "a,b@c.co", 0 },
		{ "", 0 },
	};
	char longmail[300];

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const char *why = auth_email_check(cases[i].s);

		if ((why == NULL) != cases[i].ok)
			fail_msg("email \"%s\": %s", cases[i].s, why ? why : "accepted");
	}
	/* 254 characters is the limit */
	memset(longmail, 'a', sizeof(longmail));
	memcpy(longmail + 254 - 6, "@b.com", 7);
	assert_int_equal(strlen(longmail), 254);
	assert_null(auth_email_check(longmail));
	memset(longmail, 'a', sizeof(longmail));
	memcpy(longmail + 255 - 6, "@b.com", 7);
	assert_string_equal(auth_email_check(longmail), "is too long");
}

/* ---- password policy ---- */

struct policy_case {
	const char *name;
	const char *pw, *user, *email;
	const char *why; /* NULL: accepted */
};

static void
test_password_policy(void **state)
{
	static const struct policy_case cases[] = {
		{ "accepted", "correct horse battery", "alice", "alice@example.com", NULL },
		{ "accepted no identity", "correct horse battery", NULL, NULL, NULL },
		{ "10 characters", "Tr0ub4dor&", NULL, NULL, NULL },
		{ "9 characters", "Tr0ub4do&", NULL, NULL, "must be at least 10 characters" },
		{ "empty", "", NULL, NULL, "must be at least 10 characters" },
		/* 9 two-byte characters are 18 bytes but still too short */
		{ "9 two-byte chars",
		    "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\xc3\xa2\xc3\xae\xc3\xaf\xc3\xb4",
		    NULL, NULL, "must be at least 10 characters" },
		{ "10 mixed two-byte chars",
		    "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\xc3\xa2\xc3\xae\xc3\xaf\xc3\xb4\xc3\xbb",
		    NULL, NULL, NULL },
		{ "monotonous", "aaaaaaaaaaaa", NULL, NULL, "is too easy to guess" },
		{ "ascending sequence", "abcdefghijkl", NULL, NULL, "is too easy to guess" },
		{ "descending sequence", "lkjihgfedcba", NULL, NULL, "is too easy to guess" },
		{ "descending digits", "9876543210", NULL, NULL, "is too easy to guess" },
		{ "digit sequence", "0123456789", NULL, NULL, "is too easy to guess" },
		{ "common with suffix", "Football2024!", NULL, NULL,
		    "is too common; choose something less predictable" },
		{ "common with digits", "password12345", NULL, NULL,
		    "is too common; choose something less predictable" },
		{ "common with prefix and suffix", "!!letmein2024", NULL, NULL,
		    "is too common; choose something less predictable" },
		{ "common upper case", "LETMEIN!!!!!", NULL, NULL,
		    "is too common; choose something less predictable" },
		{ "common word inside a phrase is fine", "my football is round", NULL, NULL, NULL },
		{ "contains username", "xxalice12345", "alice", NULL,
		    "must not contain your username" },
		{ "contains username, other case", "xxALICE12345", "alice", NULL,
		    "must not contain your username" },
		{ "short username ignored", "abzzzzzzzzzq", "ab", NULL, NULL },
		{ "contains email local part", "my bobby pass 1", "alice", "bobby@example.com",
		    "must not contain your email address" },
		{ "contains email local part, case", "MyBobbyPass99", NULL, "Bobby@Example.com",
		    "must not contain your email address" },
		{ "domain is not the local part", "example-pass-99", NULL, "bobby@example.com",
		    NULL },
		{ "short local part ignored", "bo is fine here", NULL, "bo@x.com", NULL },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		const struct policy_case *c = &cases[i];
		const char *why = auth_password_policy(c->pw, c->user, c->email);

		if ((why == NULL) != (c->why == NULL) || (why != NULL && strcmp(why, c->why) != 0))
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, why ? why : "(accepted)",
			    c->why ? c->why : "(accepted)");
	}
}

static void
test_password_policy_length(void **state)
{
	char pw[600];

	(void)state;
	/* 128 characters is the most; 129 too many */
	for (int i = 0; i < 128; i++)
		pw[i] = "Ab3$xY9!"[i % 8];
	pw[128] = '\0';
	assert_null(auth_password_policy(pw, NULL, NULL));
	pw[128] = 'q';
	pw[129] = '\0';
	assert_string_equal(auth_password_policy(pw, NULL, NULL), "must be at most 128 characters");
	/* counted in characters: 128 two-byte characters are fine, 129 are not */
	for (int i = 0; i < 128; i++)
		memcpy(pw + 2 * i, (i % 2) ? "\xc3\xa9" : "\xc3\xb1", 2);
	pw[256] = '\0';
	assert_null(auth_password_policy(pw, NULL, NULL));
	memcpy(pw + 256, "\xc3\xa9", 3);
	assert_string_equal(auth_password_policy(pw, NULL, NULL), "must be at most 128 characters");
}

static void
test_password_common(void **state)
{
	static const struct {
		const char *pw;
		int common;
	} cases[] = {
		{ "password", 1 },
		{ "PASSWORD", 1 },
		{ "Football", 1 },
		{ "123password456", 1 },
		{ "#!letmein?", 1 },
		{ "passwordx", 0 },
		{ "xpassword", 0 },
		{ "pass word", 0 },
		{ "12345", 0 },
		{ "", 0 },
		{ "!!!!", 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if (auth_password_common(cases[i].pw) != cases[i].common)
			fail_msg("common(\"%s\") != %d", cases[i].pw, cases[i].common);
}

/* ---- hashing ---- */

static void
test_password_hash_verify(void **state)
{
	char h1[128], h2[128];

	(void)state;
	assert_int_equal(auth_password_hash("correct horse battery", h1), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_int_equal(auth_password_verify(h1, "correct horse battery"), 1);
	assert_int_equal(auth_password_verify(h1, "correct horse batterY"), 0);
	assert_int_equal(auth_password_verify(h1, "correct horse battery "), 0);
	assert_int_equal(auth_password_verify(h1, ""), 0);
	/* salted: the same password hashes differently, both verify */
	assert_int_equal(auth_password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(auth_password_verify(h2, "correct horse battery"), 1);
	/* no hash, or garbage: never a match */
	assert_int_equal(auth_password_verify("", "x"), 0);
	assert_int_equal(auth_password_verify(NULL, "x"), 0);
	assert_int_equal(auth_password_verify("$argon2id$garbage", "x"), 0);
	/* unicode passwords survive */
	assert_int_equal(auth_password_hash("p\xc3\xa4ssw\xc3\xb6rd \xf0\x9f\x98\x80", h1), 0);
	assert_int_equal(auth_password_verify(h1, "p\xc3\xa4ssw\xc3\xb6rd \xf0\x9f\x98\x80"), 1);
	assert_int_equal(auth_password_verify(h1, "p\xc3\xa4ssw\xc3\xb6rd"), 0);
}

static void
test_password_needs_rehash(void **state)
{
	char h[128];
	long ops = conf.pwhash_ops, mem = conf.pwhash_mem;

	(void)state;
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	assert_false(auth_password_needs_rehash(h));
	conf.pwhash_ops = ops + 1;
	assert_true(auth_password_needs_rehash(h));
	conf.pwhash_ops = ops;
	assert_false(auth_password_needs_rehash(h));
	conf.pwhash_mem = mem * 2;
	assert_true(auth_password_needs_rehash(h));
	conf.pwhash_mem = mem;
	/* a rehash under the new parameters is current again */
	conf.pwhash_ops = ops + 1;
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	assert_false(auth_password_needs_rehash(h));
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);
	conf.pwhash_ops = ops;
	assert_true(auth_password_needs_rehash(h));
	/* something that is not an Argon2id string always needs a new hash */
	assert_true(auth_password_needs_rehash("$2y$10$abcdefghijklmnopqrstuv"));
	assert_true(auth_password_needs_rehash(""));
}

static int
hold_pool_slot(const char *pool, int i)
{
	char path[700];
	int fd;

	snprintf(path, sizeof(path), "%s/%s.%d.lock", tmpdir, pool, i);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	return fd;
}

static int
hold_slot(int i)
{
	return hold_pool_slot("pwhash", i);
}

static void
test_password_slots(void **state)
{
	char h[128];
	int fd0, fd1;
	uint64_t t0;

	(void)state;
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);

	/* one slot, held elsewhere: hashing and verifying give up with -2 (503) */
	conf.pwhash_concurrency = 1;
	fd0 = hold_slot(0);
	t0 = util_now_us();
	assert_int_equal(auth_password_hash("correct horse battery", h), -2);
	assert_true(util_now_us() - t0 >= 1000000); /* it waited its turn first */

	/* two slots: the free one is used */
	conf.pwhash_concurrency = 2;
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);

	/* both held: busy again for new hashes, but sign-in checks have slots
	 * of their own and never wait behind sign-ups */
	fd1 = hold_slot(1);
	assert_int_equal(auth_password_hash("correct horse battery", h), -2);
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);
	close(fd1);

	/* released: works, and the slot is released after each use */
	close(fd0);
	conf.pwhash_concurrency = 1;
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);
	fd0 = hold_slot(0);
	close(fd0);

	/* the sign-in pool is bounded the same way, apart from new hashes */
	conf.pwhash_signin_concurrency = 1;
	fd0 = hold_pool_slot("pwhash-signin", 0);
	assert_int_equal(auth_password_verify(h, "correct horse battery"), -2);
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	close(fd0);
	assert_int_equal(auth_password_verify(h, "correct horse battery"), 1);
}

/* ---- throttle ---- */

static void
test_throttle_backoff(void **state)
{
	static const struct {
		int failures, limit;
		long secs;
	} cases[] = {
		{ 0, 5, 0 },
		{ 4, 5, 0 },
		{ 5, 5, 1 },
		{ 6, 5, 2 },
		{ 7, 5, 4 },
		{ 8, 5, 8 },
		{ 13, 5, 256 },
		{ 14, 5, 512 },
		{ 15, 5, 900 },
		{ 16, 5, 900 },
		{ 100, 5, 900 },
		{ 2147483647, 5, 900 },
		{ 0, 0, 1 },
		{ 29, 30, 0 },
		{ 30, 30, 1 },
		{ 31, 30, 2 },
		{ -1, 5, 0 },
	};

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		long s = auth_throttle_backoff(cases[i].failures, cases[i].limit);

		if (s != cases[i].secs)
			fail_msg("backoff(%d, %d) = %ld, want %ld", cases[i].failures,
			    cases[i].limit, s, cases[i].secs);
	}
	/* doubling up to the cap, never decreasing */
	for (int f = 5; f < 40; f++) {
		long a = auth_throttle_backoff(f, 5), b = auth_throttle_backoff(f + 1, 5);

		assert_true(b >= a);
		assert_true(b == 900 || b == 2 * a);
		assert_true(b <= 900);
	}
}

/* ---- setup ---- */

static int
group_setup(void **state)
{
	FILE *f;

	(void)state;
	if (sodium_init() < 0)
		return -1;
	log_init("test_auth", LOG_ERROR);
	conf_defaults();
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(common_path, sizeof(common_path), "%s/common.txt", tmpdir);
	if ((f = fopen(common_path, "w")) == NULL)
		return -1;
	fputs("#!comment: a test list\npassword\nletmein\nFootball\n\n123456\n", f);
	fclose(f);
	/* before the first policy call: the list is read once per process */
	memcpy(conf.common_passwords, common_path, strlen(common_path) + 1);
	conf.pwhash_ops = crypto_pwhash_OPSLIMIT_MIN;
	conf.pwhash_mem = crypto_pwhash_MEMLIMIT_MIN;
	conf.pwhash_concurrency = 1;
	auth_init(tmpdir);
	return 0;
}

static int
group_teardown(void **state)
{
	char path[700];

	(void)state;
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/pwhash.%d.lock", tmpdir, i);
		unlink(path);
	}
	unlink(common_path);
	rmdir(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_round_trip),
		cmocka_unit_test(test_token_hash_is_blake2b_of_bytes),
		cmocka_unit_test(test_token_malformed),
		cmocka_unit_test(test_ct_equal),
		cmocka_unit_test(test_role_parse_name),
		cmocka_unit_test(test_role_allows),
		cmocka_unit_test(test_username_check),
		cmocka_unit_test(test_email_check),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_password_policy_length),
		cmocka_unit_test(test_password_common),
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_password_needs_rehash),
		cmocka_unit_test(test_password_slots),
		cmocka_unit_test(test_throttle_backoff),
		cmocka_unit_test(test_role_sentences),
		cmocka_unit_test(test_role_change_allowed),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
