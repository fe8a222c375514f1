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
#define WHEN(col) "to_char(" col " AT TIME ZONE 'UTC', 'FMDD Mon YYYY, HH24:MI')"

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

/* A ranking as kept in the render cache: "<typed> <total>\n<fix>\n<ids>". */
struct ranking {
	const char *ids;   /* a uuid[] literal, '{}' when nothing matches */
	const char *fix;   /* the corrected tsquery, NULL: the words as typed only */
	long typed, total; /* matches of the words as typed; all ranked */
};

/* The ranked ids as a uuid[] literal, matches of the words as typed first.
 * The score is ts_rank_cd (title weight A, content B) divided by 1 + age /
 * 90 days; only the newest SEARCH_RANKED matches are ranked (a common word
 * matches a third of all posts). With a correction (fix, a tsquery), the
 * newest SEARCH_RANKED posts that match it and not the words as typed
 * follow those that do (there are fewer than SEARCH_FEW of them): two
 * bounded walks, never a sort of every match. A custom plan each time: for
 * a common word walking the newest posts is best, for a rare one the GIN
 * index; without a fix its branch is folded away at planning. */
static int
posts_rank(struct arena *a, const struct search_query *sq, const char *fix, struct ranking *out)
{
	/* $1 query, $2 sport, $3 tag, $4 correction (NULL: none). */
#define TYPED "websearch_to_tsquery('english'::regconfig, $1::text)"
#define FILTERS                                                         \
	"AND ($2::text = '' OR p.sport = $2::text) "                    \
	"AND ($3::text = '' OR p.tags @> jsonb_build_array($3::text)) " \
	"AND p.moderation_status = 'approved' AND NOT p.is_flagged AND " AUTHOR_ACTIVE " "
	static struct db_stmt q = DB_STMT_CUSTOM(
	    "SELECT coalesce(array_agg(id ORDER BY typed DESC, score DESC, created_at DESC, "
	    "  id DESC), '{}')::text, count(*) FILTER (WHERE typed), count(*) "
	    "FROM (SELECT p.id, p.created_at, p.typed, "
	    "        ts_rank_cd(p.search, coalesce(" TYPED " || $4::tsquery, " TYPED "))::float8"
	    "        / (1 + greatest(extract(epoch FROM now() - p.created_at)::float8, 0) / 7776000)"
	    "        AS score "
	    "      FROM ((SELECT p.id, p.created_at, p.search, true AS typed "
	    "        FROM community_posts p WHERE p.search @@ " TYPED " " FILTERS
	    "        ORDER BY p.created_at DESC, p.id DESC LIMIT " SEARCH_RANKED ") "
	    "      UNION ALL "
	    "       (SELECT p.id, p.created_at, p.search, false "
	    "        FROM community_posts p WHERE $4::tsquery IS NOT NULL "
	    "        AND p.search @@ $4::tsquery AND NOT p.search @@ " TYPED " " FILTERS
	    "        ORDER BY p.created_at DESC, p.id DESC LIMIT " SEARCH_RANKED ")) p) ranked",
	    4);
#undef FILTERS
	PGresult *r = db_query(a, &q, DB_P(sq->q, sq->sport, sq->tag, fix));

	if (r == NULL || db_rows(r) != 1)
		return -1;
	out->ids = db_val(r, 0, 0);
	out->fix = fix;
	out->typed = (long)db_ll(r, 0, 1);
	out->total = (long)db_ll(r, 0, 2);
	return 0;
}

/* The query with each word that no post has replaced by its nearest words
 * in post_words (tenant/0028), as member search does: at most three,
 * trigram similarity at least 0.2, so "liverpol" -> liverpool. Words are
 * the query's 'english' lexemes, as the posts' index has them; ts_rewrite
 * swaps one word at a time, keeping phrases, "or" and "-word" as written.
 * NULL when no word was replaced (or on a database error). */
static const char *
posts_fix(struct arena *a, const char *query)
{
	/* $1 query. */
#define NEAR TSQ_TERM("x.word")
#define MISS TSQ_TERM("f.w")
	static struct db_stmt q = DB_STMT(
	    "WITH RECURSIVE miss AS ("
	    " SELECT w.lexeme AS w, row_number() OVER (ORDER BY w.lexeme) AS n "
	    " FROM unnest(to_tsvector('english'::regconfig, $1::text)) w "
	    " WHERE NOT EXISTS (SELECT 1 FROM post_words d WHERE d.word = w.lexeme)), "
	    "fix AS ("
	    " SELECT m.n, m.w, (SELECT string_agg(" NEAR ", ' | ') "
	    "   FROM (SELECT d.word, d.word OPERATOR(extensions.<->) m.w AS dist "
	    "         FROM post_words d ORDER BY d.word OPERATOR(extensions.<->) m.w LIMIT 3) x "
	    "   WHERE x.dist < 0.801) AS alt "
	    " FROM miss m), "
	    "r AS ("
	    " SELECT 0::bigint AS n, " TYPED " AS query "
	    " UNION ALL "
	    " SELECT f.n, CASE WHEN f.alt IS NULL THEN r.query "
	    "   ELSE ts_rewrite(r.query, " MISS "::tsquery, ('(' || f.alt || ')')::tsquery) END "
	    " FROM r JOIN fix f ON f.n = r.n + 1) "
	    "SELECT r.query::text FROM r WHERE r.n = (SELECT count(*) FROM fix) "
	    "AND EXISTS (SELECT 1 FROM fix WHERE alt IS NOT NULL)",
	    1);
#undef NEAR
#undef MISS
	PGresult *r = db_query(a, &q, DB_P(query));

	return r != NULL && db_rows(r) == 1 ? db_val(r, 0, 0) : NULL;
}
#undef TYPED

