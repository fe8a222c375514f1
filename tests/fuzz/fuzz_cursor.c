/*
 * libFuzzer driver: feed cursors (feed_cursor_encode/decode in
 * app/feed/feed_rank.c).
 *
 *   - The input (up to a NUL) as a cursor: decoding succeeds only for a
 *     27-character string that encodes back to itself (one spelling per
 *     cursor), and gives a lower-case hyphenated snapshot id.
 *   - The input as a snapshot id: encoding succeeds exactly for the UUID
 *     layout (8-4-4-4-12 hex digits, either case), and decoding the cursor
 *     gives the id lower-cased and the offset back.
 *   - The first 20 bytes as an id and an offset: encode -> decode round trip.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "feed/feed.h"

#include "fuzz.h"

static int
uuid_layout(const char *s, int lower_only)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) ||
		    (lower_only && isupper((unsigned char)s[i])))
			return 0;
	}
	return 1;
}

static void
round_trip(const char *id, uint32_t off)
{
	char cur[FEED_CURSOR_LEN + 1], back[37];
	uint32_t boff = 0;
	int rc = feed_cursor_encode(id, off, cur);

	FUZZ_CHECK((rc == 0) == uuid_layout(id, 0), "feed_cursor_encode('%s') = %d", id, rc);
	if (rc != 0)
		return;
	FUZZ_CHECK(strlen(cur) == FEED_CURSOR_LEN, "cursor '%s' of length %zu", cur, strlen(cur));
	for (const char *p = cur; *p; p++)
		FUZZ_CHECK(isalnum((unsigned char)*p) || *p == '-' || *p == '_',
		    "cursor '%s' is not base64url", cur);
	FUZZ_CHECK(feed_cursor_decode(cur, back, &boff) == 0, "own cursor '%s' refused", cur);
	FUZZ_CHECK(strcasecmp(back, id) == 0 && uuid_layout(back, 1) && boff == off,
	    "'%s' %u -> '%s' -> '%s' %u", id, off, cur, back, boff);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size), sid[37], again[FEED_CURSOR_LEN + 1];
	uint32_t off = 0;

	if (feed_cursor_decode(s, sid, &off) == 0) {
		FUZZ_CHECK(
		    strlen(s) == FEED_CURSOR_LEN, "cursor of length %zu accepted", strlen(s));
		FUZZ_CHECK(uuid_layout(sid, 1), "decoded id '%s'", sid);
		FUZZ_CHECK(feed_cursor_encode(sid, off, again) == 0 && strcmp(again, s) == 0,
		    "'%s' decodes to '%s' %u, which encodes to '%s'", s, sid, off, again);
	}
	round_trip(s, size ? data[0] * 16777619u : 0);
	if (size >= 20) {
		char id[37];

		snprintf(id, sizeof(id),
		    "%02x%02x%02x%02x-%02X%02X-%02x%02x-%02x%02x-"
		    "%02x%02x%02x%02x%02X%02X",
		    data[0], data[1], data[2], data[3], data[4], data[5], data[6], data[7], data[8],
		    data[9], data[10], data[11], data[12], data[13], data[14], data[15]);
		round_trip(id,
		    (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 |
		        data[19]);
	}
	free(s);
	return 0;
}
