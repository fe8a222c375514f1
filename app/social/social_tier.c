/* Community tiers (pure). */
#include "social.h"

const char *
social_tier(long long followers)
{
	if (followers > 1000)
		return "platinum";
	if (followers > 100)
		return "gold";
	if (followers > 10)
		return "silver";
	return "bronze";
}
