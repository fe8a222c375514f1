/*
 * The SQL of search. Every statement filters what a searcher must not see
 * (suspended members, moderated or flagged posts, blocks either way) in the
 * same statement that ranks, so a page never shrinks after the LIMIT.
 *
 * pg_trgm lives in the shared `extensions` schema (not on the tenant's
 * search_path), hence OPERATOR(extensions.<->): trigram distance, walked in
 * order through the GiST index of the word dictionary (tenant/0013).
 */
#include "search_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../render/render.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* Either member blocked the other ($v may be NULL: nobody is hidden). */
#define BLOCKED(v, u)                                                                            \
	"EXISTS (SELECT 1 FROM user_relationships r WHERE "                                      \
	"r.relationship_type = 'block' AND ((r.follower_id = " v " AND r.following_id = " u ") " \
	"OR (r.follower_id = " u " AND r.following_id = " v ")))"

#define POST_VISIBLE "p.moderation_status = 'approved' AND NOT p.is_flagged AND u.status = 'active'"

/* A word as a quoted tsquery term: backslashes and quotes doubled. */
#define TSQ_TERM(w) "('''' || replace(replace(" w ", '\\', '\\\\'), '''', '''''') || '''')"

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
	/* $1 query, $2 LIKE prefix pattern, $3 viewer, $4 limit, $5 offset.
	 * The query's words ('simple' lexemes, as the index has them) each
	 * become a prefix term; a word that no member's word starts with becomes
	 * its nearest dictionary words instead: at most three, trigram
	 * similarity at least 0.2 (distance below 0.801, as distances are
	 * float4), so "vlaue" -> value and "willaims" -> williams | william.
	 * The members matching every term come from the GIN index
	 * users_name_words. The first dictionary word >= w in "C" order starts
	 * with w if any word does. */
	static struct db_stmt q = DB_STMT(
	    "WITH q AS ("
	    " SELECT lexeme AS w, "
	    "   coalesce(starts_with((SELECT d.word FROM member_words d WHERE d.word >= lexeme "
	    "                         ORDER BY d.word LIMIT 1), lexeme), false) AS typed "
	    " FROM unnest(to_tsvector('simple'::regconfig, $1::text))), "
	    "terms AS ("
	    " SELECT q.typed, CASE WHEN q.typed THEN " TSQ_TERM(
	        "q.w") " || ':*' "
	               "   ELSE (SELECT '(' || string_agg(" TSQ_TERM(
	                   "n.word") ", ' | ') || ')' "
	                             "         FROM (SELECT d.word, d.word OPERATOR(extensions.<->) q.w AS dist "
	                             "               FROM member_words d "
	                             "               ORDER BY d.word OPERATOR(extensions.<->) q.w LIMIT 3) n "
	                             "         WHERE n.dist < 0.801) END AS term "
	                             " FROM q), "
	                             "tq AS ("
	                             " SELECT to_tsquery('simple'::regconfig, string_agg(term, ' & ')) AS query, "
	                             "   bool_and(typed) AS typed "
	                             " FROM terms HAVING count(*) > 0 AND count(term) = count(*)) "
	                             "SELECT u.id, u.username, u.display_name, u.followers_count "
	                             "FROM tq JOIN users u "
	                             "  ON to_tsvector('simple'::regconfig, u.username || ' ' || u.display_name) @@ tq.query "
	                             "WHERE u.status = 'active' AND NOT " BLOCKED("$3::uuid",
	                                 "u.id") " "
	                                         "ORDER BY CASE WHEN lower(u.username) = lower($1::text) THEN 0 "
	                                         "              WHEN lower(u.username) LIKE lower($2::text) THEN 1 "
	                                         "              WHEN tq.typed THEN 2 ELSE 3 END, "
	                                         "  u.followers_count DESC, u.username "
	                                         "LIMIT $4::int OFFSET $5::int",
	    5);
	const char *like = search_like_prefix(a, sq->q);

	if (like == NULL)
		return NULL;
	return db_query(a, &q,
	    DB_P(sq->q, like, sq->viewer, num(a, sq->per_page + 1),
	        num(a, (sq->page - 1) * sq->per_page)));
}

/* Ranked full text, in two steps. The ranking (which posts match, in which
 * order) is the expensive part and the same for everyone: it is computed
 * once per SEARCH_TTL seconds per worker and kept in the render cache as the
 * ordered ids. Each request then reads its page from those ids by primary
 * key, checking visibility and the viewer's blocks again, so a post
 * moderated or an author blocked since shows at once; new posts join the
 * results within SEARCH_TTL. */

/* Global visibility for the ranking: the author's status through a partial
 * index of the few members who are not active (a join to users cost a
 * primary-key probe per candidate). */
#define AUTHOR_ACTIVE                                               \
	"NOT EXISTS (SELECT 1 FROM users x WHERE x.id = p.user_id " \
	"AND x.status <> 'active')"

/* The ranked ids as a uuid[] literal ('{}' when nothing matches). The score
 * is ts_rank_cd (title weight A, content B) divided by 1 + age / 90 days;
 * only the newest SEARCH_RANKED matches are ranked (a common word matches a
 * third of all posts). A custom plan each time: for a common word walking
 * the newest posts is best, for a rare one the GIN index. */
