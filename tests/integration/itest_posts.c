/*
 * Integration tests for posts: each post type, the bet summary read live
 * from the bet (and its result after settlement), likes once per member with
 * exact counts under parallel requests, comments with one level of replies,
 * shares, edit history, anti-spam limits, blocks, notifications, escaping in
 * pages and verbatim JSON, and bad input that changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW H_PASSWORD
#define XSS "<script>alert(\"x\")</script>&<b>"

/* Accounts older than the "new account" period get the normal limits. */
static void
age(const struct h_member *m)
{
	char sql[256], out[64];

	snprintf(sql, sizeof(sql),
	    "UPDATE t_demo.users SET created_at = now() - interval '30 days' "
	    "WHERE id = '%s';",
	    m->id);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "age: %s", out);
}

static long long
sql_ll(const char *fmt, const char *arg)
{
	char sql[1024], out[128];

	snprintf(sql, sizeof(sql), fmt, arg);
	if (h_sql(0, out, sizeof(out), sql) != 0)
		return -1;
	return atoll(out);
}

/* A JSON request with a body built by jansson (stolen). */
static long
jreq(struct client *c, const char *method, const char *path, json_t *body, struct resp *r)
{
	char *s = body ? json_dumps(body, 0) : NULL;
	long st;

	json_decref(body);
	st = h_json(c, method, path, s, r);
	free(s);
	return st;
}

static const char *
error_code(const struct resp *r)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;
	const char *s = e ? json_string_value(json_object_get(e, "code")) : NULL;

	return s ? s : "";
}

static json_t *
post_of(const struct resp *r)
{
	return r->json ? json_object_get(r->json, "post") : NULL;
}

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Creates a post; returns the status and fills id. */
static long
create(struct h_member *m, json_t *body, char id[37], struct resp *out)
{
	struct resp r;
	long st = jreq(&m->c, "POST", "/social/posts", body, &r);

	if (id)
		snprintf(id, 37, "%s", str(post_of(&r), "post_id"));
	if (out)
		*out = r;
	else
		h_free(&r);
	return st;
}

static long long
count_posts(void)
{
	return sql_ll("SELECT count(*)%s FROM t_demo.community_posts;", "");
}

/* ---- a bet on a test event (h_event_new) ---- */

static void
bet(struct h_member *m, const struct h_event *f, char bet_id[37])
{
	char body[256], key[32];
	struct resp r;

	h_unique(key, sizeof(key), "k");
	snprintf(body, sizeof(body),
	    "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.1, "
	    "\"idempotency_key\": \"%s\"}",
	    f->home, key);
	CHECK(h_json(&m->c, "POST", "/social/bets", body, &r) == 201, "bet placed (%s)", r.body);
	snprintf(bet_id, 37, "%s", r.json ? str(json_object_get(r.json, "bet"), "bet_id") : "");
	h_free(&r);
}

static long long
notes(const struct h_member *m, const char *kind)
{
	char sql[512], out[64];

	h_drain("notify");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM t_demo.notifications WHERE user_id = '%s' "
	    "AND kind = '%s';",
	    m->id, kind);
	h_sql(0, out, sizeof(out), sql);
	return atoll(out);
}

/* ------------------------------------------------------------------------ */

