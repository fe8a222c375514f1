/*
 * libFuzzer driver: search text (app/search/search_text.c).
 *
 * The input (up to a NUL) is used as a tag, a query and a ts_headline
 * snippet; its first byte also picks the snippet's part limit (1..64).
 *   - search_tag_normalise: NULL, or the input without one leading '#',
 *     ASCII lower-cased, 1..50 of [a-z0-9_] with a letter; idempotent; and
 *     the tag posts would store for "#<tag>" (posts_hashtags) is that tag.
 *   - search_like_prefix: every '\', '%' and '_' of the query escaped, one
 *     unescaped '%' at the end; unescaping gives the query back.
 *   - search_check_query: NULL exactly when the query has an ASCII letter or
 *     digit or a non-ASCII byte (an empty query only when browsing a tag).
 *   - search_snippet_split: at most max non-empty parts without markers;
 *     joined they equal search_snippet_plain; valid UTF-8 stays valid.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "posts/posts.h"
#include "search/search.h"

#include "fuzz.h"

static void
check_tag(struct arena *a, const char *in)
{
	const char *t = search_tag_normalise(a, in), *body = in[0] == '#' ? in + 1 : in;
	struct posts_words w;
	size_t n;
	int letter = 0;

	if (t == NULL)
		return;
	n = strlen(t);
	FUZZ_CHECK(n >= 1 && n <= SEARCH_TAG_MAX && n == strlen(body), "tag '%s' from '%s'", t, in);
	for (size_t i = 0; i < n; i++) {
		char c = body[i] >= 'A' && body[i] <= 'Z' ? (char)(body[i] - 'A' + 'a') : body[i];

		FUZZ_CHECK(t[i] == c, "tag '%s' is not '%s' lower-cased", t, body);
		FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_',
		    "byte 0x%02x in tag '%s'", (unsigned char)c, t);
		letter |= c >= 'a' && c <= 'z';
	}
	FUZZ_CHECK(letter, "tag '%s' without a letter", t);
	FUZZ_CHECK(strcmp(search_tag_normalise(a, t), t) == 0, "tag '%s' not idempotent", t);
	posts_hashtags(a, arena_printf(a, "#%s", t), &w);
	FUZZ_CHECK(w.n == 1 && strcmp(w.v[0], t) == 0, "posts store '#%s' as %zu tags ('%s')", t,
	    w.n, w.n ? w.v[0] : "");
}

static void
check_like(struct arena *a, const char *q)
{
	const char *p = search_like_prefix(a, q), *s;
	size_t n = strlen(p), k = 0;

	FUZZ_CHECK(n >= 1 && p[n - 1] == '%', "pattern '%s' does not end with %%", p);
	for (s = p; s < p + n - 1; s++, k++) {
		if (*s == '\\' || *s == '%' || *s == '_') {
			FUZZ_CHECK(
			    *s == '\\' && s + 1 < p + n - 1, "unescaped '%c' in '%s'", *s, p);
			s++;
		}
		FUZZ_CHECK(q[k] == *s, "pattern '%s' does not spell '%s'", p, q);
	}
	FUZZ_CHECK(q[k] == '\0', "pattern '%s' is shorter than '%s'", p, q);
}

static void
check_query(const char *q)
{
	int has = 0;

	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		has |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p >= 0x80;
	for (int users = 0; users < 2; users++)
		for (int tag = 0; tag < 2; tag++) {
			int ok = search_check_query(q, users, tag) == NULL;

			FUZZ_CHECK(ok == (q[0] ? has : !users && tag),
			    "search_check_query('%s', %d, %d) = %s", q, users, tag,
			    ok ? "ok" : "refused");
		}
}

static void
check_snippet(struct arena *a, const char *s, size_t max)
{
	struct search_part parts[SEARCH_SNIPPET_PARTS];
	const char *plain = search_snippet_plain(a, s);
	size_t n = search_snippet_split(a, s, parts, max), off = 0;
	int utf8 = fuzz_ref_utf8_valid((const unsigned char *)s, strlen(s));

	FUZZ_CHECK(n <= max, "%zu parts (at most %zu)", n, max);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(parts[i].text);

		FUZZ_CHECK(len > 0, "part %zu empty", i);
		FUZZ_CHECK(strpbrk(parts[i].text, SEARCH_MARK_START SEARCH_MARK_STOP) == NULL,
		    "part %zu keeps a marker", i);
		FUZZ_CHECK(strncmp(plain + off, parts[i].text, len) == 0,
		    "part %zu differs from the plain text", i);
		FUZZ_CHECK(!utf8 || fuzz_ref_utf8_valid((const unsigned char *)parts[i].text, len),
		    "part %zu is not valid UTF-8", i);
		off += len;
	}
	FUZZ_CHECK(plain[off] == '\0', "parts cover %zu of %zu bytes of the plain text", off,
	    strlen(plain));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct arena *a = arena_new(4096);

	if (a == NULL)
		abort();
	check_tag(a, s);
	check_like(a, s);
	check_query(s);
	check_snippet(
	    a, s, size ? (size_t)data[0] % SEARCH_SNIPPET_PARTS + 1 : SEARCH_SNIPPET_PARTS);
	arena_free(a);
	free(s);
	return 0;
}
