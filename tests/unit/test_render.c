/*
 * Unit tests for the per-process fragment cache (app/render/render_cache.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/render.h"

static int
reset(void **state)
{
	(void)state;
	render_cache_clear();
	return 0;
}

static void
test_cache_versioned(void **state)
{
	(void)state;
	assert_null(render_cache_get("k", "1"));
	render_cache_put("k", "1", "<p>one</p>", 10);
	assert_string_equal(render_cache_get("k", "1"), "<p>one</p>");
	/* another version of the data is a miss, and a put replaces */
	assert_null(render_cache_get("k", "2"));
	render_cache_put("k", "2", "<p>two</p>", 10);
	assert_null(render_cache_get("k", "1"));
	assert_string_equal(render_cache_get("k", "2"), "<p>two</p>");
	/* another key is a miss even with the same version */
	assert_null(render_cache_get("k2", "2"));
}

static void
test_cache_refuses(void **state)
{
	size_t big = RENDER_CACHE_MAX + 1;
	char *html = malloc(big);

	(void)state;
	assert_non_null(html);
	/* no version: never stored, never served */
	render_cache_put("k", "", "x", 1);
	assert_null(render_cache_get("k", ""));
	render_cache_put("k", "1", "x", 1);
	assert_null(render_cache_get("k", ""));
	assert_null(render_cache_get("k", NULL));
	/* too large: not stored, and the old fragment is gone too */
	memset(html, 'a', big);
	render_cache_put("k", "2", html, big);
	assert_null(render_cache_get("k", "2"));
	assert_null(render_cache_get("k", "1"));
	free(html);
}

static void
test_cache_bounded(void **state)
{
	char key[32];
	int kept = 0;

	(void)state;
	/* more keys than slots: memory stays bounded, the newest are served */
	for (int i = 0; i < 4 * RENDER_CACHE_SLOTS; i++) {
		snprintf(key, sizeof(key), "profile:%d", i);
		render_cache_put(key, "v", key, strlen(key));
	}
	for (int i = 0; i < 4 * RENDER_CACHE_SLOTS; i++) {
		const char *h;

		snprintf(key, sizeof(key), "profile:%d", i);
		if ((h = render_cache_get(key, "v")) != NULL) {
			assert_string_equal(h, key);
			kept++;
		}
	}
	assert_true(kept > 0 && kept <= RENDER_CACHE_SLOTS);
	snprintf(key, sizeof(key), "profile:%d", 4 * RENDER_CACHE_SLOTS - 1);
	assert_non_null(render_cache_get(key, "v"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cache_versioned, reset),
		cmocka_unit_test_setup(test_cache_refuses, reset),
		cmocka_unit_test_setup(test_cache_bounded, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
