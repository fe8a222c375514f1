/* Tokens and roles: small pure pieces. */
#include "auth.h"

#include <string.h>

#include <sodium.h>

const char *const auth_role_names[] = { "user", "moderator", "reviewer", "admin", NULL };

int
auth_role_parse(const char *s)
{
	for (int i = 0; auth_role_names[i] != NULL; i++)
		if (s != NULL && strcmp(s, auth_role_names[i]) == 0)
			return i + 1;
	return AUTH_ROLE_NONE;
}

const char *
auth_role_name(int r)
{
	return r >= AUTH_ROLE_USER && r <= AUTH_ROLE_ADMIN ? auth_role_names[r - 1] : "none";
}

int
auth_role_allows(int have, int platform_admin, int need)
{
	if (need == AUTH_ROLE_NONE || platform_admin || have == AUTH_ROLE_ADMIN)
		return 1;
	if (need == AUTH_ROLE_USER)
		return have >= AUTH_ROLE_USER;
	return have == need;
}

const char *
auth_role_with_article(const char *role)
{
	/* by sound, not spelling: "a user", "an admin" */
	static const char *const with[] = { "a user", "a moderator", "a reviewer", "an admin" };
	int r = auth_role_parse(role);

	return r >= AUTH_ROLE_USER && r <= AUTH_ROLE_ADMIN ? with[r - 1] : "a member";
}

int
auth_role_change_allowed(int actor_platform_admin, int self, int target_platform_admin)
{
	if (self)
		return 0;
	/* a brand's admins answer to the platform's, not the other way round */
	return !target_platform_admin || actor_platform_admin;
}

static void
hash_bytes(const unsigned char *raw, size_t n, char hash[AUTH_HASH_HEX + 1])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, n, NULL, 0);
	sodium_bin2hex(hash, AUTH_HASH_HEX + 1, h, sizeof(h));
}

void
auth_token_new(char token[AUTH_TOKEN_LEN + 1], char hash[AUTH_HASH_HEX + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(
	    token, AUTH_TOKEN_LEN + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	hash_bytes(raw, sizeof(raw), hash);
	sodium_memzero(raw, sizeof(raw));
}

int
auth_token_hash(const char *token, char hash[AUTH_HASH_HEX + 1])
{
	unsigned char raw[32];
	size_t n = 0;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return -1;
	/* Strict alphabet first: some libsodium versions decode bytes >= 0x80 as '_'. */
	for (const char *p = token; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return -1;
	if (sodium_base642bin(raw, sizeof(raw), token, AUTH_TOKEN_LEN, NULL, &n, NULL,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(raw))
		return -1;
	hash_bytes(raw, n, hash);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

int
auth_ct_equal(const char *a, const char *b)
{
	size_t n;

	if (a == NULL || b == NULL || (n = strlen(a)) != strlen(b) || n == 0)
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

long
auth_throttle_backoff(int failures, int limit)
{
	long s;

	if (failures < limit)
		return 0;
	if (failures - limit >= 10)
		return 900;
	s = 1L << (failures - limit); /* 1, 2, 4, ... seconds */
	return s > 900 ? 900 : s;
}