ITEST(t_posts_create, "posts: each type, bet summary, someone else's bet, bad input")
static void
t_posts_create(void)
{
	struct h_member a, b;
	struct h_event f;
	struct resp r;
	char bet_a[37], bet_b[37], pa[37], pb[37], pd[37], path[128];
	json_t *p;
	long long before;

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	bet(&a, &f, bet_a);
	bet(&b, &f, bet_b);

	/* a bet post: the summary comes from the bet; a typed sport is ignored */
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "post_type", "bet_post", "bet_id",
	              bet_a, "title", "Rovers at 2.10", "content",
	              "Value on the home side #Football #value @nobody_here_xyz",
	              "confidence_level", 7, "sport", "tennis"),
	          pa, &r) == 201,
	    "bet post (%s)", r.body);
	p = post_of(&r);
	CHECK(p && strcmp(str(p, "post_type"), "bet_post") == 0 &&
	        strcmp(str(p, "bet_id"), bet_a) == 0 && strcmp(str(p, "sport"), "football") == 0 &&
	        strcmp(str(p, "bet_type"), "1x2") == 0 &&
	        json_real_value(json_object_get(p, "odds")) == 2.1 &&
	        json_integer_value(json_object_get(p, "stake")) == 1000 &&
	        json_integer_value(json_object_get(p, "potential_payout")) == 2100 &&
	        strcmp(str(p, "bet_result"), "pending") == 0 &&
	        json_is_null(json_object_get(p, "actual_payout")) &&
	        json_integer_value(json_object_get(p, "confidence_level")) == 7 &&
	        json_integer_value(json_object_get(p, "likes_count")) == 0 &&
	        json_integer_value(json_object_get(p, "copies_count")) == 0 &&
	        json_is_false(json_object_get(p, "is_featured")),
	    "bet post fields (%s)", r.body);
	CHECK(p && strstr(str(json_object_get(p, "bet_summary"), "selection"), "Rovers") &&
	        strstr(str(json_object_get(p, "bet_summary"), "event"), " v "),
	    "summary names the selection and event");
	CHECK(p && json_array_size(json_object_get(p, "tags")) == 2 &&
	        strcmp(json_string_value(json_array_get(json_object_get(p, "tags"), 0)),
	            "football") == 0 &&
	        json_array_size(json_object_get(p, "mentions")) == 0,
	    "tags parsed, unknown mention dropped");
	CHECK(p && strcmp(str(json_object_get(p, "author"), "username"), a.name) == 0 &&
	        strcmp(str(json_object_get(p, "author"), "tier"), "bronze") == 0,
	    "author and tier");
	h_free(&r);

	/* analysis and discussion; a mention of an existing member */
	snprintf(path, sizeof(path), "Thoughts for @%s on the league", b.name);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "analysis", "content", path, "sport",
	              "basketball"),
	          pb, &r) == 201 &&
	        post_of(&r) && json_is_null(json_object_get(post_of(&r), "bet_summary")) &&
	        json_is_null(json_object_get(post_of(&r), "bet_result")) &&
	        strcmp(str(post_of(&r), "sport"), "basketball") == 0 &&
	        json_array_size(json_object_get(post_of(&r), "mentions")) == 1,
	    "analysis (%s)", r.body);
	h_free(&r);
	CHECK(notes(&b, "mention") == 1, "the mentioned member is told");
	CHECK(create(&a,
	          json_pack(
	              "{s:s, s:s, s:s}", "post_type", "discussion", "title", XSS, "content", XSS),
	          pd, &r) == 201 &&
	        strcmp(str(post_of(&r), "content"), XSS) == 0 &&
	        strcmp(str(post_of(&r), "title"), XSS) == 0,
	    "discussion keeps its text verbatim in JSON");
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s", pd);
	CHECK(h_get(&b.c, path, &r) == 200 && !h_contains(&r, "<script>alert") &&
	        h_contains(&r, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;"),
	    "the page escapes title and content (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/posts/%s", pa);
	CHECK(h_get(&b.c, path, &r) == 200 && post_of(&r) &&
	        json_is_false(json_object_get(json_object_get(post_of(&r), "viewer"), "liked")),
	    "GET a post (%s)", r.body);
	h_free(&r);

	/* refusals, each changing nothing */
	before = count_posts();
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "bet_post", "bet_id", bet_b, "content",
	              "their bet"),
	          NULL, &r) == 422 &&
	        strcmp(error_code(&r), "unknown_bet") == 0,
	    "someone else's bet (%s)", r.body);
	h_free(&r);
	CHECK(create(&a, json_pack("{s:s, s:s}", "post_type", "bet_post", "content", "no bet"),
	          NULL, &r) == 422,
	    "a bet post without a bet (%s)", r.body);
	h_free(&r);
	CHECK(create(&a,
	          json_pack(
	              "{s:s, s:s, s:s}", "post_type", "analysis", "bet_id", bet_a, "content", "x"),
	          NULL, &r) == 422,
	    "a bet on an analysis (%s)", r.body);
	h_free(&r);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "bet_post", "bet_id",
	              "00000000-0000-0000-0000-000000000000", "content", "x"),
	          NULL, &r) == 422,
	    "an unknown bet (%s)", r.body);
	h_free(&r);
	CHECK(create(&a,
	          json_pack(
	              "{s:s, s:s, s:s}", "post_type", "bet_post", "bet_id", "nope", "content", "x"),
	          NULL, &r) == 422,
	    "a malformed bet id (%s)", r.body);
	h_free(&r);
	CHECK(create(&a, json_pack("{s:s, s:s}", "post_type", "analysis", "content", "   "), NULL,
	          &r) == 422 &&
	        strstr(r.body, "content"),
	    "empty content (%s)", r.body);
	h_free(&r);
	{
		char *big = malloc(5002);

		memset(big, 'x', 5001);
		big[5001] = '\0';
		CHECK(create(&a, json_pack("{s:s, s:s}", "post_type", "analysis", "content", big),
		          NULL, &r) == 422,
		    "oversized content (%ld)", r.status);
		h_free(&r);
		big[151] = '\0';
		CHECK(create(&a,
		          json_pack("{s:s, s:s, s:s}", "post_type", "analysis", "title", big,
		              "content", "ok"),
		          NULL, &r) == 422,
		    "oversized title (%ld)", r.status);
		h_free(&r);
		free(big);
	}
	CHECK(create(&a, json_pack("{s:s, s:s}", "post_type", "poem", "content", "x"), NULL, &r) ==
	        422,
	    "unknown type");
	h_free(&r);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:i}", "post_type", "analysis", "content", "x",
	              "confidence_level", 11),
	          NULL, &r) == 422,
	    "confidence out of range");
	h_free(&r);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "analysis", "content", "x", "sport",
	              "quidditch"),
	          NULL, &r) == 422,
	    "unknown sport");
	h_free(&r);
	CHECK(count_posts() == before, "nothing written by the refusals");
	{
		struct client anon = h_demo();

		CHECK(jreq(&anon, "POST", "/social/posts",
		          json_pack("{s:s, s:s}", "post_type", "analysis", "content", "x"),
		          &r) == 401,
		    "signed out (%ld)", r.status);
		h_free(&r);
	}
	CHECK(h_get(&a.c, "/social/posts/not-a-uuid", &r) == 404, "malformed id");
	h_free(&r);
	CHECK(h_get(&a.c, "/social/posts/00000000-0000-7000-8000-000000000000", &r) == 404,
	    "unknown id");
	h_free(&r);
	CHECK(
	    h_get(&a.c, "/posts/00000000-0000-7000-8000-000000000000", &r) == 404, "unknown page");
	h_free(&r);
	CHECK(sql_ll("SELECT count(*) FROM t_demo.community_posts WHERE id = '%s' "
	             "AND search @@ to_tsquery('english', 'league');",
	          pb) == 1,
	    "the search column is filled");
}

