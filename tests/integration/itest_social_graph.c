/*
 * Integration tests for the follow graph: the specification's
 * test_follow_user_workflow over JSON and the HTML buttons, block
 * semantics (follows gone both ways, each hidden from the other), paged
 * lists with escaped display names, counters that stay exact under
 * concurrent follows from many processes, and every bad input answered
 * with a clear error that changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW H_PASSWORD

/* POST/DELETE /social/users/{id}/{what}; returns the status, the body in r. */
static int
rel(struct h_member *m, const char *method, const char *id, const char *what, struct resp *r)
{
	char path[160];

	snprintf(path, sizeof(path), "/social/users/%s/%s", id, what);
	return h_json(&m->c, method, path, NULL, r);
}

static int
rel_status(struct h_member *m, const char *method, const char *id, const char *what)
{
	struct resp r;
	int st = rel(m, method, id, what, &r);

	h_free(&r);
	return st;
}

static long long
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* followers_count/following_count as stored, and as counted. */
static void
counts(const char *id, long long *followers, long long *following, long long *real_followers,
    long long *real_following)
{
	char q[512], out[128];

	snprintf(q, sizeof(q),
	    "SELECT followers_count || ' ' || following_count || ' ' || "
	    "(SELECT count(*) FROM t_demo.user_relationships WHERE following_id = u.id AND "
	    "relationship_type = 'follow') || ' ' || (SELECT count(*) FROM t_demo.user_relationships "
	    "WHERE follower_id = u.id AND relationship_type = 'follow') FROM t_demo.users u "
	    "WHERE id = '%s';",
	    id);
	*followers = *following = *real_followers = *real_following = -1;
	CHECK(h_sql(0, out, sizeof(out), q) == 0 &&
	        sscanf(out, "%lld %lld %lld %lld", followers, following, real_followers,
	            real_following) == 4,
	    "counts of %s: %s", id, out);
}

static long long
followers_of(const char *id)
{
	long long a, b, c, d;

	counts(id, &a, &b, &c, &d);
	CHECK(a == c && b == d, "stored counts %lld/%lld match counted %lld/%lld", a, b, c, d);
	return a;
}

/* No member of the tenant has a counter that disagrees with the rows. */
static void
all_counts_exact(void)
{
	char out[64];

	CHECK(
	    h_sql(0, out, sizeof(out),
	        "SELECT count(*) FROM t_demo.users u WHERE "
	        "followers_count <> (SELECT count(*) FROM t_demo.user_relationships WHERE following_id = "
	        "u.id AND relationship_type = 'follow') OR following_count <> (SELECT count(*) FROM "
	        "t_demo.user_relationships WHERE follower_id = u.id AND relationship_type = 'follow');") ==
	            0 &&
	        strcmp(out, "0") == 0,
	    "members with inexact counters: %s", out);
}

static void
drain_notify(void)
{
	char out[64] = "";

	H_UNTIL(h_sql_is("SELECT count(*) FROM t_demo.jobs WHERE kind = 'notify' "
	                 "AND state = 'queued' AND run_at <= now();",
	            "0", out, sizeof(out)),
	    "the notify jobs due have run (%s left)", out);
}

static int
follow_notes(struct h_member *m)
{
	struct resp r;
	size_t i;
	json_t *n;
	int k = 0;

	CHECK(h_json(&m->c, "GET", "/social/notifications", NULL, &r) == 200, "notifications");
	json_array_foreach(json_object_get(r.json, "notifications"), i,
	    n) if (strcmp(jstr(n, "kind"), "follow") == 0) k++;
	h_free(&r);
	return k;
}

static json_t *
get_json(struct h_member *m, const char *fmt, const char *id, struct resp *r)
{
	char path[200];

	snprintf(path, sizeof(path), fmt, id);
	CHECK(h_json(m ? &m->c : NULL, "GET", path, NULL, r) == 200 && r->json != NULL,
	    "GET %s (%ld)", path, r->status);
	return r->json;
}

