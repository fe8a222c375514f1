/*
 * Integration tests for search: members found despite typos and ranked
 * (exact username, then prefix, then similarity, followers on ties), posts by
 * words, sport and tag with a highlighted snippet, a tag browsed without
 * words, pagination, blocked / suspended / moderated content hidden, escaping
 * of the query and of post text, and every bad input refused with a clear
 * error that changes nothing.
 *
 * Other tests share the database, so every name and word here is made
 * unique (letters only, so that text search and trigrams see one word).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW H_PASSWORD

/* A unique lower-case word of letters only: h_unique's hex mapped to g..v. */
static void
word(char *out, size_t n, const char *prefix)
{
	char u[40];
	size_t plen = strlen(prefix);

	h_unique(u, sizeof(u), "");
	snprintf(out, n, "%s", prefix);
	for (size_t i = 0; u[i] != '\0' && plen + i + 1 < n; i++) {
		char c = u[i];

		out[plen + i] = (char)(c >= '0' && c <= '9' ? 'g' + (c - '0') : 'q' + (c - 'a'));
		out[plen + i + 1] = '\0';
	}
}

static void
member_named(struct h_member *m, const char *name)
{
	m->c = h_demo();
	snprintf(m->name, sizeof(m->name), "%s", name);
	CHECK(h_signup(&m->c, m->name, PW, m->id) == 201, "signup of %s", m->name);
}

static void
member(struct h_member *m)
{
	char w[40];

	word(w, sizeof(w), "s");
	member_named(m, w);
}

static void
sql(const char *fmt, const char *a, const char *b)
{
	char q[1024], out[256];

	snprintf(q, sizeof(q), fmt, a, b);
	CHECK(h_sql(0, out, sizeof(out), q) == 0, "sql %s: %s", q, out);
}

static long long
sql_ll(const char *q)
{
	char out[128];

	if (h_sql(0, out, sizeof(out), q) != 0)
		return -1;
	return atoll(out);
}

/* Accounts older than the "new account" period get the normal post limits. */
static void
age(const struct h_member *m)
{
	sql("UPDATE t_demo.users SET created_at = now() - interval '30 days' WHERE id = '%s';%s",
	    m->id, "");
}

/* Percent-encodes a query value. */
static const char *
enc(const char *s)
{
	static char buf[4][1024];
	static int k;
	char *o = buf[k++ % 4];
	size_t j = 0;

	for (; *s && j + 4 < sizeof(buf[0]); s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			o[j++] = (char)c;
		else
			j += (size_t)snprintf(o + j, 4, "%%%02X", c);
	}
	o[j] = '\0';
	return o;
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static const char *
field_error(const struct resp *r, const char *field)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;
	const char *s =
	    e ? json_string_value(json_object_get(json_object_get(e, "fields"), field)) : NULL;

	return s ? s : "";
}

/* GET a JSON search; returns the status, the body in r. */
static long
search(struct client *c, struct resp *r, const char *fmt, const char *a, const char *b)
{
	char path[1024];

	snprintf(path, sizeof(path), fmt, a, b);
	return h_json(c, "GET", path, NULL, r);
}

/* Index of the user (by username) or post (by post_id) in a result list; -1. */
static int
find(const struct resp *r, const char *list, const char *key, const char *val)
{
	json_t *l = r->json ? json_object_get(r->json, list) : NULL, *e;
	size_t i;

	json_array_foreach(l, i, e) if (strcmp(jstr(e, key), val) == 0) return (int)i;
	return -1;
}

static size_t
count(const struct resp *r, const char *list)
{
	return r->json ? json_array_size(json_object_get(r->json, list)) : 0;
}

static int
has_more(const struct resp *r)
{
	return r->json && json_is_true(json_object_get(r->json, "has_more"));
}

/* Creates a post over JSON; fills id. */
static void
post(struct h_member *m, const char *title, const char *content, const char *sport, char id[37])
{
	json_t *j = json_pack("{s:s, s:s}", "post_type", "analysis", "content", content);
	struct resp r;
	char *body;
	long st;

	if (title != NULL)
		json_object_set_new(j, "title", json_string(title));
	if (sport != NULL)
		json_object_set_new(j, "sport", json_string(sport));
	body = json_dumps(j, 0);
	json_decref(j);
	st = h_json(&m->c, "POST", "/social/posts", body, &r);
	free(body);
	CHECK(st == 201, "post created: %ld %s", st, r.body ? r.body : "");
	snprintf(id, 37, "%s", r.json ? jstr(json_object_get(r.json, "post"), "post_id") : "");
	h_free(&r);
}

static void
follow(struct h_member *who, const struct h_member *whom)
{
	char path[128];
	struct resp r;

	snprintf(path, sizeof(path), "/social/users/%s/follow", whom->id);
	CHECK(h_json(&who->c, "POST", path, NULL, &r) == 201, "follow: %s", r.body ? r.body : "");
	h_free(&r);
}

static void
block(struct h_member *who, const struct h_member *whom)
{
	char path[128];
	struct resp r;

	snprintf(path, sizeof(path), "/social/users/%s/block", whom->id);
	CHECK(h_json(&who->c, "POST", path, NULL, &r) == 200, "block: %s", r.body ? r.body : "");
	h_free(&r);
}

