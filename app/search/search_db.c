/*
 * The SQL of search. Every statement filters what a searcher must not see
 * (suspended members, moderated or flagged posts, blocks either way) in the
 * same statement that ranks, so a page never shrinks after the LIMIT.
 *
 * pg_trgm lives in the shared `extensions` schema (not on the tenant's
 * search_path), hence OPERATOR(extensions.%) and extensions.similarity().
 * The operators, not the functions, are what the trigram GIN indexes of
 * tenant/0010_search.sql serve; the functions only rank the matches.
 * Thresholds are pg_trgm's defaults: similarity 0.3, word similarity 0.6.
 */
#include "search_int.h"

#include "../db/db.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Either member blocked the other ($v may be NULL: nobody is hidden). */
#define BLOCKED(v, u) "EXISTS (SELECT 1 FROM user_relationships r WHERE " \
	"r.relationship_type = 'block' AND ((r.follower_id = " v " AND r.following_id = " u ") " \
	"OR (r.follower_id = " u " AND r.following_id = " v ")))"

#define POST_VISIBLE \
	"p.moderation_status = 'approved' AND NOT p.is_flagged AND u.status = 'active'"

/* ts_headline options: the markers of search.h around hits, up to two
 * fragments of 15-35 words. */
static const char headline_opts[] =
    "StartSel=\"" SEARCH_MARK_START "\", StopSel=\"" SEARCH_MARK_STOP "\", "
    "MaxWords=35, MinWords=15, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";

static const char *
num(struct arena *a, long long v)
{
	return arena_printf(a, "%lld", v);
}

PGresult *
search_db_users(struct arena *a, const struct search_query *sq)
{
	/* $1 query, $2 LIKE prefix pattern, $3 viewer, $4 limit, $5 offset. */
	/* Candidates first: the names nearest to the query by trigram distance,
	 * walked in order through the GiST indexes (KNN) and no more than the
	 * page needs twice over; scoring every name a common trigram hits was
	 * 300 ms among 100,000 members. */
	static struct db_stmt q = DB_STMT(
	    "WITH cand AS ("
	    " (SELECT id FROM users WHERE status = 'active' "
	    "  ORDER BY lower(username) OPERATOR(extensions.<->) lower($1::text) LIMIT $6::int) "
	    " UNION "
	    " (SELECT id FROM users WHERE status = 'active' "
	    "  ORDER BY lower(display_name) OPERATOR(extensions.<->) lower($1::text) LIMIT $6::int)) "
	    "SELECT u.id, u.username, u.display_name, u.followers_count "
	    "FROM cand JOIN users u ON u.id = cand.id "
	    "WHERE (lower(u.username) OPERATOR(extensions.%) lower($1::text) "
	    "    OR lower($1::text) OPERATOR(extensions.<%) lower(u.username) "
	    "    OR lower(u.display_name) OPERATOR(extensions.%) lower($1::text) "
	    "    OR lower($1::text) OPERATOR(extensions.<%) lower(u.display_name) "
	    "    OR lower(u.username) LIKE lower($2::text)) "
	    "  AND u.status = 'active' AND NOT " BLOCKED("$3::uuid", "u.id") " "
	    "ORDER BY CASE WHEN lower(u.username) = lower($1::text) THEN 0 "
	    "              WHEN lower(u.username) LIKE lower($2::text) THEN 1 ELSE 2 END, "
	    "  greatest(extensions.similarity(lower(u.username), lower($1::text)), "
	    "           extensions.word_similarity(lower($1::text), lower(u.username)), "
	    "           extensions.word_similarity(lower($1::text), lower(u.display_name))) DESC, "
	    "  u.followers_count DESC, u.username "
	    "LIMIT $4::int OFFSET $5::int", 6);
	const char *like = search_like_prefix(a, sq->q);
	long long reach = (long long)sq->page * sq->per_page + 1;

	if (like == NULL)
		return NULL;
	return db_query(a, &q, DB_P(sq->q, like, sq->viewer, num(a, sq->per_page + 1),
	    num(a, (sq->page - 1) * sq->per_page), num(a, 2 * reach < 50 ? 50 : 2 * reach)));
}