ITEST(
    t_posts_settled, "posts: the bet summary shows the result once settled; the bet never changes")
static void
t_posts_settled(void)
{
	struct h_member a;
	struct h_event f;
	struct resp r;
	char bet_a[37], pa[37], path[128], out[256];
	json_t *p;

	h_member_new(&a, "p");
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	bet(&a, &f, bet_a);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "bet_post", "bet_id", bet_a, "content",
	              "home win"),
	          pa, NULL) == 201,
	    "bet post");
	h_event_result(&f, 2, 0);
	snprintf(path, sizeof(path), "/social/posts/%s", pa);
	CHECK(h_get(&a.c, path, &r) == 200 && (p = post_of(&r)) != NULL &&
	        strcmp(str(p, "bet_result"), "won") == 0 &&
	        json_integer_value(json_object_get(p, "actual_payout")) == 2100 &&
	        json_integer_value(json_object_get(
	            json_object_get(json_object_get(p, "bet_summary"), "score"), "home")) == 2,
	    "result and payout appear (%s)", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s", pa);
	CHECK(h_get(&a.c, path, &r) == 200 && h_contains(&r, "data-bet-result=\"won\"") &&
	        h_contains(&r, "21.00"),
	    "the page shows it (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path),
	    "SET ROLE t_demo; UPDATE community_posts SET bet_id = NULL "
	    "WHERE id = '%s';",
	    pa);
	CHECK(h_sql(0, out, sizeof(out), path) != 0, "the bet on a post never changes");
	snprintf(path, sizeof(path),
	    "SET ROLE t_demo; DELETE FROM community_posts WHERE id = '%s';", pa);
	CHECK(h_sql(0, out, sizeof(out), path) != 0, "posts are never deleted");
}

ITEST(t_posts_likes, "posts: likes once per member, unlike, exact counts under parallel requests")
static void
t_posts_likes(void)
{
	enum { N = 12 };
	struct h_member a, fans[N];
	struct resp r;
	char pa[37], path[128];
	int ok = 0;

	h_member_new(&a, "p");
	for (int i = 0; i < N; i++)
		h_member_new(&fans[i], "p");
	CHECK(
	    create(&a,
	        json_pack("{s:s, s:s}", "post_type", "discussion", "content", "Who wins tonight?"),
	        pa, NULL) == 201,
	    "post");
	snprintf(path, sizeof(path), "/social/posts/%s/like", pa);
	CHECK(jreq(&fans[0].c, "POST", path, NULL, &r) == 200 &&
	        json_integer_value(json_object_get(r.json, "likes_count")) == 1,
	    "like (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&fans[0].c, "POST", path, NULL, &r) == 409 &&
	        strcmp(error_code(&r), "already_liked") == 0,
	    "a second like is refused (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&fans[0].c, "DELETE", path, NULL, &r) == 200 &&
	        json_integer_value(json_object_get(r.json, "likes_count")) == 0,
	    "unlike (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&fans[0].c, "DELETE", path, NULL, &r) == 409 &&
	        strcmp(error_code(&r), "not_liked") == 0,
	    "unlike twice (%s)", r.body);
	h_free(&r);
	CHECK(notes(&a, "like") == 1, "one like notification");

	/* every member likes at once, twice each; then half unlike at once */
	for (int i = 0; i < N; i++)
		for (int k = 0; k < 2; k++)
			if (fork() == 0) {
				struct resp cr;
				long st = h_json(&fans[i].c, "POST", path, NULL, &cr);

				_exit(st == 200 ? 0 : st == 409 ? 1 : 2);
			}
	for (int i = 0; i < 2 * N; i++) {
		int st;

		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	}
	CHECK(ok == N, "one like per member succeeded (%d)", ok);
	CHECK(sql_ll("SELECT likes_count FROM t_demo.community_posts WHERE id = '%s';", pa) == N,
	    "likes_count exact after parallel likes");
	for (int i = 0; i < N / 2; i++)
		if (fork() == 0) {
			struct resp cr;

			_exit(h_json(&fans[i].c, "DELETE", path, NULL, &cr) == 200 ? 0 : 1);
		}
	for (int i = 0; i < N / 2; i++) {
		int st;

		wait(&st);
	}
	CHECK(sql_ll("SELECT likes_count FROM t_demo.community_posts WHERE id = '%s';", pa) ==
	        N - N / 2,
	    "likes_count exact after parallel unlikes");
	CHECK(sql_ll("SELECT count(*) FROM t_demo.post_interactions WHERE post_id = '%s' "
	             "AND interaction_type = 'like' AND removed_at IS NULL;",
	          pa) == N - N / 2,
	    "counter agrees with the rows");
	snprintf(path, sizeof(path), "/social/posts/%s", pa);
	CHECK(h_get(&fans[N - 1].c, path, &r) == 200 &&
	        json_is_true(json_object_get(json_object_get(post_of(&r), "viewer"), "liked")),
	    "the viewer sees their like");
	h_free(&r);
	CHECK(jreq(&a.c, "POST", "/social/posts/nope/like", NULL, &r) == 404, "malformed id");
	h_free(&r);
	CHECK(jreq(&a.c, "POST", "/social/posts/00000000-0000-7000-8000-000000000000/like", NULL,
	          &r) == 404 &&
	        strcmp(error_code(&r), "not_found") == 0,
	    "unknown post");
	h_free(&r);
}

