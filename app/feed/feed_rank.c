/* The feed's relevance score, author spreading and cursors (pure; see
 * docs/feed.md for the reasoning behind every weight). */
#include "feed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../social/social.h"

#define HALF_LIFE_HOURS 36.0

static double
tier_weight(int64_t followers)
{
	const char *t = social_tier(followers);

	return strcmp(t, "platinum") == 0 ? 1.0
	    : strcmp(t, "gold") == 0      ? 2.0 / 3
	    : strcmp(t, "silver") == 0    ? 1.0 / 3
	                                  : 0.0;
}

double
feed_score(const struct feed_candidate *c, int64_t now)
{
	double age_h = c->created_at < now ? (double)(now - c->created_at) / 3600.0 : 0.0;
	double decay = pow(0.5, age_h / HALF_LIFE_HOURS);
	double weighted = (double)c->likes + 2.0 * (double)c->comments + 3.0 * (double)c->shares +
	    3.0 * (double)c->copies;
	double e = weighted > 0 ? log1p(weighted) / log1p(1000.0) : 0.0;
	double rel = (c->sources & FEED_FOLLOWED) ? 20.0 : (c->sources & FEED_SIMILAR) ? 10.0 : 0.0;

	if (e > 1.0)
		e = 1.0;
	return rel +
	    (1.0 + 2.0 * e + 1.5 * (c->sport_match != 0) + tier_weight(c->author_followers) +
	        ((c->sources & FEED_EDUCATIONAL) ? 1.0 : 0.0)) *
	    decay;
}

static int
by_score(const void *x, const void *y)
{
	const struct feed_candidate *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->created_at != b->created_at)
		return a->created_at > b->created_at ? -1 : 1;
	return strcmp(a->post_id, b->post_id);
}

void
feed_rank(struct feed_candidate *c, size_t n, int64_t now)
{
	const char *run_author = NULL;
	int run = 0;

	for (size_t i = 0; i < n; i++)
		c[i].score = feed_score(&c[i], now);
	qsort(c, n, sizeof(*c), by_score);
	/* Greedy spreading: when the best remaining post would make the run of
	 * one author too long, the best post by anyone else goes first. */
	for (size_t i = 0; i < n; i++) {
		if (run_author != NULL && run >= FEED_MAX_RUN &&
		    strcmp(c[i].author_id, run_author) == 0) {
			size_t j = i + 1;

			while (j < n && strcmp(c[j].author_id, run_author) == 0)
				j++;
			if (j < n) {
				struct feed_candidate t = c[j];

				memmove(&c[i + 1], &c[i], (j - i) * sizeof(*c));
				c[i] = t;
			}
		}
		if (run_author != NULL && strcmp(c[i].author_id, run_author) == 0)
			run++;
		else
			run = 1;
		run_author = c[i].author_id;
	}
}

/* ---- cursors ---- */

static int
uuid_to_bin(const char *s, unsigned char out[16])
{
	size_t n = 0;

	if (s == NULL || strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' ||
	    s[23] != '-')
		return -1;
	if (sodium_hex2bin(out, 16, s, 36, "-", &n, NULL) != 0 || n != 16)
		return -1;
	return 0;
}

int
feed_cursor_encode(const char *snapshot_id, uint32_t offset, char out[FEED_CURSOR_LEN + 1])
{
	unsigned char raw[20];

	if (uuid_to_bin(snapshot_id, raw) != 0)
		return -1;
	raw[16] = (unsigned char)(offset >> 24);
	raw[17] = (unsigned char)(offset >> 16);
	raw[18] = (unsigned char)(offset >> 8);
	raw[19] = (unsigned char)offset;
	sodium_bin2base64(
	    out, FEED_CURSOR_LEN + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int
feed_cursor_decode(const char *cursor, char snapshot_id[37], uint32_t *offset)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[20];
	size_t n = 0, k = 0;
	const char *end = NULL;

	if (cursor == NULL || strlen(cursor) != FEED_CURSOR_LEN ||
	    sodium_base642bin(raw, sizeof(raw), cursor, FEED_CURSOR_LEN, NULL, &n, &end,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(raw) || end != cursor + FEED_CURSOR_LEN)
		return -1;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			snapshot_id[k++] = '-';
		snapshot_id[k++] = hex[raw[i] >> 4];
		snapshot_id[k++] = hex[raw[i] & 15];
	}
	snapshot_id[k] = '\0';
	*offset =
	    (uint32_t)raw[16] << 24 | (uint32_t)raw[17] << 16 | (uint32_t)raw[18] << 8 | raw[19];
	/* one spelling per cursor: spare bits set in the last character make
	 * another string for the same bytes */
	{
		char again[FEED_CURSOR_LEN + 1];

		if (feed_cursor_encode(snapshot_id, *offset, again) != 0 ||
		    strcmp(again, cursor) != 0)
			return -1;
	}
	return 0;
}