/* Ranked full text. The inner query ranks and cuts the page; ts_headline,
 * the expensive part, runs only on the rows of that page. The score is
 * ts_rank_cd (title weight A, content B) divided by 1 + age / 90 days. */
static PGresult *
posts_text(struct arena *a, const struct search_query *sq)
{
	/* $1 query, $2 headline options, $3 sport, $4 tag, $5 viewer, $6 limit, $7 offset. */
	static struct db_stmt q = DB_STMT(
	    "SELECT p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.sport, p.tags, "
	    "  p.likes_count, p.comments_count, " TS("p.created_at") ", u.username, "
	    "  u.display_name, u.followers_count, "
	    "  ts_headline('english'::regconfig, p.content, "
	    "    websearch_to_tsquery('english'::regconfig, $1::text), $2::text) "
	    /* only the newest SEARCH_RANKED matches are ranked: a common word
	     * matches hundreds of thousands of posts, and ranking them all took
	     * seconds */
	    "FROM (SELECT p.id, p.created_at, "
	    "        ts_rank_cd(p.search, websearch_to_tsquery('english'::regconfig, $1::text))::float8"
	    "        / (1 + greatest(extract(epoch FROM now() - p.created_at)::float8, 0) / 7776000)"
	    "        AS score "
	    "      FROM (SELECT p.id, p.created_at, p.search FROM community_posts p "
	    "        JOIN users u ON u.id = p.user_id "
	    "        WHERE p.search @@ websearch_to_tsquery('english'::regconfig, $1::text) "
	    "        AND ($3::text = '' OR p.sport = $3::text) "
	    "        AND ($4::text = '' OR p.tags @> jsonb_build_array($4::text)) "
	    "        AND " POST_VISIBLE " AND NOT " BLOCKED("$5::uuid", "p.user_id") " "
	    "        ORDER BY p.created_at DESC, p.id DESC LIMIT " SEARCH_RANKED ") p "
	    "      ORDER BY score DESC, p.created_at DESC, p.id DESC "
	    "      LIMIT $6::int OFFSET $7::int) hit "
	    "JOIN community_posts p ON p.id = hit.id JOIN users u ON u.id = p.user_id "
	    "ORDER BY hit.score DESC, hit.created_at DESC, hit.id DESC", 7);

	return db_query(a, &q, DB_P(sq->q, headline_opts, sq->sport, sq->tag, sq->viewer,
	    num(a, sq->per_page + 1), num(a, (sq->page - 1) * sq->per_page)));
}

/* A tag's posts, newest first (the jsonb_path_ops index on tags). */
static PGresult *
posts_tag(struct arena *a, const struct search_query *sq)
{
	/* $1 tag, $2 sport, $3 viewer, $4 limit, $5 offset. */
	static struct db_stmt q = DB_STMT(
	    "SELECT p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.sport, p.tags, "
	    "  p.likes_count, p.comments_count, " TS("p.created_at") ", u.username, "
	    "  u.display_name, u.followers_count, "
	    "  CASE WHEN length(p.content) > 280 THEN left(p.content, 279) || '…' "
	    "       ELSE p.content END "
	    "FROM community_posts p JOIN users u ON u.id = p.user_id "
	    "WHERE p.tags @> jsonb_build_array($1::text) "
	    "  AND ($2::text = '' OR p.sport = $2::text) "
	    "  AND " POST_VISIBLE " AND NOT " BLOCKED("$3::uuid", "p.user_id") " "
	    "ORDER BY p.created_at DESC, p.id DESC "
	    "LIMIT $4::int OFFSET $5::int", 5);

	return db_query(a, &q, DB_P(sq->tag, sq->sport, sq->viewer, num(a, sq->per_page + 1),
	    num(a, (sq->page - 1) * sq->per_page)));
}

PGresult *
search_db_posts(struct arena *a, const struct search_query *sq)
{
	return sq->q[0] ? posts_text(a, sq) : posts_tag(a, sq);
}
