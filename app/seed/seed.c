/* seed: the per-brand entry point of `tailgate seed` (docs/seed.md). */
#include "seed.h"

int
seed_tenant(const struct tenancy_tenant *t, uint64_t seed, const char *password)
{
	if (seed_bets_tenant(t, seed, 0, password) != 0 || seed_posts_tenant(t) != 0)
		return -1;
	return 0;
}
