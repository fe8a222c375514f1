/*
 * Shared by the libFuzzer drivers in tests/fuzz/ (make fuzz): a check macro
 * that aborts with a message (libFuzzer then saves the input), and a
 * reference UTF-8 validator written independently of util_utf8_valid.
 */
#ifndef TG_FUZZ_H
#define TG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                                    \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(                                                                 \
			    stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                            \
			fputc('\n', stderr);                                                     \
			abort();                                                                 \
		}                                                                                \
	} while (0)

/* NUL-terminated heap copy of a fuzz input (exact size, so ASan sees overreads). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Reference: strict UTF-8 per RFC 3629 plus "no NUL bytes" (the app's rule).
 * Decodes each sequence from its lead byte's bit pattern, then rejects
 * overlong forms by comparing with the smallest code point that needs that
 * many bytes, surrogates, and anything above U+10FFFF.
 */
static inline int
fuzz_ref_utf8_valid(const unsigned char *s, size_t n)
{
	static const uint32_t min_cp[4] = { 0, 0x80, 0x800, 0x10000 };
	size_t i = 0;

	while (i < n) {
		unsigned b = s[i];
		size_t more;
		uint32_t cp;

		if (b == 0x00)
			return 0;
		if ((b & 0x80) == 0x00) {
			i++;
			continue;
		}
		if ((b & 0xe0) == 0xc0) {
			more = 1;
			cp = b & 0x1f;
		} else if ((b & 0xf0) == 0xe0) {
			more = 2;
			cp = b & 0x0f;
		} else if ((b & 0xf8) == 0xf0) {
			more = 3;
			cp = b & 0x07;
		} else
			return 0; /* continuation byte or 0xf8..0xff as a lead */
		if (n - i - 1 < more)
			return 0;
		for (size_t k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if (cp < min_cp[more] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += more + 1;
	}
	return 1;
}

#endif
