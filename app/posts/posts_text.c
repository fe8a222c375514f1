/*
 * The pure part of posts: what a post's text says (hashtags, mentions,
 * links), its normalised form for duplicate detection, and the anti-spam
 * decision. No I/O; tests/unit/test_posts.c covers it.
 */
#include "posts.h"

#include <string.h>
#include <strings.h>

static int
is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Does a link start at p (the start of a whitespace-separated token)? */
static int
token_is_link(const char *p)
{
	const char *e = p;

	while (*e && !is_space((unsigned char)*e))
		e++;
	if ((size_t)(e - p) >= 4 && strncasecmp(p, "www.", 4) == 0)
		return 1;
	for (const char *q = p; q < e; q++)
		if ((size_t)(e - q) >= 7 &&
		    (strncasecmp(q, "http://", 7) == 0 ||
		        ((size_t)(e - q) >= 8 && strncasecmp(q, "https://", 8) == 0)))
			return 1;
	return 0;
}

int
posts_count_links(const char *text)
{
	int n = 0;

	for (const char *p = text; *p;) {
		while (*p && is_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		n += token_is_link(p);
		while (*p && !is_space((unsigned char)*p))
			p++;
	}
	return n;
}

static int
seen(const struct posts_words *w, const char *s)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i], s) == 0)
			return 1;
	return 0;
}

/* Words introduced by sigil: hashtags ('#', 1..50, a letter needed) or
 * mentions ('@', 3..30, whole word only). */
static void
scan(struct arena *a, const char *text, char sigil, size_t minlen, size_t maxlen, size_t max,
    struct posts_words *out)
{
	const unsigned char *p = (const unsigned char *)text;
	int in_link = 0;

	out->n = 0;
	for (size_t i = 0; p[i] && out->n < max; i++) {
		size_t len = 0, j;
		int letter = 0;
		char *w;

		if (i == 0 || is_space(p[i - 1]))
			in_link = token_is_link((const char *)p + i);
		if (p[i] != (unsigned char)sigil || in_link || (i > 0 && is_word(p[i - 1])) ||
		    (i > 0 && p[i - 1] == (unsigned char)sigil))
			continue;
		for (j = i + 1; p[j] && is_word(p[j]); j++, len++)
			if ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z'))
				letter = 1;
		if (len < minlen || len > maxlen || (sigil == '#' && !letter))
			continue;
		/* part of something longer (an address, a word running on into UTF-8):
		 * taken whole or not at all, never cut */
		if (p[j] >= 0x80 || (sigil == '@' && p[j] == '@'))
			continue;
		w = arena_strndup(a, (const char *)p + i + 1, len);
		if (w == NULL)
			return;
		util_lower(w);
		if (!seen(out, w))
			out->v[out->n++] = w;
		i = j - 1;
	}
}

void
posts_hashtags(struct arena *a, const char *text, struct posts_words *out)
{
	scan(a, text, '#', 1, POSTS_TAG_LEN_MAX, POSTS_TAGS_MAX, out);
}

void
posts_mentions(struct arena *a, const char *text, struct posts_words *out)
{
	scan(a, text, '@', 3, 30, POSTS_MENTIONS_MAX, out);
}

char *
posts_normalise(struct arena *a, const char *text)
{
	size_t n = strlen(text), o = 0;
	char *out = arena_alloc(a, n + 1);
	int gap = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x80 && !is_word(c)) {
			gap = 1;
			continue;
		}
		if (gap && o > 0)
			out[o++] = ' ';
		gap = 0;
		out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[o] = '\0';
	return out;
}

enum posts_spam
posts_spam_check(const struct posts_limits *l, const struct posts_recent *r, int links)
{
	if (r->last_hour >= (l->new_account ? l->per_hour_new : l->per_hour))
		return POSTS_SPAM_RATE;
	if (r->duplicate)
		return POSTS_SPAM_DUPLICATE;
	if (links > (l->new_account ? l->links_max_new : l->links_max))
		return POSTS_SPAM_LINKS;
	return POSTS_SPAM_OK;
}

const char *
posts_spam_message(struct arena *a, enum posts_spam s, const struct posts_limits *l)
{
	int links = l->new_account ? l->links_max_new : l->links_max;

	switch (s) {
	case POSTS_SPAM_RATE:
		return arena_printf(a,
		    "You can write %d of these an hour%s. Please wait a little "
		    "and try again.",
		    l->new_account ? l->per_hour_new : l->per_hour,
		    l->new_account ? " while your account is new" : "");
	case POSTS_SPAM_DUPLICATE:
		return arena_printf(a,
		    "You wrote the same thing within the last %d hours. "
		    "Please write something new.",
		    l->duplicate_window_hours);
	case POSTS_SPAM_LINKS:
		if (links == 0)
			return "New accounts cannot post links yet.";
		return arena_printf(a, "Too many links: at most %d%s.", links,
		    l->new_account ? " while your account is new" : "");
	default:
		return "";
	}
}