/* The ranking of sq, reused for SEARCH_TTL seconds per worker. The words as
 * typed first; when they match fewer than SEARCH_FEW posts, the query with
 * its unknown words corrected too. */
static int
posts_ranking(struct arena *a, const struct search_query *sq, struct ranking *out)
{
	const char *key, *hit, *fix;
	char version[32];

	key = arena_printf(a, "search:%s:%s\x1f%s\x1f%s", sq->scope, sq->q, sq->sport, sq->tag);
	snprintf(version, sizeof(version), "%llu",
	    (unsigned long long)(util_now_us() / 1000000 / SEARCH_TTL));
	if ((hit = render_cache_get(key, version)) != NULL) {
		const char *nl = strchr(hit, '\n'), *nl2 = nl ? strchr(nl + 1, '\n') : NULL;

		if (nl2 != NULL && sscanf(hit, "%ld %ld", &out->typed, &out->total) == 2) {
			out->fix =
			    nl2 > nl + 1 ? arena_strndup(a, nl + 1, (size_t)(nl2 - nl - 1)) : NULL;
			out->ids = arena_strdup(a, nl2 + 1);
			return 0;
		}
	}
	if (posts_rank(a, sq, NULL, out) != 0)
		return -1;
	if (out->typed < SEARCH_FEW && (fix = posts_fix(a, sq->q)) != NULL &&
	    posts_rank(a, sq, fix, out) != 0)
		return -1;
	hit = arena_printf(
	    a, "%ld %ld\n%s\n%s", out->typed, out->total, out->fix ? out->fix : "", out->ids);
	render_cache_put(key, version, hit, strlen(hit));
	return 0;
}

/* A post row's columns up to the author (the SP_ enum), and its date in words. */
#define POST_CREATED TS("p.created_at")
#define POST_COLS                                                                \
	"p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.sport, p.tags, " \
	"p.likes_count, p.comments_count, " POST_CREATED ", u.username, "        \
	"u.display_name, u.followers_count"
#define POST_WHEN WHEN("p.created_at")

static PGresult *
posts_text(struct arena *a, const struct search_query *sq, int *similar)
{
	/* $1 ranked ids, $2 query, $3 headline options, $4 viewer, $5 limit,
	 * $6 offset, $7 ids read: the page's share of the ranking twice over,
	 * so that posts hidden since do not shorten the page; $8 the
	 * correction (NULL: none), whose words are marked too. */
#define HIDDEN BLOCKED("$4::uuid", "p.user_id")
#define MARKED                                                                           \
	"coalesce(websearch_to_tsquery('english'::regconfig, $2::text) || $8::tsquery, " \
	"websearch_to_tsquery('english'::regconfig, $2::text))"
	static struct db_stmt q =
	    DB_STMT("SELECT " POST_COLS ", ts_headline('english'::regconfig, p.content, " MARKED
	            ", $3::text), " POST_WHEN " "
	            "FROM (SELECT p.id, c.ord "
	            "      FROM unnest(($1::uuid[])[1:$7::int]) WITH ORDINALITY c(id, ord) "
	            "      JOIN community_posts p ON p.id = c.id JOIN users u ON u.id = p.user_id "
	            "      WHERE " POST_VISIBLE " AND NOT " HIDDEN " "
	            "      ORDER BY c.ord LIMIT $5::int OFFSET $6::int) hit "
	            "JOIN community_posts p ON p.id = hit.id JOIN users u ON u.id = p.user_id "
	            "ORDER BY hit.ord",
	        8);
#undef HIDDEN
#undef MARKED
	long long off = (sq->page - 1) * sq->per_page, lim = sq->per_page + 1;
	struct ranking rk;

	if (posts_ranking(a, sq, &rk) != 0)
		return NULL;
	if (rk.fix != NULL && rk.total > rk.typed)
		*similar = rk.typed > 0 ? 1 : 2;
	return db_query(a, &q,
	    DB_P(rk.ids, sq->q, headline_opts, sq->viewer, num(a, lim), num(a, off),
	        num(a, 2 * (off + lim)), rk.fix));
}

/* A tag's posts, newest first (the jsonb_path_ops index on tags). */
static PGresult *
posts_tag(struct arena *a, const struct search_query *sq)
{
	/* $1 tag, $2 sport, $3 viewer, $4 limit, $5 offset. */
#define HIDDEN BLOCKED("$3::uuid", "p.user_id")
	static struct db_stmt q =
	    DB_STMT("SELECT " POST_COLS ", "
	            "  CASE WHEN length(p.content) > 280 THEN left(p.content, 279) || '…' "
	            "       ELSE p.content END, " POST_WHEN " "
	            "FROM community_posts p JOIN users u ON u.id = p.user_id "
	            "WHERE p.tags @> jsonb_build_array($1::text) "
	            "  AND ($2::text = '' OR p.sport = $2::text) "
	            "  AND " POST_VISIBLE " AND NOT " HIDDEN " "
	            "ORDER BY p.created_at DESC, p.id DESC "
	            "LIMIT $4::int OFFSET $5::int",
	        5);
#undef HIDDEN

	return db_query(a, &q,
	    DB_P(sq->tag, sq->sport, sq->viewer, num(a, sq->per_page + 1),
	        num(a, (sq->page - 1) * sq->per_page)));
}

PGresult *
search_db_posts(struct arena *a, const struct search_query *sq, int *similar)
{
	*similar = 0;
	return sq->q[0] ? posts_text(a, sq, similar) : posts_tag(a, sq);
}