static const char *
posts_ranking(struct arena *a, const struct search_query *sq)
{
	/* $1 query, $2 sport, $3 tag. */
	static struct db_stmt q = DB_STMT_CUSTOM(
	    "SELECT coalesce(array_agg(id ORDER BY score DESC, created_at DESC, id DESC), '{}')::text "
	    "FROM (SELECT p.id, p.created_at, "
	    "        ts_rank_cd(p.search, websearch_to_tsquery('english'::regconfig, $1::text))::float8"
	    "        / (1 + greatest(extract(epoch FROM now() - p.created_at)::float8, 0) / 7776000)"
	    "        AS score "
	    "      FROM (SELECT p.id, p.created_at, p.search FROM community_posts p "
	    "        WHERE p.search @@ websearch_to_tsquery('english'::regconfig, $1::text) "
	    "        AND ($2::text = '' OR p.sport = $2::text) "
	    "        AND ($3::text = '' OR p.tags @> jsonb_build_array($3::text)) "
	    "        AND p.moderation_status = 'approved' AND NOT p.is_flagged "
	    "        AND " AUTHOR_ACTIVE " "
	    "        ORDER BY p.created_at DESC, p.id DESC LIMIT " SEARCH_RANKED ") p) ranked",
	    3);
	const char *key, *ids;
	char version[32];
	PGresult *r;

	key = arena_printf(a, "search:%s:%s\x1f%s\x1f%s", sq->scope, sq->q, sq->sport, sq->tag);
	snprintf(version, sizeof(version), "%llu",
	    (unsigned long long)(util_now_us() / 1000000 / SEARCH_TTL));
	if ((ids = render_cache_get(key, version)) != NULL)
		return arena_strdup(a, ids);
	if ((r = db_query(a, &q, DB_P(sq->q, sq->sport, sq->tag))) == NULL || db_rows(r) != 1)
		return NULL;
	ids = db_val(r, 0, 0);
	render_cache_put(key, version, ids, strlen(ids));
	return ids;
}

static PGresult *
posts_text(struct arena *a, const struct search_query *sq)
{
	/* $1 ranked ids, $2 query, $3 headline options, $4 viewer, $5 limit,
	 * $6 offset, $7 ids read: the page's share of the ranking twice over,
	 * so that posts hidden since do not shorten the page. */
	static struct db_stmt q = DB_STMT(
	    "SELECT p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.sport, p.tags, "
	    "  p.likes_count, p.comments_count, " TS(
	        "p.created_at") ", u.username, "
	                        "  u.display_name, u.followers_count, "
	                        "  ts_headline('english'::regconfig, p.content, "
	                        "    websearch_to_tsquery('english'::regconfig, $2::text), $3::text) "
	                        "FROM (SELECT p.id, c.ord FROM unnest(($1::uuid[])[1:$7::int]) WITH ORDINALITY c(id, ord) "
	                        "      JOIN community_posts p ON p.id = c.id JOIN users u ON u.id = p.user_id "
	                        "      WHERE " POST_VISIBLE " AND NOT " BLOCKED("$4::uuid",
	                            "p.user_id") " "
	                                         "      ORDER BY c.ord LIMIT $5::int OFFSET $6::int) hit "
	                                         "JOIN community_posts p ON p.id = hit.id JOIN users u ON u.id = p.user_id "
	                                         "ORDER BY hit.ord",
	    7);
	long long off = (sq->page - 1) * sq->per_page, lim = sq->per_page + 1;
	const char *ids = posts_ranking(a, sq);

	if (ids == NULL)
		return NULL;
	return db_query(a, &q,
	    DB_P(ids, sq->q, headline_opts, sq->viewer, num(a, lim), num(a, off),
	        num(a, 2 * (off + lim))));
}

/* A tag's posts, newest first (the jsonb_path_ops index on tags). */
static PGresult *
posts_tag(struct arena *a, const struct search_query *sq)
{
	/* $1 tag, $2 sport, $3 viewer, $4 limit, $5 offset. */
	static struct db_stmt q = DB_STMT(
	    "SELECT p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.sport, p.tags, "
	    "  p.likes_count, p.comments_count, " TS(
	        "p.created_at") ", u.username, "
	                        "  u.display_name, u.followers_count, "
	                        "  CASE WHEN length(p.content) > 280 THEN left(p.content, 279) || '…' "
	                        "       ELSE p.content END "
	                        "FROM community_posts p JOIN users u ON u.id = p.user_id "
	                        "WHERE p.tags @> jsonb_build_array($1::text) "
	                        "  AND ($2::text = '' OR p.sport = $2::text) "
	                        "  AND " POST_VISIBLE " AND NOT " BLOCKED("$3::uuid",
	                            "p.user_id") " "
	                                         "ORDER BY p.created_at DESC, p.id DESC "
	                                         "LIMIT $4::int OFFSET $5::int",
	    5);

	return db_query(a, &q,
	    DB_P(sq->tag, sq->sport, sq->viewer, num(a, sq->per_page + 1),
	        num(a, (sq->page - 1) * sq->per_page)));
}

PGresult *
search_db_posts(struct arena *a, const struct search_query *sq)
{
	return sq->q[0] ? posts_text(a, sq) : posts_tag(a, sq);
}