ITEST(t_posts_comments, "posts: comments, one-level replies, notifications, parallel comments")
static void
t_posts_comments(void)
{
	enum { N = 8 };
	struct h_member a, b, c, d, many[N];
	struct resp r;
	char pa[37], other[37], path[128], c1[37], c2[37], c3[37], body[256];
	json_t *list, *top;

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	h_member_new(&c, "p");
	h_member_new(&d, "p");
	CHECK(create(&a,
	          json_pack("{s:s, s:s}", "post_type", "discussion", "content",
	              "Best bet of the weekend?"),
	          pa, NULL) == 201,
	    "post");
	CHECK(create(&a,
	          json_pack("{s:s, s:s}", "post_type", "discussion", "content", "Another thread"),
	          other, NULL) == 201,
	    "other post");
	snprintf(path, sizeof(path), "/social/posts/%s/comments", pa);
	CHECK(jreq(&b.c, "POST", path, json_pack("{s:s}", "content", XSS), &r) == 201 &&
	        strcmp(str(json_object_get(r.json, "comment"), "content"), XSS) == 0 &&
	        json_integer_value(json_object_get(r.json, "comments_count")) == 1,
	    "comment (%s)", r.body);
	snprintf(c1, sizeof(c1), "%s", str(json_object_get(r.json, "comment"), "comment_id"));
	h_free(&r);
	CHECK(jreq(&c.c, "POST", path,
	          json_pack("{s:s, s:s}", "content", "I agree", "parent_id", c1), &r) == 201 &&
	        strcmp(str(json_object_get(r.json, "comment"), "parent_id"), c1) == 0,
	    "reply (%s)", r.body);
	snprintf(c2, sizeof(c2), "%s", str(json_object_get(r.json, "comment"), "comment_id"));
	h_free(&r);
	/* a reply to a reply attaches to the top comment */
	snprintf(body, sizeof(body), "Me too, @%s", b.name);
	CHECK(jreq(&d.c, "POST", path, json_pack("{s:s, s:s}", "content", body, "parent_id", c2),
	          &r) == 201 &&
	        strcmp(str(json_object_get(r.json, "comment"), "parent_id"), c1) == 0,
	    "a reply to a reply goes to the top comment (%s)", r.body);
	snprintf(c3, sizeof(c3), "%s", str(json_object_get(r.json, "comment"), "comment_id"));
	h_free(&r);
	CHECK(h_get(&a.c, path, &r) == 200 && (list = json_object_get(r.json, "comments")) &&
	        json_array_size(list) == 1 && (top = json_array_get(list, 0)) &&
	        strcmp(str(top, "comment_id"), c1) == 0 &&
	        json_array_size(json_object_get(top, "replies")) == 2 &&
	        strcmp(str(json_array_get(json_object_get(top, "replies"), 1), "comment_id"), c3) ==
	            0 &&
	        json_integer_value(json_object_get(r.json, "comments_count")) == 3,
	    "threads (%s)", r.body);
	h_free(&r);
	CHECK(notes(&a, "comment") == 3, "the author hears of each comment");
	CHECK(notes(&b, "reply") == 1 && notes(&c, "reply") == 1,
	    "replies notify who was replied to");
	CHECK(notes(&b, "mention") == 1, "a mention in a comment notifies");

	/* refusals */
	CHECK(jreq(&b.c, "POST", path, json_pack("{s:s}", "content", ""), &r) == 422, "empty");
	h_free(&r);
	CHECK(jreq(&b.c, "POST", path, json_pack("{s:s, s:s}", "content", "x", "parent_id", "bad"),
	          &r) == 422,
	    "malformed parent");
	h_free(&r);
	snprintf(body, sizeof(body), "/social/posts/%s/comments", other);
	CHECK(jreq(&b.c, "POST", body, json_pack("{s:s, s:s}", "content", "x", "parent_id", c1),
	          &r) == 422 &&
	        strcmp(error_code(&r), "unknown_comment") == 0,
	    "a parent on another post (%s)", r.body);
	h_free(&r);
	{
		char *big = malloc(2002);

		memset(big, 'y', 2001);
		big[2001] = '\0';
		CHECK(jreq(&b.c, "POST", path, json_pack("{s:s}", "content", big), &r) == 422,
		    "oversized comment");
		h_free(&r);
		free(big);
	}
	CHECK(sql_ll("SELECT comments_count FROM t_demo.community_posts WHERE id = '%s';", pa) == 3,
	    "refusals changed nothing");
	CHECK(h_get(&a.c, "/social/posts/00000000-0000-7000-8000-000000000000/comments", &r) == 404,
	    "comments of an unknown post");
	h_free(&r);

	/* parallel comments keep the count exact */
	for (int i = 0; i < N; i++)
		h_member_new(&many[i], "p");
	for (int i = 0; i < N; i++)
		if (fork() == 0) {
			struct resp cr;
			char b2[64];

			snprintf(b2, sizeof(b2), "{\"content\": \"parallel %d\"}", i);
			_exit(h_json(&many[i].c, "POST", path, b2, &cr) == 201 ? 0 : 1);
		}
	for (int i = 0; i < N; i++) {
		int st;

		wait(&st);
	}
	CHECK(sql_ll("SELECT comments_count FROM t_demo.community_posts WHERE id = '%s';", pa) ==
	        3 + N,
	    "comments_count exact after parallel comments");
	snprintf(path, sizeof(path), "/posts/%s", pa);
	CHECK(h_get(&a.c, path, &r) == 200 && h_contains(&r, "&lt;script&gt;") &&
	        !h_contains(&r, "<script>alert") && h_contains(&r, "I agree"),
	    "the page shows comments escaped (%ld)", r.status);
	h_free(&r);
}

