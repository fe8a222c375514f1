/*
 * feed: the personalised community feed (issue 4; docs/feed.md).
 *
 * A first page ranks a bounded set of candidate posts from four sources
 * (followed authors, authors followed by the people the viewer follows,
 * trending posts in the viewer's sports, educational posts for beginners)
 * with one relevance score, spreads authors out, and keeps the ordered ids
 * as a snapshot; later pages read the snapshot through an opaque cursor, so
 * posts arriving meanwhile cause neither duplicates nor gaps.
 *
 * This header's first part is pure (feed_rank.c, unit-tested).
 */
#ifndef TG_FEED_H
#define TG_FEED_H

#include <stddef.h>
#include <stdint.h>

/* Where a candidate came from (a post can come from several). */
#define FEED_FOLLOWED    0x1u
#define FEED_SIMILAR     0x2u
#define FEED_TRENDING    0x4u
#define FEED_EDUCATIONAL 0x8u

struct feed_candidate {
	char post_id[37];
	char author_id[37];
	int64_t created_at;         /* unix seconds */
	unsigned sources;           /* FEED_* */
	int64_t likes, comments, shares, copies;
	int sport_match;            /* the post's sport is one of the viewer's */
	int64_t author_followers;   /* for the tier */
	double score;               /* feed_rank fills it in */
};

/* The score of docs/feed.md at time now (unix seconds). */
double feed_score(const struct feed_candidate *, int64_t now);

/* Scores c[0..n-1], orders them by score (then newer, then post id), and
 * reorders so that no author has more than FEED_MAX_RUN posts in a row
 * while another author is still waiting. */
#define FEED_MAX_RUN 2
void feed_rank(struct feed_candidate *c, size_t n, int64_t now);

/* Cursor: base64url of a snapshot id (a UUID) and an offset into it.
 * decode returns 0, or -1 for anything that is not a cursor this code
 * wrote (the snapshot itself is checked against the viewer by the caller). */
#define FEED_CURSOR_LEN 27
int feed_cursor_encode(const char *snapshot_id, uint32_t offset, char out[FEED_CURSOR_LEN + 1]);
int feed_cursor_decode(const char *cursor, char snapshot_id[37], uint32_t *offset);

#endif
