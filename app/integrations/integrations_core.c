/* The pure parts of integrations: retry policy, URL building, log masking,
 * webhook signatures. No I/O (tests/unit/test_integrations.c). */
#include "integrations.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#define BACKOFF_BASE_MS 500L
#define BACKOFF_CAP_MS 5000L

int
integrations_should_retry(int status, const char *should_retry)
{
	if (should_retry != NULL && strcmp(should_retry, "true") == 0)
		return 1;
	if (should_retry != NULL && strcmp(should_retry, "false") == 0)
		return 0;
	return status == 0 || status == 409 || status == 429 || status >= 500;
}

long
integrations_backoff_ms(int n, uint32_t rnd, long retry_after_ms)
{
	long d = BACKOFF_BASE_MS;

	if (retry_after_ms > 0)
		return retry_after_ms < BACKOFF_CAP_MS ? retry_after_ms : BACKOFF_CAP_MS;
	for (int i = 1; i < n && d < BACKOFF_CAP_MS; i++)
		d *= 2;
	if (d > BACKOFF_CAP_MS)
		d = BACKOFF_CAP_MS;
	return d / 2 + (long)(rnd % (uint32_t)(d / 2 + 1));
}

char *
integrations_url(struct arena *a, const char *base, const char *path, const char *query)
{
	size_t bl;
	const char *host;

	if (base == NULL || path == NULL || path[0] != '/')
		return NULL;
	if (strncmp(base, "https://", 8) == 0)
		host = base + 8;
	else if (strncmp(base, "http://", 7) == 0)
		host = base + 7;
	else
		return NULL;
	if (*host == '\0' || *host == '/' || strpbrk(base, " \t\r\n?#@") != NULL)
		return NULL;
	for (const char *c = path; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f || *c == '#' || *c == '?')
			return NULL;
	bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s%s%s%s", (int)bl, base, path, query && *query ? "?" : "",
	    query && *query ? query : "");
}

static int
name_is_secret(const char *name, size_t n)
{
	static const char *const words[] = { "key", "secret", "token", "signature", "password" };
	char low[64];

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	if (strcmp(low, "authorization") == 0 || strcmp(low, "cookie") == 0 ||
	    strcmp(low, "proxy-authorization") == 0)
		return 1;
	for (size_t i = 0; i < TG_NELEM(words); i++)
		if (strstr(low, words[i]) != NULL)
			return 1;
	return 0;
}

void
integrations_mask_header(const char *line, char *out, size_t outsz)
{
	const char *colon = strchr(line, ':'), *v;
	char masked[64];
	size_t scheme = 0;

	if (outsz == 0)
		return;
	if (colon == NULL || !name_is_secret(line, (size_t)(colon - line))) {
		snprintf(out, outsz, "%s", line);
		return;
	}
	v = colon + 1;
	while (*v == ' ')
		v++;
	/* "Bearer sk_..." / "Basic ...": keep the scheme word */
	if (strncasecmp(v, "Bearer ", 7) == 0)
		scheme = 7;
	else if (strncasecmp(v, "Basic ", 6) == 0)
		scheme = 6;
	conf_mask_secret(scheme == 6 ? "" : v + scheme, masked, sizeof(masked));
	snprintf(out, outsz, "%.*s%.*s%s", (int)(v - line), line, (int)scheme, v,
	    scheme == 6 ? "***" : masked);
}

/* ---- webhook signatures ---- */

static void
hmac_sha256(const unsigned char *key, size_t klen, const char *const *parts, const size_t *lens,
    size_t nparts, unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, klen);
	for (size_t i = 0; i < nparts; i++)
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)parts[i], lens[i]);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof(st));
}

static int
timestamp_ok(const char *ts, int64_t now, const char **why)
{
	long long t;

	if (ts == NULL || util_parse_ll(ts, &t) != 0 || t <= 0) {
		*why = "the signature's timestamp is missing or malformed";
		return 0;
	}
	if (t < now - INTEG_WEBHOOK_TOLERANCE || t > now + INTEG_WEBHOOK_TOLERANCE) {
		*why = "the signature's timestamp is outside the tolerance";
		return 0;
	}
	return 1;
}

