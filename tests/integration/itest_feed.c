/*
 * Integration tests for the personalised feed: followed members' posts
 * first, then similar and trending ones; cursors that neither repeat nor
 * skip while new posts arrive; new posts on top of a reused ranking and
 * pushed live through nginx; blocks; forged cursors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "Feed-Reader-Pass-42"

static void
sql(const char *q)
{
	char out[512];

	CHECK(h_sql(0, out, sizeof(out), q) == 0, "%s: %s", q, out);
}

/* A discussion post about football; its id into id. */
static void
post(struct client *c, const char *title, const char *content, char id[37])
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "post_type", "discussion", "title", title,
	    "content", content, "sport", "football");
	char *body = json_dumps(j, 0);
	struct resp r;

	json_decref(j);
	CHECK(h_json(c, "POST", "/social/posts", body, &r) == 201 && r.json, "post (%ld %s)",
	    r.status, r.body ? r.body : "");
	free(body);
	snprintf(id, 37, "%s",
	    r.json ? json_string_value(json_object_get(json_object_get(r.json, "post"), "post_id"))
	            ? json_string_value(json_object_get(json_object_get(r.json, "post"), "post_id"))
	            : json_string_value(json_object_get(r.json, "post_id"))
	           : "");
	h_free(&r);
}

static void
follow(struct client *c, const char *user_id, const char *how)
{
	char path[128];
	struct resp r;

	snprintf(path, sizeof(path), "/social/users/%s/%s", user_id, how);
	CHECK(h_json(c, "POST", path, "{}", &r) / 100 == 2, "%s (%ld)", how, r.status);
	h_free(&r);
}

/* One page: its post ids appended to ids (count in *n); the next cursor. */
static int
page(struct client *c, const char *cursor, int limit, char ids[][37], int *n, int max, char *next,
    size_t nextsz)
{
	char path[256];
	struct resp r;
	json_t *items, *it;
	size_t i;
	int st;

	if (cursor && cursor[0])
		snprintf(path, sizeof(path), "/social/feed?limit=%d&cursor=%s", limit, cursor);
	else
		snprintf(path, sizeof(path), "/social/feed?limit=%d", limit);
	st = h_json(c, "GET", path, NULL, &r);
	next[0] = '\0';
	if (st == 200 && r.json) {
		items = json_object_get(r.json, "items");
		CHECK(json_array_size(items) <= (size_t)limit, "at most limit items");
		json_array_foreach(items, i, it) if (*n < max) snprintf(
		    ids[(*n)++], 37, "%s", json_string_value(json_object_get(it, "post_id")));
		if (json_is_string(json_object_get(r.json, "next_cursor")))
			snprintf(next, nextsz, "%s",
			    json_string_value(json_object_get(r.json, "next_cursor")));
	}
	h_free(&r);
	return st;
}

static int
index_of(char ids[][37], int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	return -1;
}