/* ---- members ---- */

ITEST(t_users_typo, "search: members found despite a typo, by name and display name")
static void
t_users_typo(void)
{
	char w[32], name[64], typo[64];
	struct h_member m, d;
	struct client anon = h_demo();
	struct resp r;
	json_t *u;
	int i;

	/* "<w>_value_vera" is found by "<w>_vlaue_vera", as value_vera by vlaue_vera. */
	word(w, sizeof(w), "v");
	snprintf(name, sizeof(name), "%s_value_vera", w);
	snprintf(typo, sizeof(typo), "%s_vlaue_vera", w);
	member_named(&m, name);
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", enc(typo), "") == 200,
	    "typo search: %s", r.body);
	i = find(&r, "users", "username", name);
	CHECK(i == 0, "typo finds %s first (at %d): %s", name, i, r.body);
	u = json_array_get(json_object_get(r.json, "users"), i < 0 ? 0 : (size_t)i);
	CHECK(strcmp(jstr(u, "user_id"), m.id) == 0, "user_id");
	CHECK(strcmp(jstr(u, "tier"), "bronze") == 0, "tier");
	CHECK(json_integer_value(json_object_get(u, "followers_count")) == 0, "followers_count");
	CHECK(json_is_string(json_object_get(u, "display_name")), "display_name");
	h_free(&r);

	/* Part of the name, in upper case. */
	for (char *p = w; *p; p++)
		*p = (char)(*p - 'a' + 'A');
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", w, "") == 200, "part");
	CHECK(find(&r, "users", "username", name) >= 0, "found by a part: %s", r.body);
	h_free(&r);

	/* By display name, one word of it, with a typo. */
	word(w, sizeof(w), "d");
	member(&d);
	sql("UPDATE t_demo.users SET display_name = 'Maximilian %s' WHERE id = '%s';", w, d.id);
	snprintf(typo, sizeof(typo), "Maximillian %s", w);
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", enc(typo), "") == 200, "display");
	CHECK(find(&r, "users", "username", d.name) == 0, "found by display name: %s", r.body);
	h_free(&r);

	/* The page shows the same member. */
	snprintf(typo, sizeof(typo), "/search?type=users&q=%s", enc(w));
	CHECK(h_get(&anon, typo, &r) == 200, "page");
	CHECK(h_contains(&r, d.name) && h_contains(&r, "Maximilian"), "member on the page");
	h_free(&r);
}

ITEST(t_users_rank,
    "search: exact username first, then prefix, then similarity; followers break ties")
static void
t_users_rank(void)
{
	char w[32], n[64];
	struct h_member exact, prefix, disp, fan, tie_a, tie_b;
	struct client anon = h_demo();
	struct resp r;

	word(w, sizeof(w), "r");
	member_named(&exact, w);
	snprintf(n, sizeof(n), "%sx", w);
	member_named(&prefix, n);
	member(&disp);
	sql("UPDATE t_demo.users SET display_name = 'The %s' WHERE id = '%s';", w, disp.id);
	/* More followers never lift a weaker match over a stronger one. */
	member(&fan);
	follow(&fan, &prefix);
	follow(&fan, &disp);
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", w, "") == 200, "rank");
	CHECK(find(&r, "users", "username", exact.name) == 0, "exact first: %s", r.body);
	CHECK(find(&r, "users", "username", prefix.name) == 1, "prefix second: %s", r.body);
	CHECK(find(&r, "users", "username", disp.name) == 2, "display name third: %s", r.body);
	h_free(&r);

	/* Equal matches: more followers first. */
	word(w, sizeof(w), "t");
	snprintf(n, sizeof(n), "%s_aa", w);
	member_named(&tie_a, n);
	snprintf(n, sizeof(n), "%s_bb", w);
	member_named(&tie_b, n);
	follow(&fan, &tie_b);
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", w, "") == 200, "tie");
	CHECK(find(&r, "users", "username", tie_b.name) == 0 &&
	        find(&r, "users", "username", tie_a.name) == 1,
	    "followers break the tie: %s", r.body);
	h_free(&r);
}

