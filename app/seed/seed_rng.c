/*
 * The random streams of `tailgate seed` (docs/seed.md, "Determinism and
 * days"): xoshiro256**, seeded through splitmix64 from the seed value, a tag
 * and two numbers, so that every stream is named by what it is for and
 * nothing depends on the order things are drawn in.
 */
#include "seed.h"

#include <math.h>

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
seed_rng_init(struct seed_rng *r, uint64_t seed, const char *tag, int64_t a, int64_t b)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325), x;

	/* FNV-1a over the tag, then the numbers mixed in through splitmix64 */
	for (const unsigned char *p = (const unsigned char *)tag; *p; p++)
		h = (h ^ *p) * UINT64_C(0x100000001b3);
	x = seed ^ h;
	x = splitmix64(&x) ^ (uint64_t)a;
	x = splitmix64(&x) ^ (uint64_t)b;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t
seed_rng_next(struct seed_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
seed_rng_uniform(struct seed_rng *r)
{
	return (double)(seed_rng_next(r) >> 11) * 0x1.0p-53;
}

double
seed_rng_normal(struct seed_rng *r)
{
	double u = 1.0 - seed_rng_uniform(r), v = seed_rng_uniform(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}
