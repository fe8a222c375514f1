/*
 * The pure part of search: checks on the query and the tag, LIKE escaping
 * and the split of a ts_headline snippet into plain and highlighted parts.
 * No I/O; tests/unit/test_search.c covers it.
 */
#include "search.h"

#include <string.h>

char *
search_tag_normalise(struct arena *a, const char *tag)
{
	size_t n;
	int letter = 0;
	char *out;

	if (tag == NULL)
		return NULL;
	if (tag[0] == '#')
		tag++;
	n = strlen(tag);
	if (n == 0 || n > SEARCH_TAG_MAX || (out = arena_strndup(a, tag, n)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = out[i];

		if (c >= 'A' && c <= 'Z')
			out[i] = c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			letter = 1;
		else if (!(c >= '0' && c <= '9') && c != '_')
			return NULL;
	}
	return letter ? out : NULL;
}

char *
search_like_prefix(struct arena *a, const char *q)
{
	size_t n = strlen(q), j = 0;
	char *out = arena_alloc(a, 2 * n + 2);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '\\' || q[i] == '%' || q[i] == '_')
			out[j++] = '\\';
		out[j++] = q[i];
	}
	out[j++] = '%';
	out[j] = '\0';
	return out;
}

const char *
search_check_query(const char *q, int users, int has_tag)
{
	if (q == NULL || q[0] == '\0') {
		if (!users && has_tag)
			return NULL;
		return users ? "is required: type part of a name"
		             : "is required: type some words, or choose a tag";
	}
	/* Nothing to match on: trigrams and text search both ignore punctuation.
	 * Bytes of multi-byte UTF-8 characters count as letters. */
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p >= 0x80)
			return NULL;
	return "needs at least one letter or digit";
}

size_t
search_snippet_split(struct arena *a, const char *s, struct search_part *out, size_t max)
{
	size_t n = 0;
	int hit = 0;

	if (s == NULL || max == 0)
		return 0;
	while (*s) {
		size_t len = strcspn(s, SEARCH_MARK_START SEARCH_MARK_STOP);

		if (len > 0) {
			if (n == max) {
				/* Out of parts: the rest joins the last one as it is. */
				out[n - 1].text = arena_printf(
				    a, "%s%s", out[n - 1].text, search_snippet_plain(a, s));
				return n;
			}
			out[n].text = arena_strndup(a, s, len);
			out[n].hit = hit;
			n++;
		}
		s += len;
		if (*s == '\0')
			break;
		hit = *s == SEARCH_MARK_START[0];
		s++;
	}
	return n;
}

char *
search_snippet_plain(struct arena *a, const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = arena_alloc(a, n + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] != SEARCH_MARK_START[0] && s[i] != SEARCH_MARK_STOP[0])
			out[j++] = s[i];
	out[j] = '\0';
	return out;
}