ITEST(t_users_hidden, "search: blocked members (either way) and suspended members are left out")
static void
t_users_hidden(void)
{
	char w[32], n[64];
	struct h_member me, blocked, blocker, susp, plain;
	struct client anon = h_demo();
	struct resp r;

	word(w, sizeof(w), "h");
	member(&me);
	snprintf(n, sizeof(n), "%s_one", w);
	member_named(&blocked, n);
	snprintf(n, sizeof(n), "%s_two", w);
	member_named(&blocker, n);
	snprintf(n, sizeof(n), "%s_three", w);
	member_named(&susp, n);
	snprintf(n, sizeof(n), "%s_four", w);
	member_named(&plain, n);
	block(&me, &blocked);
	block(&blocker, &me);
	sql("UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';%s", susp.id, "");

	CHECK(search(&me.c, &r, "/social/search/users?q=%s%s", w, "") == 200, "signed in");
	CHECK(find(&r, "users", "username", plain.name) >= 0, "others found: %s", r.body);
	CHECK(find(&r, "users", "username", blocked.name) < 0, "blocked hidden");
	CHECK(find(&r, "users", "username", blocker.name) < 0, "blocker hidden");
	CHECK(find(&r, "users", "username", susp.name) < 0, "suspended hidden");
	h_free(&r);
	CHECK(search(&anon, &r, "/social/search/users?q=%s%s", w, "") == 200, "signed out");
	CHECK(find(&r, "users", "username", blocked.name) >= 0 &&
	        find(&r, "users", "username", blocker.name) >= 0,
	    "blocks only hide from the two");
	CHECK(find(&r, "users", "username", susp.name) < 0, "suspended hidden from everyone");
	h_free(&r);
	snprintf(n, sizeof(n), "/search?type=users&q=%s", w);
	CHECK(h_get(&me.c, n, &r) == 200, "page");
	CHECK(!h_contains(&r, blocked.name) && !h_contains(&r, blocker.name) &&
	        h_contains(&r, plain.name),
	    "page hides them too");
	h_free(&r);
}

/* ---- posts ---- */

ITEST(t_posts_words, "search: posts by words, sport and tag, ranked, with a highlighted snippet")
static void
t_posts_words(void)
{
	char k[32], tag[40], content[512], title[128], p1[37], p2[37], p3[37], p4[37], path[256];
	struct h_member a, b;
	struct client anon = h_demo();
	struct resp r;
	json_t *e;

	word(k, sizeof(k), "w");
	word(tag, sizeof(tag), "tg");
	member(&a);
	member(&b);
	age(&a);
	age(&b);
	snprintf(content, sizeof(content), "Home side looks strong, %s is the pick. #%s", k, tag);
	post(&a, NULL, content, "football", p1);
	snprintf(content, sizeof(content), "Basketball thoughts on %s tonight.", k);
	post(&b, NULL, content, "basketball", p2);
	snprintf(title, sizeof(title), "Why %s matters", k);
	snprintf(
	    content, sizeof(content), "A long look at %s and the numbers behind it. #%s", k, tag);
	post(&b, title, content, "football", p3);
	post(&a, NULL, "Nothing to see here, unrelated words only.", "football", p4);

	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", k, "") == 200, "words");
	CHECK(count(&r, "posts") == 3, "three posts: %s", r.body);
	CHECK(find(&r, "posts", "post_id", p3) == 0, "title match (twice) ranks first: %s", r.body);
	CHECK(find(&r, "posts", "post_id", p4) < 0, "unrelated post absent");
	e = json_array_get(json_object_get(r.json, "posts"), 0);
	CHECK(
	    strstr(jstr(e, "snippet"), k) != NULL, "snippet has the word: %s", jstr(e, "snippet"));
	{
		json_t *parts = json_object_get(e, "snippet_parts"), *pt;
		size_t i;
		int hit = 0;

		json_array_foreach(parts, i, pt) if (json_is_true(json_object_get(pt, "match")) &&
		    strcmp(jstr(pt, "text"), k) == 0) hit = 1;
		CHECK(hit, "the word is a highlighted part: %s", r.body);
	}
	CHECK(strcmp(jstr(json_object_get(e, "author"), "username"), b.name) == 0, "author");
	CHECK(json_array_size(json_object_get(e, "tags")) == 1, "tags");
	h_free(&r);

	/* by sport */
	CHECK(search(&anon, &r, "/social/search/posts?q=%s&sport=basketball%s", k, "") == 200,
	    "sport");
	CHECK(
	    count(&r, "posts") == 1 && find(&r, "posts", "post_id", p2) == 0, "sport: %s", r.body);
	h_free(&r);
	/* by tag, with its '#' */
	CHECK(search(&anon, &r, "/social/search/posts?q=%s&tag=%%23%s", k, tag) == 200, "tag");
	CHECK(count(&r, "posts") == 2 && find(&r, "posts", "post_id", p2) < 0, "tag: %s", r.body);
	h_free(&r);
	/* browsing a tag without words: newest first */
	CHECK(search(&anon, &r, "/social/search/posts?tag=%s%s", tag, "") == 200, "browse");
	CHECK(count(&r, "posts") == 2 && find(&r, "posts", "post_id", p3) == 0 &&
	        find(&r, "posts", "post_id", p1) == 1,
	    "tag newest first: %s", r.body);
	h_free(&r);
	/* web search syntax: a phrase, a minus */
	CHECK(search(&anon, &r, "/social/search/posts?q=%s+-basketball%s", k, "") == 200, "minus");
	CHECK(count(&r, "posts") == 2 && find(&r, "posts", "post_id", p2) < 0, "minus: %s", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "\"home side\" %s", k);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", enc(path), "") == 200, "phrase");
	CHECK(
	    count(&r, "posts") == 1 && find(&r, "posts", "post_id", p1) == 0, "phrase: %s", r.body);
	h_free(&r);
	/* the page: results, highlight, tag links, browse */
	snprintf(path, sizeof(path), "/search?q=%s&sport=football", k);
	CHECK(h_get(&anon, path, &r) == 200, "page");
	snprintf(content, sizeof(content), "<mark>%s</mark>", k);
	CHECK(h_contains(&r, content), "highlighted on the page");
	snprintf(content, sizeof(content), "/posts/%s", p1);
	CHECK(h_contains(&r, content), "links to the post");
	snprintf(content, sizeof(content), "tag=%s", tag);
	CHECK(h_contains(&r, content), "tag links");
	h_free(&r);
	snprintf(path, sizeof(path), "/search?type=posts&tag=%s", tag);
	CHECK(h_get(&anon, path, &r) == 200, "browse page");
	snprintf(content, sizeof(content), "/posts/%s", p3);
	CHECK(h_contains(&r, content) && h_contains(&r, "newest first"), "browse page lists posts");
	h_free(&r);
}