ITEST(t_graph_follow_workflow, "graph: follow workflow, counters, tier, notification, unfollow")
static void
t_graph_follow_workflow(void)
{
	struct h_member a, b;
	struct resp r;
	json_t *j, *u;

	h_member_new(&a, "g");
	h_member_new(&b, "g");
	/* The specification's test_follow_user_workflow. */
	CHECK(rel(&a, "POST", b.id, "follow", &r) == 201 &&
	        json_is_true(json_object_get(r.json, "success")) &&
	        json_is_true(json_object_get(r.json, "following")) &&
	        jint(r.json, "followers_count") == 1,
	    "a follows b (%ld %s)", r.status, r.body);
	h_free(&r);
	j = get_json(&a, "/social/users/%s/following", a.id, &r);
	u = json_array_get(json_object_get(j, "users"), 0);
	CHECK(jint(j, "total") == 1 && json_array_size(json_object_get(j, "users")) == 1 &&
	        strcmp(jstr(u, "user_id"), b.id) == 0 && strcmp(jstr(u, "username"), b.name) == 0 &&
	        strcmp(jstr(u, "tier"), "bronze") == 0 && jint(u, "followers_count") == 1 &&
	        jint(j, "page") == 1 && jint(j, "per_page") == 20,
	    "following list: %s", r.body);
	h_free(&r);
	j = get_json(NULL, "/social/users/%s/followers", b.id, &r);
	u = json_array_get(json_object_get(j, "users"), 0);
	CHECK(jint(j, "total") == 1 && strcmp(jstr(u, "user_id"), a.id) == 0 &&
	        json_object_get(u, "display_name") != NULL,
	    "followers list, signed out: %s", r.body);
	h_free(&r);
	j = get_json(&a, "/social/users/%s/profile", b.id, &r);
	CHECK(jint(j, "followers_count") == 1 && jint(j, "following_count") == 0 &&
	        strcmp(jstr(j, "tier"), "bronze") == 0 &&
	        json_is_true(json_object_get(j, "followed_by_me")),
	    "b's profile: %s", r.body);
	h_free(&r);
	CHECK(followers_of(b.id) == 1, "b has one follower");

	/* A second follow is idempotent: 200, nothing changes, no second note. */
	CHECK(rel(&a, "POST", b.id, "follow", &r) == 200 &&
	        json_is_false(json_object_get(r.json, "changed")) &&
	        jint(r.json, "followers_count") == 1,
	    "double follow (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(followers_of(b.id) == 1, "still one follower");
	drain_notify();
	CHECK(follow_notes(&b) == 1, "b was told once about the new follower");
	CHECK(follow_notes(&a) == 0, "a was not told anything");

	/* Unfollow, then unfollow again: a clear 409. */
	CHECK(rel(&a, "DELETE", b.id, "follow", &r) == 200 &&
	        json_is_false(json_object_get(r.json, "following")) &&
	        jint(r.json, "followers_count") == 0,
	    "unfollow (%ld)", r.status);
	h_free(&r);
	CHECK(rel(&a, "DELETE", b.id, "follow", &r) == 409 &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "conflict") == 0 &&
	        strstr(r.body, "not following") != NULL,
	    "unfollow again (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(followers_of(b.id) == 0 && followers_of(a.id) == 0, "counters back to zero");
	all_counts_exact();
}

ITEST(
    t_graph_html, "graph: profile counts, tier, follow/unfollow/block buttons (POST-redirect-GET)")
static void
t_graph_html(void)
{
	struct h_member a, b;
	struct resp r;
	char path[160], body[200], loc[256];

	h_member_new(&a, "g");
	h_member_new(&b, "g");
	snprintf(path, sizeof(path), "/u/%s", b.name);
	CHECK(h_get(&a.c, path, &r) == 200 && h_contains(&r, "data-count=\"followers\">0<") &&
	        h_contains(&r, "data-tier=\"bronze\"") && h_contains(&r, "/follow\"") &&
	        h_contains(&r, "/block\"") && h_contains(&r, a.c.csrf),
	    "profile with buttons (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", a.name);
	CHECK(h_get(&a.c, path, &r) == 200 && !h_contains(&r, "/follow\"") &&
	        h_contains(&r, "followers</a>"),
	    "own profile: counts, no buttons");
	h_free(&r);

	snprintf(path, sizeof(path), "/u/%s/follow", b.name);
	CHECK(h_form(&a.c, path, "", &r) == 403, "no CSRF token (%ld)", r.status);
	h_free(&r);
	CHECK(followers_of(b.id) == 0, "nothing changed");
	snprintf(body, sizeof(body), "csrf_token=%s", a.c.csrf);
	CHECK(h_form(&a.c, path, body, &r) == 303 && h_header(&r, "Location", loc, sizeof(loc)) &&
	        strstr(loc, "?graph=followed") != NULL,
	    "follow button (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&a.c, path, body, &r) == 303 && h_header(&r, "Location", loc, sizeof(loc)) &&
	        strstr(loc, "?graph=already_following") != NULL,
	    "follow twice (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s?graph=followed", b.name);
	CHECK(h_get(&a.c, path, &r) == 200 && h_contains(&r, "id=\"graph-flash\"") &&
	        h_contains(&r, "data-count=\"followers\">1<") && h_contains(&r, "/unfollow\""),
	    "profile after following (%ld)", r.status);
	h_free(&r);
	CHECK(followers_of(b.id) == 1, "one follower");

	snprintf(path, sizeof(path), "/u/%s/unfollow", b.name);
	CHECK(h_form(&a.c, path, body, &r) == 303, "unfollow button (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&a.c, path, body, &r) == 409 && h_contains(&r, "not following"),
	    "unfollow again: a page with the message (%ld)", r.status);
	h_free(&r);
	CHECK(followers_of(b.id) == 0, "no follower");

	snprintf(path, sizeof(path), "/u/%s/follow", a.name);
	CHECK(h_form(&a.c, path, body, &r) == 422 && h_contains(&r, "cannot follow yourself"),
	    "follow yourself: a page with the message (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&a.c, "/u/nobody_here_at_all/follow", body, &r) == 404, "unknown member (%ld)",
	    r.status);
	h_free(&r);
	{
		struct client anon = h_demo();

		snprintf(path, sizeof(path), "/u/%s/follow", b.name);
		CHECK(h_form(&anon, path, "", &r) == 303 &&
		        h_header(&r, "Location", loc, sizeof(loc)) &&
		        strstr(loc, "/signin") != NULL,
		    "signed out: to sign-in (%ld)", r.status);
		h_free(&r);
	}

	snprintf(path, sizeof(path), "/u/%s/block", b.name);
	CHECK(h_form(&a.c, path, body, &r) == 303 && h_header(&r, "Location", loc, sizeof(loc)) &&
	        strstr(loc, "?graph=blocked") != NULL,
	    "block button (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", b.name);
	CHECK(h_get(&a.c, path, &r) == 200 && h_contains(&r, "/unblock\"") &&
	        !h_contains(&r, "/follow\""),
	    "the blocker sees Unblock");
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", a.name);
	CHECK(h_get(&b.c, path, &r) == 404, "the blocked member cannot see the blocker (%ld)",
	    r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/unblock", b.name);
	CHECK(h_form(&a.c, path, body, &r) == 303, "unblock button (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", a.name);
	CHECK(h_get(&b.c, path, &r) == 200, "visible again (%ld)", r.status);
	h_free(&r);
}

ITEST(t_graph_block, "graph: a block removes follows both ways and hides each from the other")
static void
t_graph_block(void)
{
	struct h_member a, b, c;
	struct resp r;
	json_t *j;
	char path[200];

	h_member_new(&a, "g");
	h_member_new(&b, "g");
	h_member_new(&c, "g");
	CHECK(rel_status(&a, "POST", b.id, "follow") == 201, "a follows b");
	CHECK(rel_status(&b, "POST", a.id, "follow") == 201, "b follows a");
	CHECK(rel_status(&a, "POST", c.id, "follow") == 201, "a follows c");
	CHECK(rel_status(&b, "POST", c.id, "follow") == 201, "b follows c");
	CHECK(rel_status(&c, "POST", a.id, "follow") == 201, "c follows a");
	CHECK(followers_of(a.id) == 2 && followers_of(b.id) == 1 && followers_of(c.id) == 2,
	    "before the block");

	CHECK(rel(&a, "POST", b.id, "block", &r) == 200 &&
	        json_is_true(json_object_get(r.json, "blocked")) &&
	        json_is_false(json_object_get(r.json, "following")),
	    "a blocks b (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(followers_of(a.id) == 1 && followers_of(b.id) == 0, "both follows gone");
	CHECK(rel_status(&a, "POST", b.id, "block") == 200, "a second block is a no-op");
	CHECK(followers_of(a.id) == 1 && followers_of(b.id) == 0, "unchanged");

	/* Neither can follow the other. */
	CHECK(rel(&a, "POST", b.id, "follow", &r) == 409 && strstr(r.body, "Unblock") != NULL,
	    "the blocker cannot follow (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(rel(&b, "POST", a.id, "follow", &r) == 404 &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "not_found") == 0,
	    "the blocked member cannot follow (%ld)", r.status);
	h_free(&r);
	CHECK(rel_status(&b, "POST", a.id, "block") == 404,
	    "nor block back a member they cannot see");
	CHECK(rel_status(&b, "DELETE", a.id, "block") == 404, "nor unblock");
	CHECK(followers_of(a.id) == 1 && followers_of(b.id) == 0, "unchanged");

	/* The blocked member sees the blocker as unavailable, everywhere. */
	snprintf(path, sizeof(path), "/social/users/%s/profile", a.id);
	CHECK(h_json(&b.c, "GET", path, NULL, &r) == 404, "profile JSON hidden (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/followers", a.id);
	CHECK(h_json(&b.c, "GET", path, NULL, &r) == 404, "followers JSON hidden (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/following", a.name);
	CHECK(h_get(&b.c, path, &r) == 404, "following page hidden (%ld)", r.status);
	h_free(&r);
	/* The blocker still sees the blocked member's profile. */
	snprintf(path, sizeof(path), "/social/users/%s/profile", b.id);
	CHECK(h_json(&a.c, "GET", path, NULL, &r) == 200 &&
	        json_is_true(json_object_get(r.json, "blocked_by_me")),
	    "blocker sees the profile (%ld)", r.status);
	h_free(&r);

	/* Each is left out of the other's view of c's followers. */
	j = get_json(&a, "/social/users/%s/followers", c.id, &r);
	CHECK(jint(j, "total") == 1 && json_array_size(json_object_get(j, "users")) == 1 &&
	        strcmp(jstr(json_array_get(json_object_get(j, "users"), 0), "user_id"), a.id) == 0,
	    "a does not see b among c's followers: %s", r.body);
	h_free(&r);
	j = get_json(&b, "/social/users/%s/followers", c.id, &r);
	CHECK(jint(j, "total") == 1 &&
	        strcmp(jstr(json_array_get(json_object_get(j, "users"), 0), "user_id"), b.id) == 0,
	    "b does not see a among c's followers: %s", r.body);
	h_free(&r);
	j = get_json(&b, "/social/users/%s/following", c.id, &r);
	CHECK(jint(j, "total") == 0, "b does not see a among c's following: %s", r.body);
	h_free(&r);
	j = get_json(NULL, "/social/users/%s/followers", c.id, &r);
	CHECK(jint(j, "total") == 2, "signed out: both: %s", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/followers", c.name);
	CHECK(h_get(&b.c, path, &r) == 200 && !h_contains(&r, a.name) && h_contains(&r, b.name),
	    "the HTML list leaves a out for b");
	h_free(&r);

	/* Unblocking restores visibility, not the follows. */
	CHECK(rel(&a, "DELETE", b.id, "block", &r) == 200 &&
	        json_is_false(json_object_get(r.json, "blocked")),
	    "unblock (%ld)", r.status);
	h_free(&r);
	CHECK(rel_status(&a, "DELETE", b.id, "block") == 409, "unblock twice: 409");
	CHECK(followers_of(a.id) == 1 && followers_of(b.id) == 0, "no follow came back");
	CHECK(rel_status(&b, "POST", a.id, "follow") == 201, "b can follow a again");
	all_counts_exact();
}

ITEST(t_graph_bad_input, "graph: bad input gets a clear error and changes nothing")
static void
t_graph_bad_input(void)
{
	struct h_member a, b;
	struct client anon = h_demo();
	struct resp r;
	char snap[4096], after[4096];
	const char *snap_sql =
	    "SELECT md5(coalesce(string_agg(follower_id::text || following_id || "
	    "relationship_type, ',' ORDER BY id), '')) || '|' || (SELECT sum(followers_count) || '/' || "
	    "sum(following_count) FROM t_demo.users) || '|' || (SELECT count(*) FROM t_demo.jobs) "
	    "FROM t_demo.user_relationships;";

	h_member_new(&a, "g");
	h_member_new(&b, "g");
	CHECK(rel_status(&a, "POST", b.id, "follow") == 201, "a follows b");
	CHECK(h_sql(0, snap, sizeof(snap), snap_sql) == 0, "snapshot: %s", snap);

	CHECK(rel(&a, "POST", a.id, "follow", &r) == 422 && strstr(r.body, "yourself") != NULL &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "validation_failed") == 0,
	    "follow yourself (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(rel_status(&a, "POST", a.id, "block") == 422, "block yourself");
	CHECK(rel_status(&a, "DELETE", a.id, "follow") == 422, "unfollow yourself");
	CHECK(rel(&a, "POST", "0193a000-0000-7000-8000-000000000000", "follow", &r) == 404 &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "not_found") == 0,
	    "unknown member (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(rel_status(&a, "POST", "not-a-uuid", "follow") == 404, "malformed id");
	CHECK(rel_status(&a, "POST", "%27%3B--", "follow") == 404, "SQL in the id");
	CHECK(rel_status(&a, "DELETE", "not-a-uuid", "block") == 404, "malformed id, unblock");
	CHECK(rel_status(&b, "DELETE", a.id, "follow") == 409, "unfollow someone you don't follow");
	CHECK(rel_status(&b, "DELETE", a.id, "block") == 409, "unblock someone you didn't block");
	CHECK(h_json(&anon, "POST", "/social/users/0193a000-0000-7000-8000-000000000000/follow",
	          NULL, &r) == 401,
	    "signed out (%ld)", r.status);
	h_free(&r);
	{
		char path[160], hdr[64];

		/* The session cookie without the CSRF token. */
		snprintf(path, sizeof(path), "/social/users/%s/follow", a.id);
		snprintf(hdr, sizeof(hdr), "Accept: application/json");
		CHECK(h_req(&b.c, "POST", path, NULL, NULL, &r, hdr, NULL) == 403, "no CSRF (%ld)",
		    r.status);
		h_free(&r);
		CHECK(h_json(&b.c, "PUT", path, NULL, &r) == 405, "PUT: 405 (%ld)", r.status);
		h_free(&r);
		CHECK(h_json(&b.c, "POST", path, "{\"x\": 1}", &r) == 422, "unknown JSON key (%ld)",
		    r.status);
		h_free(&r);
	}
	CHECK(h_json(&anon, "GET", "/social/users/nope/followers", NULL, &r) == 404,
	    "list of a malformed id (%ld)", r.status);
	h_free(&r);
	{
		char path[160];

		snprintf(path, sizeof(path), "/social/users/%s/followers?page=0", b.id);
		CHECK(h_json(&anon, "GET", path, NULL, &r) == 422, "page=0 (%ld)", r.status);
		h_free(&r);
		snprintf(path, sizeof(path), "/social/users/%s/following?page=abc", b.id);
		CHECK(h_json(&anon, "GET", path, NULL, &r) == 422 && strstr(r.body, "page") != NULL,
		    "page=abc (%ld %s)", r.status, r.body);
		h_free(&r);
	}
	CHECK(h_sql(0, after, sizeof(after), snap_sql) == 0 && strcmp(snap, after) == 0,
	    "nothing changed");
}

ITEST(t_graph_pages, "graph: paged lists (JSON and HTML), tiers, escaped display names")
static void
t_graph_pages(void)
{
	struct h_member t;
	struct resp r;
	json_t *j;
	char q[2048], out[256], path[200], seen[64][37];
	size_t nseen = 0;

	h_member_new(&t, "g");
	/* 25 followers straight into the tables (the trigger keeps the
	 * counters), one second apart so that the order is known; markup in
	 * every display name; every member has a wallet (the ledger check). */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo;"
	    "WITH u AS (INSERT INTO users (id, username, email, password_hash, display_name) "
	    "SELECT gen_random_uuid(), '%s_' || i, '%s_' || i || '@example.test', 'x', "
	    "'<b>F' || i || '</b> & \"co\"' FROM generate_series(1, 25) i RETURNING id, username), "
	    "w AS (INSERT INTO ledger_accounts (kind, user_id) SELECT k, u.id FROM u, "
	    "unnest(ARRAY['user_cash', 'user_in_play']) k) "
	    "INSERT INTO user_relationships (id, follower_id, following_id, created_at) "
	    "SELECT gen_random_uuid(), u.id, '%s', now() - (30 - split_part(u.username, '_', 2)::int) "
	    "* interval '1 second' FROM u;",
	    t.name, t.name, t.id);
	CHECK(h_sql(0, out, sizeof(out), q) == 0, "followers inserted: %s", out);
	CHECK(followers_of(t.id) == 25, "25 followers");

	for (int page = 1; page <= 3; page++) {
		size_t i;
		json_t *u;
		char want[80];

		snprintf(path, sizeof(path), "/social/users/%s/followers?page=%d", t.id, page);
		CHECK(
		    h_json(NULL, "GET", path, NULL, &r) == 200 && r.json != NULL, "page %d", page);
		j = r.json;
		CHECK(jint(j, "total") == 25 && jint(j, "page") == page &&
		        jint(j, "per_page") == 20 &&
		        json_array_size(json_object_get(j, "users")) ==
		            (page == 1          ? 20u
		                    : page == 2 ? 5u
		                                : 0u),
		    "page %d: %s", page, r.body);
		json_array_foreach(json_object_get(j, "users"), i, u)
		{
			/* newest first: follower 25 first */
			snprintf(want, sizeof(want), "%s_%d", t.name, 25 - (int)nseen);
			CHECK(strcmp(jstr(u, "username"), want) == 0, "order: %s, want %s",
			    jstr(u, "username"), want);
			for (size_t k = 0; k < nseen; k++)
				CHECK(strcmp(seen[k], jstr(u, "user_id")) != 0,
				    "duplicate across pages");
			if (nseen < 64)
				snprintf(seen[nseen++], 37, "%s", jstr(u, "user_id"));
			CHECK(strstr(jstr(u, "display_name"), "<b>F") == jstr(u, "display_name"),
			    "JSON keeps the name as typed");
		}
		h_free(&r);
	}
	CHECK(nseen == 25, "every follower exactly once (%zu)", nseen);

	snprintf(path, sizeof(path), "/social/users/%s/profile", t.id);
	CHECK(h_json(NULL, "GET", path, NULL, &r) == 200 &&
	        strcmp(jstr(r.json, "tier"), "silver") == 0 &&
	        jint(r.json, "followers_count") == 25,
	    "25 followers: silver (%s)", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", t.name);
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "data-tier=\"silver\"") &&
	        h_contains(&r, "data-count=\"followers\">25<"),
	    "profile page: silver, 25");
	h_free(&r);

	snprintf(path, sizeof(path), "/u/%s/followers", t.name);
	CHECK(h_get(NULL, path, &r) == 200 &&
	        h_contains(&r, "&lt;b&gt;F25&lt;/b&gt; &amp; &quot;co&quot;") &&
	        !h_contains(&r, "<b>F") && h_contains(&r, "data-total=\"25\"") &&
	        h_contains(&r, "rel=\"next\"") && !h_contains(&r, "rel=\"prev\"") &&
	        h_contains(&r, "page 1 of 2"),
	    "HTML page 1, escaped (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/followers?page=2", t.name);
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "&lt;b&gt;F1&lt;/b&gt;") &&
	        !h_contains(&r, "&lt;b&gt;F25&lt;") && h_contains(&r, "rel=\"prev\"") &&
	        !h_contains(&r, "rel=\"next\""),
	    "HTML page 2 (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/following", t.name);
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "Nobody yet"), "empty following page");
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s_1/following", t.name);
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "data-total=\"1\"") &&
	        h_contains(&r, t.name),
	    "a follower's following page");
	h_free(&r);
	CHECK(h_get(NULL, "/u/nobody_here_at_all/followers", &r) == 404, "unknown member's list");
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/followers?page=-1", t.name);
	CHECK(h_get(NULL, path, &r) == 422, "page=-1 (%ld)", r.status);
	h_free(&r);
}