ITEST(t_posts_edit, "posts: edits, history after the event starts, only the author")
static void
t_posts_edit(void)
{
	struct h_member a, b;
	struct h_event f;
	struct resp r;
	char bet_a[37], pa[37], path[128], sql[256], out[64];
	json_t *p, *ed;

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	bet(&a, &f, bet_a);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s, s:s}", "post_type", "bet_post", "bet_id", bet_a,
	              "title", "First take", "content", "Home win #one"),
	          pa, NULL) == 201,
	    "bet post");
	snprintf(path, sizeof(path), "/social/posts/%s", pa);
	CHECK(jreq(&a.c, "PATCH", path, json_pack("{s:s}", "content", "Home win, clearly #two"),
	          &r) == 200 &&
	        (p = post_of(&r)) && json_is_true(json_object_get(p, "edited")) &&
	        strcmp(json_string_value(json_array_get(json_object_get(p, "tags"), 0)), "two") ==
	            0 &&
	        strcmp(str(p, "title"), "First take") == 0 &&
	        strcmp(str(p, "bet_id"), bet_a) == 0 &&
	        json_array_size(ed = json_object_get(r.json, "edits")) == 1 &&
	        json_is_false(json_object_get(json_array_get(ed, 0), "after_event_start")),
	    "edit before kick-off (%s)", r.body);
	h_free(&r);
	/* the event starts */
	snprintf(sql, sizeof(sql),
	    "UPDATE t_demo.events SET starts_at = now() - interval '1 minute' "
	    "WHERE id = '%s';",
	    f.event);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "kick-off");
	CHECK(jreq(&a.c, "PATCH", path,
	          json_pack("{s:s, s:i}", "title", "Changed my mind", "confidence_level", 3),
	          &r) == 200 &&
	        json_array_size(ed = json_object_get(r.json, "edits")) == 2 &&
	        json_is_true(json_object_get(json_array_get(ed, 1), "after_event_start")) &&
	        strcmp(str(json_array_get(ed, 0), "content"), "Home win #one") == 0 &&
	        strcmp(str(json_array_get(ed, 1), "content"), "Home win, clearly #two") == 0,
	    "edit after kick-off keeps both earlier versions (%s)", r.body);
	h_free(&r);
	snprintf(sql, sizeof(sql), "/posts/%s", pa);
	CHECK(h_get(&b.c, sql, &r) == 200 && h_contains(&r, "edited") &&
	        h_contains(&r, "Edit history") && h_contains(&r, "after the event started") &&
	        h_contains(&r, "Home win #one"),
	    "the page shows the history (%ld)", r.status);
	h_free(&r);
	CHECK(jreq(&b.c, "PATCH", path, json_pack("{s:s}", "content", "hijack"), &r) == 403,
	    "only the author (%s)", r.body);
	h_free(&r);
	CHECK(
	    jreq(&a.c, "PATCH", path, json_pack("{s:s}", "content", ""), &r) == 422, "empty edit");
	h_free(&r);
	CHECK(jreq(&a.c, "PATCH", path, json_pack("{s:s}", "bet_id", bet_a), &r) == 400 ||
	        r.status == 422,
	    "the bet is not editable (%ld)", r.status);
	h_free(&r);
	CHECK(jreq(&a.c, "PATCH", path, json_object(), &r) == 422, "nothing to change");
	h_free(&r);
	CHECK(sql_ll("SELECT count(*) FROM t_demo.post_edits WHERE post_id = '%s';", pa) == 2,
	    "refused edits keep no history");
}