ITEST(t_feed, "feed: followed first, stable cursors, new posts on top and live, blocks")
static void
t_feed(void)
{
	struct client v = h_demo(), a1 = h_demo(), a2 = h_demo(), s = h_demo(), t = h_demo();
	char nv[40], na1[40], na2[40], ns[40], nt[40];
	char idv[37], ida1[37], ida2[37], ids_[37], idt[37];
	char followed[6][37], sim[2][37], trend[37], fresh[37], late[37];
	char got[200][37], next[64], cur[64], q[512], title[64], content[128];
	int n = 0, st;

	h_unique(nv, sizeof(nv), "fv");
	h_unique(na1, sizeof(na1), "fa");
	h_unique(na2, sizeof(na2), "fb");
	h_unique(ns, sizeof(ns), "fs");
	h_unique(nt, sizeof(nt), "ft");
	CHECK(h_signup(&v, nv, PW, idv) == 201 && h_signup(&a1, na1, PW, ida1) == 201 &&
	        h_signup(&a2, na2, PW, ida2) == 201 && h_signup(&s, ns, PW, ids_) == 201 &&
	        h_signup(&t, nt, PW, idt) == 201,
	    "signups");
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.users SET favourite_sports = '{football}' "
	    "WHERE id = '%s';",
	    idv);
	sql(q);

	/* posts before the follow come in with it (the last 14 days) */
	for (int i = 0; i < 3; i++) {
		snprintf(title, sizeof(title), "A1 pick %d <script>x</script>", i);
		snprintf(content, sizeof(content), "First author, thought number %d.", i);
		post(&a1, title, content, followed[i]);
		snprintf(title, sizeof(title), "A2 pick %d", i);
		snprintf(content, sizeof(content), "Second author, idea number %d.", i);
		post(&a2, title, content, followed[3 + i]);
	}
	post(&s, "S similar one", "Followed by someone I follow, one.", sim[0]);
	post(&s, "S similar two", "Followed by someone I follow, two.", sim[1]);
	post(&t, "T trending", "A stranger on football.", trend);
	follow(&a1, ids_, "follow");
	follow(&v, ida1, "follow");
	follow(&v, ida2, "follow");
	h_drain("feed_fanout");

	/* every page until the end: no repeats, followed posts first */
	cur[0] = '\0';
	for (int p = 0; p < 50; p++) {
		st = page(&v, cur, 4, got, &n, 200, next, sizeof(next));
		CHECK(st == 200, "page %d (%d)", p, st);
		if (p == 0) {
			/* a post arriving between two pages is not in them */
			post(&a2, "A2 late news", "Arrived while reading page one.", late);
			h_drain("feed_fanout");
		}
		if (next[0] == '\0')
			break;
		snprintf(cur, sizeof(cur), "%s", next);
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			CHECK(strcmp(got[i], got[j]) != 0, "post %s twice (%d, %d)", got[i], i, j);
	CHECK(index_of(got, n, late) < 0, "the late post is not in the running pages");
	for (int i = 0; i < 6; i++) {
		int k = index_of(got, n, followed[i]);

		CHECK(k >= 0 && k < 6, "followed post %d at %d, in the first six", i, k);
	}
	CHECK(index_of(got, n, sim[0]) >= 6 && index_of(got, n, sim[1]) >= 6, "similar after");
	CHECK(index_of(got, n, trend) >= 6, "trending after");
	/* no author three times running while another waits */
	for (int i = 2; i < 6; i++) {
		int same = 0;

		for (int k = i - 2; k <= i; k++)
			same += index_of(followed, 3, got[k]) >= 0;
		CHECK(same < 3 && same > 0, "authors spread at %d", i);
	}

	/* a new first page reuses the ranking, with the new post on top */
	n = 0;
	CHECK(page(&v, NULL, 4, got, &n, 200, next, sizeof(next)) == 200 && n >= 1 &&
	        strcmp(got[0], late) == 0,
	    "the late post on top (%s)", n ? got[0] : "-");
	CHECK(index_of(got, n, late) == 0, "once");

	/* live: a post by a followed member reaches an open feed through nginx */
	{
		char out[8192];
		struct h_sse sse;

		h_sse_open(&sse, &v, idv);
		post(&a1, "A1 live", "Breaking: pushed to open feeds.", fresh);
		H_UNTIL(h_sse_count(&sse, fresh) > 0, "the post %s arrived live: %s", fresh,
		    h_sse_text(&sse, out, sizeof(out)));
		h_sse_text(&sse, out, sizeof(out));
		h_sse_close(&sse);
		CHECK(strstr(out, "event: post") && strstr(out, fresh), "the post arrived live: %s",
		    out);
	}

	/* the page: escaped, with the way on */
	{
		struct resp r;

		h_get(&v, "/feed?limit=3", &r);
		CHECK(r.status == 200 && !h_contains(&r, "<script>x") &&
		        h_contains(&r, "Older posts") && h_contains(&r, "data-live-feed"),
		    "feed page (%ld)", r.status);
		h_free(&r);
		CHECK(h_get(&v, "/feed?limit=100", &r) == 200 &&
		        h_contains(&r, "A1 pick 2 &lt;script&gt;x&lt;/script&gt;"),
		    "titles escaped");
		h_free(&r);
		CHECK(h_get(NULL, "/feed", &r) == 303, "signed out: to sign in (%ld)", r.status);
		h_free(&r);
	}

	/* a block hides both ways at once, and an unfollow empties the inbox */
	follow(&v, ida2, "block");
	n = 0;
	CHECK(page(&v, NULL, 100, got, &n, 200, next, sizeof(next)) == 200, "after the block");
	for (int i = 3; i < 6; i++)
		CHECK(index_of(got, n, followed[i]) < 0, "blocked author's post %d gone", i);
	CHECK(index_of(got, n, late) < 0, "blocked author's late post gone");
	{
		char out[64];

		snprintf(q, sizeof(q),
		    "SELECT count(*) FROM t_demo.feed_inbox WHERE user_id = '%s' "
		    "AND via_id = '%s';",
		    idv, ida2);
		CHECK(
		    h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "0") == 0, "inbox: %s", out);
		{
			char path[128];
			struct resp r;

			snprintf(path, sizeof(path), "/social/users/%s/follow", ida1);
			CHECK(h_json(&v, "DELETE", path, NULL, &r) == 200, "unfollow (%ld)",
			    r.status);
			h_free(&r);
		}
		snprintf(q, sizeof(q),
		    "SELECT count(*) FROM t_demo.feed_inbox WHERE user_id = '%s';", idv);
		CHECK(
		    h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "0") == 0, "inbox: %s", out);
	}

	/* cursors: forged, foreign, expired; limits */
	{
		struct resp r;
		char foreign[64], path[256];
		static const char *const bad[] = {
			"?cursor=garbage",
			"?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAA",
			"?limit=0",
			"?limit=101",
			"?limit=x",
		};
		int nn = 0;
		char tmp[4][37];

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(path, sizeof(path), "/social/feed%s", bad[i]);
			st = h_json(&v, "GET", path, NULL, &r);
			CHECK(st == (strstr(bad[i], "cursor") ? 400 : 422) && r.json, "%s: %d",
			    bad[i], st);
			h_free(&r);
		}
		/* t's own cursor means nothing to v */
		follow(&t, ida1, "follow");
		CHECK(page(&t, NULL, 1, tmp, &nn, 4, foreign, sizeof(foreign)) == 200 && foreign[0],
		    "t has a next page");
		snprintf(path, sizeof(path), "/social/feed?cursor=%s", foreign);
		CHECK(h_json(&v, "GET", path, NULL, &r) == 400, "foreign cursor (%ld)", r.status);
		h_free(&r);
		snprintf(q, sizeof(q),
		    "UPDATE t_demo.feed_snapshots SET created_at = now() - "
		    "interval '2 hours' WHERE user_id = '%s';",
		    idt);
		sql(q);
		snprintf(path, sizeof(path), "/social/feed?cursor=%s", foreign);
		CHECK(h_json(&t, "GET", path, NULL, &r) == 400, "expired cursor (%ld)", r.status);
		h_free(&r);
	}
}