int
integrations_verify_stripe(const char *secret, const char *header, const char *body, size_t len,
    int64_t now, const char **why)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[24] = "", hex[2 * crypto_auth_hmacsha256_BYTES + 1];
	const char *p = header;
	int nsig = 0, ok = 0;

	*why = "the signature does not match";
	if (secret == NULL || *secret == '\0') {
		*why = "no webhook secret is configured";
		return -1;
	}
	if (header == NULL || *header == '\0') {
		*why = "the Stripe-Signature header is missing";
		return -1;
	}
	/* t first: every v1 is checked against it */
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n > 2 && strncmp(p, "t=", 2) == 0 && n - 2 < sizeof(ts))
			snprintf(ts, sizeof(ts), "%.*s", (int)(n - 2), p + 2);
		p += n + (p[n] == ',');
	}
	if (!timestamp_ok(ts, now, why))
		return -1;
	{
		const char *parts[] = { ts, ".", body ? body : "" };
		size_t lens[] = { strlen(ts), 1, body ? len : 0 };

		hmac_sha256((const unsigned char *)secret, strlen(secret), parts, lens, 3, mac);
	}
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	for (p = header; *p;) {
		size_t n = strcspn(p, ",");

		if (n > 3 && strncmp(p, "v1=", 3) == 0) {
			nsig++;
			/* constant time over equal lengths; a length differs publicly */
			if (n - 3 == sizeof(hex) - 1 &&
			    sodium_memcmp(p + 3, hex, sizeof(hex) - 1) == 0)
				ok = 1;
		}
		p += n + (p[n] == ',');
	}
	sodium_memzero(mac, sizeof(mac));
	if (nsig == 0)
		*why = "the Stripe-Signature header has no v1 signature";
	return ok ? 0 : -1;
}

int
integrations_verify_standard(const char *secret, const char *id, const char *timestamp,
    const char *signatures, const char *body, size_t len, int64_t now, const char **why)
{
	unsigned char key[128], mac[crypto_auth_hmacsha256_BYTES], got[64];
	size_t klen = 0;
	const char *p, *end;
	int ok = 0, nsig = 0;

	*why = "the signature does not match";
	if (secret == NULL || strncmp(secret, "whsec_", 6) != 0 ||
	    sodium_base642bin(key, sizeof(key), secret + 6, strlen(secret + 6), NULL, &klen, &end,
	        sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    *end != '\0' || klen == 0) {
		*why = "no usable webhook secret is configured (whsec_ and base64)";
		return -1;
	}
	if (id == NULL || *id == '\0' || strchr(id, '.') != NULL || signatures == NULL) {
		*why = "the webhook-id or webhook-signature header is missing";
		sodium_memzero(key, sizeof(key));
		return -1;
	}
	if (!timestamp_ok(timestamp, now, why) || strchr(timestamp, '.') != NULL) {
		sodium_memzero(key, sizeof(key));
		return -1;
	}
	{
		const char *parts[] = { id, ".", timestamp, ".", body ? body : "" };
		size_t lens[] = { strlen(id), 1, strlen(timestamp), 1, body ? len : 0 };

		hmac_sha256(key, klen, parts, lens, 5, mac);
	}
	sodium_memzero(key, sizeof(key));
	/* "v1,<b64> v1,<b64> v1a,<...>": only v1 counts */
	for (p = signatures; *p;) {
		size_t n = strcspn(p, " "), glen = 0;

		if (n > 3 && strncmp(p, "v1,", 3) == 0) {
			nsig++;
			if (sodium_base642bin(got, sizeof(got), p + 3, n - 3, NULL, &glen, &end,
			        sodium_base64_VARIANT_ORIGINAL) == 0 &&
			    end == p + n && glen == sizeof(mac) &&
			    sodium_memcmp(got, mac, sizeof(mac)) == 0)
				ok = 1;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	sodium_memzero(mac, sizeof(mac));
	if (nsig == 0)
		*why = "the webhook-signature header has no v1 signature";
	return ok ? 0 : -1;
}