ITEST(t_posts_spam, "posts: rate limits, duplicates and links, stricter for new accounts")
static void
t_posts_spam(void)
{
	struct h_member n, o, c;
	struct resp r;
	char pa[37], path[128], body[128];
	long long before;

	h_member_new(&n, "p");
	h_member_new(&o, "p");
	h_member_new(&c, "p");
	age(&o);
	/* new account: 1 link allowed, not 2; the old one may post 5 */
	CHECK(create(&n,
	          json_pack("{s:s, s:s}", "post_type", "analysis", "content",
	              "see https://a.test and https://b.test"),
	          NULL, &r) == 422 &&
	        strcmp(error_code(&r), "too_many_links") == 0 && strstr(r.body, "new"),
	    "links for a new account (%s)", r.body);
	h_free(&r);
	CHECK(create(&o,
	          json_pack("{s:s, s:s}", "post_type", "analysis", "content",
	              "see https://a.test and https://b.test"),
	          NULL, NULL) == 201,
	    "links for an older account");
	/* duplicates: same normalised content */
	CHECK(create(&n,
	          json_pack("{s:s, s:s}", "post_type", "discussion", "content", "Great pick!!"), pa,
	          NULL) == 201,
	    "first");
	CHECK(create(&n,
	          json_pack("{s:s, s:s}", "post_type", "analysis", "content", "  great   PICK "),
	          NULL, &r) == 422 &&
	        strcmp(error_code(&r), "duplicate_content") == 0,
	    "duplicate refused (%s)", r.body);
	h_free(&r);
	/* new accounts: 5 posts an hour */
	for (int i = 0; i < 4; i++) {
		snprintf(body, sizeof(body), "post number %d", i);
		CHECK(
		    create(&n, json_pack("{s:s, s:s}", "post_type", "discussion", "content", body),
		        NULL, NULL) == 201,
		    "post %d", i);
	}
	before = count_posts();
	CHECK(create(&n, json_pack("{s:s, s:s}", "post_type", "discussion", "content", "one more"),
	          NULL, &r) == 429 &&
	        strcmp(error_code(&r), "rate_limited") == 0 && strstr(r.body, "5 of these an hour"),
	    "rate limited (%s)", r.body);
	h_free(&r);
	CHECK(count_posts() == before, "nothing written");
	/* parallel posts cannot slip past the limit */
	for (int i = 0; i < 6; i++)
		if (fork() == 0) {
			struct resp cr;
			char b2[96];

			snprintf(b2, sizeof(b2),
			    "{\"post_type\": \"discussion\", \"content\": \"burst %d\"}", i);
			_exit(h_json(&c.c, "POST", "/social/posts", b2, &cr) == 201 ? 0 : 1);
		}
	for (int i = 0; i < 6; i++) {
		int st;

		wait(&st);
	}
	CHECK(
	    sql_ll("SELECT count(*) FROM t_demo.community_posts WHERE user_id = '%s';", c.id) == 5,
	    "exactly the limit under parallel posts");
	/* comments: duplicates and links */
	snprintf(path, sizeof(path), "/social/posts/%s/comments", pa);
	CHECK(jreq(&o.c, "POST", path, json_pack("{s:s}", "content", "Nice one"), &r) == 201,
	    "comment");
	h_free(&r);
	CHECK(jreq(&o.c, "POST", path, json_pack("{s:s}", "content", "nice one."), &r) == 422 &&
	        strcmp(error_code(&r), "duplicate_content") == 0,
	    "duplicate comment (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&c.c, "POST", path, json_pack("{s:s}", "content", "www.a.test www.b.test"),
	          &r) == 422 &&
	        strcmp(error_code(&r), "too_many_links") == 0,
	    "links in a comment (%s)", r.body);
	h_free(&r);
	/* an edit cannot add links past the limit */
	snprintf(path, sizeof(path), "/social/posts/%s", pa);
	CHECK(jreq(&n.c, "PATCH", path,
	          json_pack("{s:s}", "content", "https://a.test https://b.test"), &r) == 422 &&
	        strcmp(error_code(&r), "too_many_links") == 0,
	    "links by edit (%s)", r.body);
	h_free(&r);
	/* the brand's limits are settings: a stricter one applies at once */
	{
		char out[64];

		CHECK(h_sql(0, out, sizeof(out),
		          "UPDATE t_demo.posts_settings SET posts_per_hour = 1;") == 0,
		    "settings");
		CHECK(create(&o,
		          json_pack("{s:s, s:s}", "post_type", "discussion", "content", "again"),
		          NULL, &r) == 429,
		    "the brand's own limit (%s)", r.body);
		h_free(&r);
		h_sql(0, out, sizeof(out), "UPDATE t_demo.posts_settings SET posts_per_hour = 20;");
	}
}

ITEST(t_posts_social, "posts: shares, blocks, followers told with one job")
static void
t_posts_social(void)
{
	enum { F = 5 };
	struct h_member a, b, x, fol[F];
	struct resp r;
	char pa[37], path[128], sql[1024], out[64];

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	h_member_new(&x, "p");
	for (int i = 0; i < F; i++) {
		h_member_new(&fol[i], "p");
		snprintf(sql, sizeof(sql),
		    "SET ROLE t_demo; INSERT INTO user_relationships (id, follower_id, "
		    "following_id) VALUES (gen_random_uuid(), '%s', '%s');",
		    fol[i].id, a.id);
		CHECK(h_sql(0, out, sizeof(out), sql) == 0, "follow: %s", out);
	}
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; INSERT INTO user_relationships (id, follower_id, "
	    "following_id, relationship_type) VALUES (gen_random_uuid(), '%s', '%s', 'block');",
	    a.id, x.id);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "block: %s", out);
	snprintf(path, sizeof(path), "Hello @%s", x.name);
	CHECK(create(&a, json_pack("{s:s, s:s}", "post_type", "discussion", "content", path), pa,
	          &r) == 201 &&
	        json_array_size(json_object_get(post_of(&r), "mentions")) == 0,
	    "a blocked member is not mentioned (%s)", r.body);
	h_free(&r);
	h_drain("post_followers");
	CHECK(sql_ll("SELECT count(*) FROM t_demo.jobs WHERE kind = 'post_followers' "
	             "AND payload->>'post_id' = '%s';",
	          pa) == 1,
	    "one fan-out job for all followers");
	for (int i = 0; i < F; i++)
		CHECK(notes(&fol[i], "followed_posted") == 1, "follower %d told", i);
	CHECK(notes(&x, "mention") == 0 && notes(&x, "followed_posted") == 0,
	    "the blocked member is not");

	snprintf(path, sizeof(path), "/social/posts/%s/like", pa);
	CHECK(jreq(&x.c, "POST", path, NULL, &r) == 403 && strcmp(error_code(&r), "blocked") == 0,
	    "a blocked member cannot like (%s)", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/posts/%s/comments", pa);
	CHECK(jreq(&x.c, "POST", path, json_pack("{s:s}", "content", "hi"), &r) == 403,
	    "nor comment");
	h_free(&r);

	snprintf(path, sizeof(path), "/social/posts/%s/share", pa);
	CHECK(jreq(&b.c, "POST", path, json_pack("{s:s}", "content", "worth a read"), &r) == 201 &&
	        json_integer_value(json_object_get(r.json, "shares_count")) == 1,
	    "share (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&b.c, "POST", path, NULL, &r) == 409 &&
	        strcmp(error_code(&r), "already_shared") == 0,
	    "a second share (%s)", r.body);
	h_free(&r);
	CHECK(jreq(&a.c, "POST", path, NULL, &r) == 422, "one's own post (%s)", r.body);
	h_free(&r);
	CHECK(sql_ll("SELECT shares_count FROM t_demo.community_posts WHERE id = '%s';", pa) == 1 &&
	        sql_ll("SELECT count(*) FROM t_demo.post_interactions WHERE post_id = '%s' "
	               "AND interaction_type = 'share' AND content = 'worth a read';",
	            pa) == 1,
	    "the share is stored for the feed");
}

