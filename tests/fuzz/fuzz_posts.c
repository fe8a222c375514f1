/*
 * libFuzzer driver: what a post's text says (app/posts/posts_text.c).
 *
 * The input (up to a NUL) is a post. Hashtags are 1..50 of [a-z0-9_] with a
 * letter, distinct, at most POSTS_TAGS_MAX, each written as "#tag" in the
 * lower-cased text, and each is a tag search accepts unchanged
 * (search_tag_normalise), so a stored tag can always be searched for.
 * Mentions are 3..30 of [a-z0-9_], distinct, at most POSTS_MENTIONS_MAX,
 * each written as "@name". posts_count_links equals a reference count
 * (tokens starting with "www." or containing "http://" or "https://", any
 * case). posts_normalise gives no ASCII capitals, single inner spaces, no
 * space at either end, only word characters, spaces and non-ASCII bytes; it
 * is idempotent, blind to ASCII case, and keeps valid UTF-8 valid.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "posts/posts.h"
#include "search/search.h"

#include "fuzz.h"

static int
word(unsigned char c)
{
	return isalnum(c) && c < 0x80 ? 1 : c == '_';
}

static void
check_words(struct arena *a, const char *text, const struct posts_words *w, char sigil,
    size_t minlen, size_t maxlen, size_t max)
{
	char *lower = util_lower(arena_strdup(a, text));

	FUZZ_CHECK(w->n <= max, "%zu words (at most %zu)", w->n, max);
	for (size_t i = 0; i < w->n; i++) {
		const char *v = w->v[i];
		size_t n = strlen(v);
		int letter = 0;
		char *pat;

		FUZZ_CHECK(n >= minlen && n <= maxlen, "'%c%s': length %zu", sigil, v, n);
		for (size_t k = 0; k < n; k++) {
			FUZZ_CHECK((v[k] >= 'a' && v[k] <= 'z') || (v[k] >= '0' && v[k] <= '9') ||
			        v[k] == '_',
			    "'%c%s': byte 0x%02x", sigil, v, (unsigned char)v[k]);
			letter |= v[k] >= 'a' && v[k] <= 'z';
		}
		FUZZ_CHECK(sigil != '#' || letter, "tag '%s' without a letter", v);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(w->v[k], v) != 0, "'%c%s' twice", sigil, v);
		pat = arena_printf(a, "%c%s", sigil, v);
		FUZZ_CHECK(strstr(lower, pat) != NULL, "'%s' is not in the text", pat);
		if (sigil == '#') {
			const char *t = search_tag_normalise(a, pat);

			FUZZ_CHECK(t != NULL && strcmp(t, v) == 0,
			    "search refuses the stored tag '%s'", v);
		}
	}
}

static int
ref_links(struct arena *a, const char *text)
{
	static const char *const sp = " \t\n\r\f\v";
	int n = 0;

	for (const char *p = text + strspn(text, sp); *p; p += strspn(p, sp)) {
		size_t len = strcspn(p, sp);
		char *tok = util_lower(arena_strndup(a, p, len));

		n += strncmp(tok, "www.", 4) == 0 || strstr(tok, "http://") != NULL ||
		    strstr(tok, "https://") != NULL;
		p += len;
	}
	return n;
}

static char *
swap_case(struct arena *a, const char *s)
{
	char *t = arena_strdup(a, s);

	for (char *p = t; *p; p++)
		if (isalpha((unsigned char)*p) && (unsigned char)*p < 0x80)
			*p = (char)(isupper((unsigned char)*p) ? tolower((unsigned char)*p)
			                                       : toupper((unsigned char)*p));
	return t;
}

static void
check_normalise(struct arena *a, const char *text)
{
	char *n = posts_normalise(a, text), *again, *swapped;
	size_t len;

	FUZZ_CHECK(n != NULL, "posts_normalise returned NULL");
	len = strlen(n);
	FUZZ_CHECK(len <= strlen(text), "normalised text longer than the text");
	FUZZ_CHECK(len == 0 || (n[0] != ' ' && n[len - 1] != ' '), "space at an end: '%s'", n);
	FUZZ_CHECK(strstr(n, "  ") == NULL, "double space: '%s'", n);
	for (const unsigned char *p = (const unsigned char *)n; *p; p++)
		FUZZ_CHECK(*p >= 0x80 || *p == ' ' || (word(*p) && !(*p >= 'A' && *p <= 'Z')),
		    "byte 0x%02x in the normalised text", *p);
	again = posts_normalise(a, n);
	FUZZ_CHECK(strcmp(again, n) == 0, "not idempotent: '%s' -> '%s'", n, again);
	swapped = posts_normalise(a, swap_case(a, text));
	FUZZ_CHECK(strcmp(swapped, n) == 0, "depends on case: '%s' vs '%s'", n, swapped);
	if (fuzz_ref_utf8_valid((const unsigned char *)text, strlen(text)))
		FUZZ_CHECK(fuzz_ref_utf8_valid((const unsigned char *)n, len),
		    "valid UTF-8 normalised into invalid UTF-8");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct arena *a = arena_new(4096);
	struct posts_words w;
	int links;

	if (a == NULL)
		abort();
	posts_hashtags(a, text, &w);
	check_words(a, text, &w, '#', 1, POSTS_TAG_LEN_MAX, POSTS_TAGS_MAX);
	posts_mentions(a, text, &w);
	check_words(a, text, &w, '@', 3, 30, POSTS_MENTIONS_MAX);
	links = posts_count_links(text);
	FUZZ_CHECK(links == ref_links(a, text), "posts_count_links = %d, reference %d", links,
	    ref_links(a, text));
	check_normalise(a, text);
	arena_free(a);
	free(text);
	return 0;
}
