/*
 * Rendered fragments kept per worker process, each under a key and the
 * version of the data it was rendered from (see render.h). Direct-mapped:
 * a new fragment replaces whatever shared its slot, so memory stays bounded
 * without bookkeeping, and a lookup is one hash and two string compares.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	char *key, *version, *html;
};

static struct slot slots[RENDER_CACHE_SLOTS];

static size_t
slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % RENDER_CACHE_SLOTS);
}

static void
slot_clear(struct slot *s)
{
	free(s->key);
	free(s->version);
	free(s->html);
	memset(s, 0, sizeof(*s));
}

const char *
render_cache_get(const char *key, const char *version)
{
	const struct slot *s = &slots[slot_of(key)];

	if (s->key == NULL || version == NULL || version[0] == '\0' || strcmp(s->key, key) != 0 ||
	    strcmp(s->version, version) != 0)
		return NULL;
	return s->html;
}

void
render_cache_put(const char *key, const char *version, const char *html, size_t len)
{
	struct slot *s = &slots[slot_of(key)];

	slot_clear(s);
	if (version == NULL || version[0] == '\0' || len > RENDER_CACHE_MAX)
		return;
	s->key = strdup(key);
	s->version = strdup(version);
	s->html = malloc(len + 1);
	if (s->key == NULL || s->version == NULL || s->html == NULL) {
		slot_clear(s);
		return;
	}
	memcpy(s->html, html, len);
	s->html[len] = '\0';
}

void
render_cache_clear(void)
{
	for (size_t i = 0; i < RENDER_CACHE_SLOTS; i++)
		slot_clear(&slots[i]);
}
