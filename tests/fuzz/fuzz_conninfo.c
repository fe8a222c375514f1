/*
 * libFuzzer driver: conf_mask_conninfo (app/core/conf.c), which masks the
 * password in a libpq conninfo before it is logged or dumped.
 *
 * The input (up to a NUL) is masked into exact-size 64- and 512-byte heap
 * buffers, so ASan sees any write past the end; the result must be
 * NUL-terminated inside the buffer. Text without "password" (any case) and
 * without "://" must come back unchanged (truncated to fit). For an input of
 * the form "password=<X>" with X free of whitespace, quotes and backslashes,
 * X (4+ bytes) must not appear in the output; besides the raw input, the
 * driver also builds "password=<input>" whenever the input qualifies as X.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#include "fuzz.h"

static const size_t sizes[] = { 64, 512 };

static void
mask_into(const char *in, size_t outsz, char **out)
{
	char *o = malloc(outsz);

	if (o == NULL)
		abort();
	memset(o, 'A', outsz);
	conf_mask_conninfo(in, o, outsz);
	FUZZ_CHECK(memchr(o, '\0', outsz) != NULL, "output not NUL-terminated in %zu bytes", outsz);
	*out = o;
}

/* X for "password=X": no whitespace, quote or backslash; 4+ bytes. */
static int
secret_ok(const char *x)
{
	size_t n = strlen(x);

	if (n < 4)
		return 0;
	for (const char *p = x; *p; p++)
		if (isspace((unsigned char)*p) || *p == '\'' || *p == '"' || *p == '\\')
			return 0;
	/* "word", "d=**"... occur in the mask itself: not a leak */
	return strstr("password=***", x) == NULL;
}

static void
check_secret(const char *in)
{
	const char *x;

	if (strncmp(in, "password=", 9) != 0 || !secret_ok(x = in + 9))
		return;
	for (size_t i = 0; i < TG_NELEM(sizes); i++) {
		char *out;

		mask_into(in, sizes[i], &out);
		FUZZ_CHECK(strstr(out, x) == NULL, "password '%s' leaked into '%s' (%zu bytes)", x,
		    out, sizes[i]);
		free(out);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	int plain = strcasestr(in, "password") == NULL && strstr(in, "://") == NULL;

	for (size_t i = 0; i < TG_NELEM(sizes); i++) {
		char *out;

		mask_into(in, sizes[i], &out);
		if (plain)
			FUZZ_CHECK(strncmp(out, in, sizes[i] - 1) == 0 &&
			        strlen(out) == (strlen(in) < sizes[i] ? strlen(in) : sizes[i] - 1),
			    "text without a password changed: '%s' -> '%s'", in, out);
		free(out);
	}
	check_secret(in);
	if (secret_ok(in)) {
		char *pw = malloc(strlen(in) + 10);

		if (pw == NULL)
			abort();
		memcpy(pw, "password=", 9);
		memcpy(pw + 9, in, strlen(in) + 1);
		check_secret(pw);
		free(pw);
	}
	free(in);
	return 0;
}