/* How often needle occurs in the body; where it first occurs (-1: nowhere). */
static int
occurrences(const struct resp *r, const char *needle)
{
	int n = 0;

	for (const char *p = r->body ? r->body : ""; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static long
position(const struct resp *r, const char *needle)
{
	const char *p = r->body ? strstr(r->body, needle) : NULL;

	return p ? (long)(p - r->body) : -1;
}

ITEST(t_all_header,
    "search: the header box (no type) shows a few members first, then posts; tabs keep one kind")
static void
t_all_header(void)
{
	char w[32], n[64], content[256], pid[37], path[256], link[128], post_link[64];
	struct h_member m[6], author;
	struct client anon = h_demo();
	struct resp r;

	/* Six members "<w>_a".."<w>_f" and a post by someone else naming <w>, as
	 * "vera" names value_vera and is in a post that mentions her. */
	word(w, sizeof(w), "v");
	for (int i = 0; i < 6; i++) {
		snprintf(n, sizeof(n), "%s_%c", w, 'a' + i);
		member_named(&m[i], n);
	}
	member(&author);
	age(&author);
	snprintf(content, sizeof(content), "Tailing %s tonight, the numbers look right.", w);
	post(&author, NULL, content, NULL, pid);
	snprintf(link, sizeof(link), "href=\"/u/%s_", w);
	snprintf(post_link, sizeof(post_link), "/posts/%s", pid);

	/* The header's form sends q alone. */
	snprintf(path, sizeof(path), "/search?q=%s", w);
	CHECK(h_get(&anon, path, &r) == 200, "all: %ld", r.status);
	CHECK(occurrences(&r, link) == 5, "five members of six shown: %d", occurrences(&r, link));
	CHECK(h_contains(&r, post_link), "the post is shown too");
	CHECK(position(&r, link) >= 0 && position(&r, link) < position(&r, post_link),
	    "members come before posts");
	snprintf(link, sizeof(link), "href=\"/search?type=users&amp;q=%s\"", w);
	CHECK(h_contains(&r, "class=\"all-members\"") && h_contains(&r, link),
	    "a link to all the members");
	CHECK(h_contains(&r, "aria-current=\"page\">All<"), "the All tab is current");
	h_free(&r);

	/* The Members tab: every member, no posts, its own paging. */
	snprintf(link, sizeof(link), "href=\"/u/%s_", w);
	snprintf(path, sizeof(path), "/search?type=users&q=%s", w);
	CHECK(h_get(&anon, path, &r) == 200, "members: %ld", r.status);
	CHECK(occurrences(&r, link) == 6, "six members: %d", occurrences(&r, link));
	CHECK(!h_contains(&r, post_link), "no posts on the Members tab");
	h_free(&r);

	/* The Posts tab: the post, no member list. */
	snprintf(path, sizeof(path), "/search?type=posts&q=%s", w);
	CHECK(h_get(&anon, path, &r) == 200, "posts: %ld", r.status);
	CHECK(h_contains(&r, post_link), "the post on the Posts tab");
	CHECK(occurrences(&r, link) == 0, "no members on the Posts tab");
	h_free(&r);

	/* The same for a signed-in member, and on the second brand's page. */
	snprintf(path, sizeof(path), "/search?q=%s", w);
	CHECK(h_get(&author.c, path, &r) == 200 && h_contains(&r, post_link) &&
	        occurrences(&r, link) == 5,
	    "signed in: members and posts");
	h_free(&r);
}

/* Replaces the first occurrence of from in s by to (s has room). */
static void
replace(char *s, size_t n, const char *from, const char *to)
{
	char *p = strstr(s, from), rest[256];

	if (p == NULL)
		return;
	snprintf(rest, sizeof(rest), "%s", p + strlen(from));
	snprintf(p, n - (size_t)(p - s), "%s%s", to, rest);
}

/* Whether the post is in the JSON results and the answer says "corrected". */
static int
found_corrected(const struct resp *r, const char *pid, int *corrected)
{
	*corrected = r->json && json_is_true(json_object_get(r->json, "corrected"));
	return find(r, "posts", "post_id", pid) >= 0;
}

ITEST(t_posts_typo, "search: a typo in a post query finds the post through the nearest words")
static void
t_posts_typo(void)
{
	char k[48], typo[48], k2[48], typo2[48], rare[48], common[48], q[256], content[256],
	    pid[37], pid2[37], ids[6][37];
	struct h_member a, b;
	struct client anon = h_demo();
	struct resp r;
	int corrected, hit = 0;
	json_t *e, *pt;
	size_t i;

	word(k, sizeof(k), "quarterback");
	snprintf(typo, sizeof(typo), "%s", k);
	replace(typo, sizeof(typo), "quarterback", "quaterback");
	member(&a);
	member(&b);
	age(&a);
	age(&b);
	snprintf(content, sizeof(content), "Watch the %s on Sunday, he carries this team.", k);
	post(&a, NULL, content, NULL, pid);

	/* As typed: found, nothing corrected. */
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", k, "") == 200, "exact");
	CHECK(found_corrected(&r, pid, &corrected) && !corrected, "exact: %s", r.body);
	h_free(&r);
	/* With the typo: found through the nearest word, highlighted as it is. */
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", typo, "") == 200, "typo");
	CHECK(found_corrected(&r, pid, &corrected) && corrected, "typo: %s", r.body);
	e = json_array_get(json_object_get(r.json, "posts"), 0);
	json_array_foreach(json_object_get(e, "snippet_parts"), i, pt)
	{
		if (json_is_true(json_object_get(pt, "match")) && strcmp(jstr(pt, "text"), k) == 0)
			hit = 1;
	}
	CHECK(hit, "the word as written is highlighted: %s", r.body);
	h_free(&r);
	/* A typo beside a word as typed. */
	snprintf(q, sizeof(q), "%s sunday", typo);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", enc(q), "") == 200, "two words");
	CHECK(found_corrected(&r, pid, &corrected) && corrected, "two words: %s", r.body);
	h_free(&r);
	/* The page, from the header box: the post and a word on the correction. */
	snprintf(q, sizeof(q), "/search?q=%s", typo);
	CHECK(h_get(&anon, q, &r) == 200, "page: %ld", r.status);
	snprintf(content, sizeof(content), "/posts/%s", pid);
	CHECK(h_contains(&r, content), "the page finds the post");
	CHECK(h_contains(&r, "similar words"), "the page says similar words were used");
	h_free(&r);

	/* A word brought by an edit is in the dictionary too. */
	word(k2, sizeof(k2), "linebacker");
	snprintf(typo2, sizeof(typo2), "%s", k2);
	replace(typo2, sizeof(typo2), "linebacker", "linebaker");
	post(&b, NULL, "A first draft with nothing in it yet.", NULL, pid2);
	sql("UPDATE t_demo.community_posts SET content = 'The %s blitz is the key.' WHERE id = '%s';",
	    k2, pid2);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", typo2, "") == 200, "edited");
	CHECK(found_corrected(&r, pid2, &corrected) && corrected, "edited: %s", r.body);
	h_free(&r);

	/* Corrections only when the words as typed find few posts: "<common>
	 * or <typo>" finds the five posts of <common> and stops there; "<rare>
	 * or <typo>" finds one, so the typo is corrected as well. */
	word(common, sizeof(common), "c");
	word(rare, sizeof(rare), "r");
	for (int j = 0; j < 5; j++) {
		snprintf(content, sizeof(content), "Note %d on %s.", j, common);
		post(j % 2 ? &a : &b, NULL, content, NULL, ids[j]);
	}
	snprintf(content, sizeof(content), "One note on %s.", rare);
	post(&b, NULL, content, NULL, ids[5]);
	snprintf(q, sizeof(q), "%s or %s", common, typo);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", enc(q), "") == 200, "common");
	CHECK(count(&r, "posts") == 5 && !found_corrected(&r, pid, &corrected) && !corrected,
	    "enough as typed: no correction: %s", r.body);
	h_free(&r);
	snprintf(q, sizeof(q), "%s or %s", rare, typo);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", enc(q), "") == 200, "rare");
	CHECK(found_corrected(&r, pid, &corrected) && corrected &&
	        find(&r, "posts", "post_id", ids[5]) == 0,
	    "few as typed: the exact match first, then the corrected: %s", r.body);
	h_free(&r);
}

ITEST(t_posts_recency, "search: equal matches come newest first")
static void
t_posts_recency(void)
{
	char k[32], content[256], older[37], newer[37], q[256], out[64] = "";
	struct h_member a;
	struct client anon = h_demo();
	struct resp r;

	word(k, sizeof(k), "n");
	member(&a);
	age(&a);
	snprintf(content, sizeof(content), "First note on %s.", k);
	post(&a, NULL, content, NULL, older);
	/* the next post's transaction starts after this query's: strictly newer */
	snprintf(q, sizeof(q),
	    "SELECT created_at < now() FROM t_demo.community_posts WHERE id = '%s';", older);
	H_UNTIL(h_sql_is(q, "t", out, sizeof(out)), "the first post is in the past (%s)", out);
	snprintf(content, sizeof(content), "Second note on %s.", k);
	post(&a, NULL, content, NULL, newer);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", k, "") == 200, "search");
	CHECK(find(&r, "posts", "post_id", newer) == 0 && find(&r, "posts", "post_id", older) == 1,
	    "newer first: %s", r.body);
	h_free(&r);
}

ITEST(t_pagination, "search: pages of posts and members with has_more")
static void
t_pagination(void)
{
	char k[32], content[256], ids[5][37], n[64];
	struct h_member a, m[3];
	struct client anon = h_demo();
	struct resp r1, r2, r3;

	word(k, sizeof(k), "p");
	member(&a);
	age(&a);
	for (int i = 0; i < 5; i++) {
		snprintf(content, sizeof(content), "Entry %d about %s.", i, k);
		post(&a, NULL, content, NULL, ids[i]);
	}
	CHECK(search(&anon, &r1, "/social/search/posts?q=%s&per_page=2%s", k, "") == 200, "p1");
	CHECK(search(&anon, &r2, "/social/search/posts?q=%s&per_page=2&page=2%s", k, "") == 200,
	    "p2");
	CHECK(search(&anon, &r3, "/social/search/posts?q=%s&per_page=2&page=3%s", k, "") == 200,
	    "p3");
	CHECK(count(&r1, "posts") == 2 && has_more(&r1), "page 1: %s", r1.body);
	CHECK(count(&r2, "posts") == 2 && has_more(&r2), "page 2: %s", r2.body);
	CHECK(count(&r3, "posts") == 1 && !has_more(&r3), "page 3: %s", r3.body);
	CHECK(json_integer_value(json_object_get(r2.json, "page")) == 2 &&
	        json_integer_value(json_object_get(r2.json, "per_page")) == 2,
	    "page fields");
	for (int i = 0; i < 5; i++) {
		int seen = (find(&r1, "posts", "post_id", ids[i]) >= 0) +
		    (find(&r2, "posts", "post_id", ids[i]) >= 0) +
		    (find(&r3, "posts", "post_id", ids[i]) >= 0);

		CHECK(seen == 1, "post %d on exactly one page (%d)", i, seen);
	}
	h_free(&r1);
	h_free(&r2);
	h_free(&r3);
	/* beyond the last page: empty, not an error */
	CHECK(search(&anon, &r1, "/social/search/posts?q=%s&per_page=2&page=9%s", k, "") == 200,
	    "beyond");
	CHECK(count(&r1, "posts") == 0 && !has_more(&r1), "empty page");
	h_free(&r1);

	word(k, sizeof(k), "q");
	for (int i = 0; i < 3; i++) {
		snprintf(n, sizeof(n), "%s_%c", k, 'a' + i);
		member_named(&m[i], n);
	}
	CHECK(search(&anon, &r1, "/social/search/users?q=%s&per_page=2%s", k, "") == 200, "u1");
	CHECK(search(&anon, &r2, "/social/search/users?q=%s&per_page=2&page=2%s", k, "") == 200,
	    "u2");
	CHECK(count(&r1, "users") == 2 && has_more(&r1), "users page 1: %s", r1.body);
	CHECK(count(&r2, "users") == 1 && !has_more(&r2), "users page 2: %s", r2.body);
	h_free(&r1);
	h_free(&r2);

	/* the page links to the next one */
	snprintf(n, sizeof(n), "/search?type=users&q=%s", k);
	CHECK(h_get(&anon, n, &r1) == 200, "page");
	h_free(&r1);
}

ITEST(
    t_posts_hidden, "search: posts of blocked, suspended members and moderated posts are left out")
static void
t_posts_hidden(void)
{
	char k[32], content[256], pb[37], ps[37], pm[37], pf[37], pok[37];
	struct h_member me, blocked, susp, other;
	struct client anon = h_demo();
	struct resp r;

	word(k, sizeof(k), "x");
	member(&me);
	member(&blocked);
	member(&susp);
	member(&other);
	age(&blocked);
	age(&susp);
	age(&other);
	snprintf(content, sizeof(content), "Blocked author on %s.", k);
	post(&blocked, NULL, content, NULL, pb);
	snprintf(content, sizeof(content), "Suspended author on %s.", k);
	post(&susp, NULL, content, NULL, ps);
	snprintf(content, sizeof(content), "Moderated post on %s.", k);
	post(&other, NULL, content, NULL, pm);
	snprintf(content, sizeof(content), "Flagged post on %s.", k);
	post(&other, NULL, content, NULL, pf);
	snprintf(content, sizeof(content), "Fine post on %s.", k);
	post(&other, NULL, content, NULL, pok);
	block(&blocked, &me);
	sql("UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';%s", susp.id, "");
	sql("UPDATE t_demo.community_posts SET moderation_status = 'hidden' WHERE id = '%s';%s", pm,
	    "");
	sql("UPDATE t_demo.community_posts SET is_flagged = true WHERE id = '%s';%s", pf, "");

	CHECK(search(&me.c, &r, "/social/search/posts?q=%s%s", k, "") == 200, "signed in");
	CHECK(count(&r, "posts") == 1 && find(&r, "posts", "post_id", pok) == 0,
	    "only the fine post: %s", r.body);
	h_free(&r);
	CHECK(search(&anon, &r, "/social/search/posts?q=%s%s", k, "") == 200, "signed out");
	CHECK(count(&r, "posts") == 2 && find(&r, "posts", "post_id", pb) >= 0,
	    "a block hides only from the two: %s", r.body);
	h_free(&r);
}

ITEST(t_posts_reused, "search: a reused ranking still hides a post moderated or blocked since")
static void
t_posts_reused(void)
{
	char k[32], content[256], pa[37], pb[37], pc[37];
	struct h_member me, a, b;
	struct resp r;

	word(k, sizeof(k), "y");
	member(&me);
	member(&a);
	member(&b);
	age(&a);
	age(&b);
	snprintf(content, sizeof(content), "First take on %s.", k);
	post(&a, NULL, content, NULL, pa);
	snprintf(content, sizeof(content), "Second take on %s.", k);
	post(&a, NULL, content, NULL, pb);
	snprintf(content, sizeof(content), "Third take on %s.", k);
	post(&b, NULL, content, NULL, pc);
	/* Enough requests that every FastCGI worker keeps this ranking. */
	for (int i = 0; i < 24; i++) {
		CHECK(search(&me.c, &r, "/social/search/posts?q=%s%s", k, "") == 200, "warm");
		CHECK(count(&r, "posts") == 3, "three posts: %s", r.body);
		h_free(&r);
	}
	sql("UPDATE t_demo.community_posts SET moderation_status = 'hidden' WHERE id = '%s';%s", pa,
	    "");
	block(&me, &b);
	for (int i = 0; i < 24; i++) {
		CHECK(search(&me.c, &r, "/social/search/posts?q=%s%s", k, "") == 200, "again");
		CHECK(count(&r, "posts") == 1 && find(&r, "posts", "post_id", pb) == 0,
		    "only the second post: %s", r.body);
		h_free(&r);
	}
}

ITEST(t_escaping, "search: the query and post text are escaped on the page, verbatim in JSON")
static void
t_escaping(void)
{
	char k[32], content[512], path[512], tag[40];
	const char *xss = "<script>alert(\"x\")</script>&<b>";
	struct h_member a;
	struct client anon = h_demo();
	struct resp r;
	char id[37];

	word(k, sizeof(k), "e");
	word(tag, sizeof(tag), "et");
	member(&a);
	age(&a);
	snprintf(content, sizeof(content),
	    "Tom & Jerry say \"%s\" <img src=x onerror=alert(1)> "
	    "<script>alert(2)</script> <b>bold</b> #%s",
	    k, tag);
	post(&a, "<i>Title</i> & more", content, NULL, id);

	/* the query, reflected */
	snprintf(path, sizeof(path), "/search?q=%s", enc(xss));
	CHECK(h_get(&anon, path, &r) == 200, "xss query: %ld", r.status);
	CHECK(!h_contains(&r, "<script>alert(\"x\")") && !h_contains(&r, "</script>&<b>"),
	    "query not reflected raw");
	CHECK(h_contains(&r, "&lt;script&gt;"), "query escaped");
	h_free(&r);
	snprintf(path, sizeof(path), "/search?type=users&q=%s", enc(xss));
	CHECK(h_get(&anon, path, &r) == 200 && !h_contains(&r, "<script>alert(\"x\")"),
	    "users: query escaped");
	h_free(&r);

	/* the snippet and title on the page */
	snprintf(path, sizeof(path), "/search?q=%s", k);
	CHECK(h_get(&anon, path, &r) == 200, "page");
	CHECK(!h_contains(&r, "<img src=x") && !h_contains(&r, "<script>alert(2)") &&
	        !h_contains(&r, "<b>bold") && !h_contains(&r, "<i>Title"),
	    "no markup from the post");
	CHECK(h_contains(&r, "&lt;img src=x") &&
	        h_contains(&r, "&lt;i&gt;Title&lt;/i&gt; &amp; more"),
	    "text escaped");
	snprintf(content, sizeof(content), "&quot;<mark>%s</mark>&quot;", k);
	CHECK(h_contains(&r, content), "only our own <mark>, around escaped text");
	h_free(&r);
	/* browsing the tag shows the text unabridged, escaped */
	snprintf(path, sizeof(path), "/search?type=posts&tag=%s", tag);
	CHECK(h_get(&anon, path, &r) == 200, "browse");
	CHECK(!h_contains(&r, "<script>alert(2)") && h_contains(&r, "&lt;script&gt;alert(2)"),
	    "browse escaped");
	h_free(&r);
	/* JSON carries the text as text */
	CHECK(search(&anon, &r, "/social/search/posts?tag=%s%s", tag, "") == 200, "json");
	CHECK(strstr(jstr(json_array_get(json_object_get(r.json, "posts"), 0), "snippet"),
	          "<script>alert(2)</script>") != NULL,
	    "JSON verbatim: %s", r.body);
	CHECK(strcmp(jstr(json_array_get(json_object_get(r.json, "posts"), 0), "title"),
	          "<i>Title</i> & more") == 0,
	    "title verbatim");
	h_free(&r);
}

ITEST(t_bad_input, "search: bad input gets a clear error and changes nothing")
static void
t_bad_input(void)
{
	static const struct {
		const char *path, *field;
	} bad[] = {
		{ "/social/search/users", "q" },
		{ "/social/search/users?q=", "q" },
		{ "/social/search/users?q=%20%20", "q" },
		{ "/social/search/users?q=%21%21%26%7C", "q" },
		{ "/social/search/posts", "q" },
		{ "/social/search/posts?q=&sport=football", "q" },
		{ "/social/search/posts?q=%28%29%3A%2A", "q" },
		{ "/social/search/users?q=vera&page=0", "page" },
		{ "/social/search/users?q=vera&page=-1", "page" },
		{ "/social/search/users?q=vera&page=501", "page" },
		{ "/social/search/users?q=vera&page=99999999999999999999999", "page" },
		{ "/social/search/posts?q=vera&page=abc", "page" },
		{ "/social/search/posts?q=vera&per_page=0", "per_page" },
		{ "/social/search/posts?q=vera&per_page=51", "per_page" },
		{ "/social/search/posts?q=vera&sport=quidditch", "sport" },
		{ "/social/search/posts?tag=%3Cb%3E", "tag" },
		{ "/social/search/posts?tag=123", "tag" },
		{ "/social/search/posts?q=x&tag=two%20words", "tag" },
	};
	static const char *const pages[] = {
		"/search?q=vera&type=robots",
		"/search?q=vera&page=0",
		"/search?q=vera&page=-3",
		"/search?q=vera&page=100000000",
		"/search?q=vera&sport=quidditch",
		"/search?tag=%3Cscript%3E",
	};
	char longq[256], path[512];
	struct h_member me;
	struct resp r;
	long long users = sql_ll("SELECT count(*) FROM t_demo.users;"),
	          posts = sql_ll("SELECT count(*) FROM t_demo.community_posts;");

	member(&me);
	users++;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(h_json(&me.c, "GET", bad[i].path, NULL, &r) == 422, "%s: %ld %s", bad[i].path,
		    r.status, r.body ? r.body : "");
		CHECK(field_error(&r, bad[i].field)[0] != '\0', "%s: error for %s: %s", bad[i].path,
		    bad[i].field, r.body ? r.body : "");
		h_free(&r);
	}
	/* too long: 101 characters */
	memset(longq, 'a', 101);
	longq[101] = '\0';
	snprintf(path, sizeof(path), "/social/search/posts?q=%s", longq);
	CHECK(h_json(&me.c, "GET", path, NULL, &r) == 422 && field_error(&r, "q")[0],
	    "101 characters: %s", r.body ? r.body : "");
	h_free(&r);
	snprintf(path, sizeof(path), "/social/search/users?q=%s", longq);
	CHECK(h_json(&me.c, "GET", path, NULL, &r) == 422, "101 characters (users)");
	h_free(&r);
	longq[100] = '\0';
	snprintf(path, sizeof(path), "/social/search/users?q=%s", longq);
	CHECK(h_json(&me.c, "GET", path, NULL, &r) == 200, "100 characters are fine");
	h_free(&r);
	snprintf(path, sizeof(path), "/search?q=%s%s", longq, "b");
	CHECK(h_get(&me.c, path, &r) == 422 && h_contains(&r, "at most 100"), "page: too long");
	h_free(&r);

	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		CHECK(h_get(&me.c, pages[i], &r) == 422, "%s: %ld", pages[i], r.status);
		CHECK(h_contains(&r, "class=\"error\""), "%s: the error is shown", pages[i]);
		h_free(&r);
	}
	/* the bare page is a form, not an error; so is an empty or blank box
	 * sent (an empty form field is not given, app/http) */
	{
		static const char *const bare[] = { "/search",
			"/search?q=", "/search?q=%20&type=posts" };

		for (size_t i = 0; i < sizeof(bare) / sizeof(bare[0]); i++) {
			CHECK(h_get(&me.c, bare[i], &r) == 200 && h_contains(&r, "name=\"q\"") &&
			        !h_contains(&r, "class=\"error\""),
			    "%s: the bare page (%ld)", bare[i], r.status);
			h_free(&r);
		}
	}

	/* text-search and LIKE syntax is just text */
	{
		static const char *const odd[] = { "value%27s%20%26%20%7C%20%21%28", "%22unclosed",
			"a%3A%2A%20%3C-%3E%20b", "100%25", "__a", "a%5C", "or%20and%20not" };

		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			snprintf(path, sizeof(path), "/social/search/posts?q=%s", odd[i]);
			CHECK(h_json(&me.c, "GET", path, NULL, &r) == 200, "%s: %ld %s", path,
			    r.status, r.body ? r.body : "");
			h_free(&r);
			snprintf(path, sizeof(path), "/social/search/users?q=%s", odd[i]);
			CHECK(
			    h_json(&me.c, "GET", path, NULL, &r) == 200, "%s: %ld", path, r.status);
			h_free(&r);
		}
	}

	/* a search is a GET: other methods are refused */
	CHECK(h_json(&me.c, "POST", "/social/search/users?q=vera", "{}", &r) == 405, "POST: 405");
	h_free(&r);

	CHECK(sql_ll("SELECT count(*) FROM t_demo.users;") == users, "no member changed");
	CHECK(sql_ll("SELECT count(*) FROM t_demo.community_posts;") == posts, "no post changed");
}