ITEST(t_posts_pages, "posts: new-post form, post page forms (CSRF, redirects), profile list")
static void
t_posts_pages(void)
{
	struct h_member a, b;
	struct h_event f;
	struct resp r;
	char bet_a[37], path[128], body[1024], loc[256], id[37];

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	bet(&a, &f, bet_a);
	CHECK(h_get(&a.c, "/bets", &r) == 200 && h_contains(&r, "/posts/new?bet_id="),
	    "My bets links to a new post");
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/new?bet_id=%s", bet_a);
	CHECK(
	    h_get(&a.c, path, &r) == 200 && h_contains(&r, "selected") && h_contains(&r, "Rovers"),
	    "the form preselects the bet (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "post_type=bet_post&bet_id=%s&title=%%3Ci%%3EMy+tip&content="
	    "Home+%%3Cb%%3Ewin%%3C%%2Fb%%3E+%%23tips&confidence_level=8&csrf_token=%s",
	    bet_a, a.c.csrf);
	CHECK(h_form(&a.c, "/posts", body, &r) == 303 &&
	        h_header(&r, "Location", loc, sizeof(loc)) && strncmp(loc, "/posts/", 7) == 0,
	    "form creates and redirects (%ld)", r.status);
	h_free(&r);
	snprintf(id, sizeof(id), "%.36s", loc + 7);
	snprintf(body, sizeof(body), "post_type=analysis&content=&csrf_token=%s", a.c.csrf);
	CHECK(h_form(&a.c, "/posts", body, &r) == 422 && h_contains(&r, "Content"),
	    "empty content re-renders the form (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "post_type=analysis&content=no+token");
	CHECK(h_form(&a.c, "/posts", body, &r) == 403, "no CSRF token (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&b.c, loc, &r) == 200 && h_contains(&r, "&lt;i&gt;My tip") &&
	        h_contains(&r, "Home &lt;b&gt;win&lt;/b&gt;") && h_contains(&r, "#tips") &&
	        h_contains(&r, "Confidence 8/10") && h_contains(&r, "Like"),
	    "post page (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s/like", id);
	snprintf(body, sizeof(body), "csrf_token=%s", b.c.csrf);
	CHECK(h_form(&b.c, path, body, &r) == 303, "like form redirects (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&b.c, loc, &r) == 200 && h_contains(&r, "Unlike") &&
	        h_contains(&r, "<span data-count=\"likes\">1</span>"),
	    "liked (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&b.c, path, body, &r) == 409, "a second like: a clear error (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s/comments", id);
	snprintf(body, sizeof(body), "content=Nice+%%3Cscript%%3E&csrf_token=%s", b.c.csrf);
	CHECK(h_form(&b.c, path, body, &r) == 303, "comment form redirects (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&a.c, loc, &r) == 200 && h_contains(&r, "Nice &lt;script&gt;") &&
	        h_contains(&r, "name=\"parent_id\""),
	    "comment shown with a reply form");
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s/unlike", id);
	snprintf(body, sizeof(body), "csrf_token=%s", b.c.csrf);
	CHECK(h_form(&b.c, path, body, &r) == 303, "unlike form (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s/edit", id);
	CHECK(h_get(&b.c, path, &r) == 403, "not the author's edit form");
	h_free(&r);
	snprintf(body, sizeof(body),
	    "title=My+tip&content=Edited+text&confidence_level=&csrf_token=%s", a.c.csrf);
	CHECK(h_form(&a.c, path, body, &r) == 303, "edit form (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&a.c, loc, &r) == 200 && h_contains(&r, "Edited text") &&
	        h_contains(&r, "Edit history"),
	    "edited");
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", a.name);
	CHECK(h_get(&b.c, path, &r) == 200 && h_contains(&r, "Posts") && h_contains(&r, id),
	    "the profile lists the member's posts (%ld)", r.status);
	h_free(&r);
	{
		struct client anon = h_demo();

		CHECK(h_get(&anon, loc, &r) == 200 && h_contains(&r, "Sign in"), "public page");
		h_free(&r);
		CHECK(
		    h_get(&anon, "/posts/new", &r) == 303 || r.status == 401, "new needs sign-in");
		h_free(&r);
	}
}

/* The member's copy of a bet (copy_trades), "" when none: status and amount. */
static void
copy_of(const struct h_member *m, const char *bet_id, char *out, size_t outsz)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT status || ' ' || copy_amount FROM t_demo.copy_trades "
	    "WHERE follower_id = '%s' AND original_bet_id = '%s';",
	    m->id, bet_id);
	out[0] = '\0';
	h_sql(0, out, outsz, sql);
}

/* The post page again, with the copy form and the message beside it: not
 * an error page. */
static int
post_page_with(const struct resp *r, const char *msg)
{
	return h_contains(r, "Copy me if you dare") && h_contains(r, "class=\"copy-bet\"") &&
	    h_contains(r, msg) && !h_contains(r, "error-page");
}

ITEST(t_posts_copy_form,
    "posts: \"Copy this bet\" as a browser sends the form (both fields, one empty); "
    "mistakes shown on the post page")
static void
t_posts_copy_form(void)
{
	struct h_member a, b, c, d;
	struct h_event f;
	struct resp r;
	char bet_a[37], id[37], path[128], body[512], loc[256], out[128];

	h_member_new(&a, "p");
	h_member_new(&b, "p");
	h_member_new(&c, "p");
	h_member_new(&d, "p");
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	bet(&a, &f, bet_a);
	CHECK(create(&a,
	          json_pack("{s:s, s:s, s:s}", "post_type", "bet_post", "bet_id", bet_a, "content",
	              "Copy me if you dare"),
	          id, NULL) == 201,
	    "a bet post");
	snprintf(path, sizeof(path), "/posts/%s", id);
	CHECK(h_get(&b.c, path, &r) == 200 && h_contains(&r, "class=\"copy-bet\"") &&
	        h_contains(&r, "name=\"amount\"") && h_contains(&r, "name=\"percentage\""),
	    "the post page offers the form (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s/copy", id);

	/* an amount, the percentage left empty: the browser sends both */
	snprintf(body, sizeof(body), "csrf_token=%s&amount=12.50&percentage=", b.c.csrf);
	CHECK(h_form(&b.c, path, body, &r) == 303 && h_header(&r, "Location", loc, sizeof(loc)) &&
	        strncmp(loc, "/bets?status=open", 17) == 0,
	    "an amount copies the bet (%ld %s)", r.status, r.body ? r.body : "");
	h_free(&r);
	copy_of(&b, bet_a, out, sizeof(out));
	CHECK(strcmp(out, "placed 1250") == 0, "b's copy of 12.50 (%s)", out);

	/* a percentage, the amount left empty: 2 % of 1,000.00 */
	snprintf(body, sizeof(body), "csrf_token=%s&amount=&percentage=2", c.c.csrf);
	CHECK(h_form(&c.c, path, body, &r) == 303, "a percentage copies the bet (%ld %s)", r.status,
	    r.body ? r.body : "");
	h_free(&r);
	copy_of(&c, bet_a, out, sizeof(out));
	CHECK(strcmp(out, "placed 2000") == 0, "c's copy of 2 %% (%s)", out);

	/* mistakes: the post page again, the message beside the form, nothing placed */
	snprintf(body, sizeof(body), "csrf_token=%s&amount=&percentage=", d.c.csrf);
	CHECK(h_form(&d.c, path, body, &r) == 422 &&
	        post_page_with(&r, "Give an amount or a percentage of your bankroll"),
	    "neither: on the post page (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "csrf_token=%s&amount=5&percentage=2", d.c.csrf);
	CHECK(h_form(&d.c, path, body, &r) == 422 && post_page_with(&r, "not both") &&
	        h_contains(&r, "value=\"5\"") && h_contains(&r, "value=\"2\""),
	    "both: on the post page, as typed (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "csrf_token=%s&amount=lots&percentage=", d.c.csrf);
	CHECK(h_form(&d.c, path, body, &r) == 422 &&
	        post_page_with(&r, "must be a positive amount with at most two decimals"),
	    "a wrong amount: on the post page (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "csrf_token=%s&amount=&percentage=150", d.c.csrf);
	CHECK(h_form(&d.c, path, body, &r) == 422 && post_page_with(&r, "must be a percentage"),
	    "a wrong percentage: on the post page (%ld)", r.status);
	h_free(&r);
	copy_of(&d, bet_a, out, sizeof(out));
	CHECK(out[0] == '\0' && h_wallet_cash(&d.c) == 100000, "d copied nothing (%s)", out);

	/* a refusal of the copy itself: the post page with its words */
	snprintf(body, sizeof(body), "csrf_token=%s&amount=3.00&percentage=", b.c.csrf);
	CHECK(h_form(&b.c, path, body, &r) == 409 &&
	        post_page_with(&r, "You have a copy of this bet already."),
	    "a second copy: on the post page (%ld)", r.status);
	h_free(&r);
	copy_of(&b, bet_a, out, sizeof(out));
	CHECK(strcmp(out, "placed 1250") == 0, "b still has the one copy (%s)", out);
}