#define NPROC 12

ITEST(t_graph_concurrency, "graph: counters stay exact under concurrent follows and unfollows")
static void
t_graph_concurrency(void)
{
	struct h_member t, m[NPROC];
	pid_t pid[NPROC];
	int bad = 0;

	h_member_new(&t, "g");
	for (int i = 0; i < NPROC; i++)
		h_member_new(&m[i], "g");

	/* Round 1: every process follows t twice and its neighbour once, all
	 * at the same moment (the ring of follows crosses the counters' row
	 * locks in every order). */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < NPROC; i++) {
			if ((pid[i] = fork()) == 0) {
				struct h_member *me = &m[i], *next = &m[(i + 1) % NPROC];
				int ok;

				if (round == 0)
					ok = rel_status(me, "POST", t.id, "follow") == 201 &&
					    rel_status(me, "POST", next->id, "follow") == 201 &&
					    rel_status(me, "POST", t.id, "follow") == 200;
				else if (i % 2 == 0) /* round 2: half leave, the rest block */
					ok = rel_status(me, "DELETE", t.id, "follow") == 200 &&
					    rel_status(me, "DELETE", next->id, "follow") == 200;
				else
					ok = rel_status(me, "POST", next->id, "block") == 200;
				_exit(ok ? 0 : 1);
			}
		}
		for (int i = 0; i < NPROC; i++) {
			int st = 0;

			waitpid(pid[i], &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				bad++;
		}
		CHECK(bad == 0, "round %d: %d processes got an unexpected answer", round + 1, bad);
		if (round == 0) {
			CHECK(followers_of(t.id) == NPROC, "t has %d followers", NPROC);
			for (int i = 0; i < NPROC; i++)
				CHECK(followers_of(m[i].id) == 1, "member %d has one follower", i);
		} else {
			long long f, g, rf, rg;

			CHECK(followers_of(t.id) == NPROC / 2, "t has %d followers", NPROC / 2);
			counts(m[0].id, &f, &g, &rf, &rg);
			CHECK(f == 0 && g == 0,
			    "member 0: followed by nobody (11 blocked it), "
			    "follows nobody: %lld %lld",
			    f, g);
		}
		all_counts_exact();
	}
}
