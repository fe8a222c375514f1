/*
 * libFuzzer driver: util_utf8_valid (app/core/util.c) against the reference
 * validator in fuzz.h, on the whole input and on every split point's prefix
 * and suffix taken from the first byte (so truncated sequences at either end
 * are exercised). Aborts on any disagreement.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#include "fuzz.h"

static void
check(const uint8_t *p, size_t n)
{
	/* exact-size heap copy: any read past n is an ASan report */
	char *s = malloc(n ? n : 1);
	int got, want;

	if (s == NULL)
		abort();
	if (n)
		memcpy(s, p, n);
	got = util_utf8_valid(s, n);
	want = fuzz_ref_utf8_valid(p, n);
	FUZZ_CHECK((got != 0) == (want != 0), "util_utf8_valid = %d, reference = %d (n = %zu)", got,
	    want, n);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cut;

	check(data, size);
	if (size == 0)
		return 0;
	cut = data[0] % size;
	check(data, cut);
	check(data + cut, size - cut);
	return 0;
}
