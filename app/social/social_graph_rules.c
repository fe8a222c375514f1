/*
 * The follow graph's rules (pure): what a follow, unfollow, block or
 * unblock does given the relationships already there between the two
 * members. One table for the HTML forms and the JSON endpoints alike.
 */
#include "social.h"

#include <string.h>

static int
is(const char *rel, const char *type)
{
	return rel != NULL && strcmp(rel, type) == 0;
}

struct tg_err
social_graph_decide(enum social_graph_action act, int self, int exists, const char *mine,
    const char *theirs, int *change)
{
	*change = 0;
	if (self)
		return TG_ERR(TG_INVALID, NULL,
		    act == SG_FOLLOW || act == SG_UNFOLLOW ? "You cannot follow yourself."
		                                           : "You cannot block yourself.");
	/* A member who blocked you is not there as far as you can tell: the
	 * same answer as for an unknown id. */
	if (!exists || is(theirs, "block"))
		return TG_ERR(TG_NOT_FOUND, NULL, "There is no such member.");
	switch (act) {
	case SG_FOLLOW:
		if (is(mine, "block"))
			return TG_ERR(
			    TG_CONFLICT, NULL, "You have blocked this member. Unblock them first.");
		*change = !is(mine, "follow");
		return TG_OK_VAL;
	case SG_UNFOLLOW:
		if (!is(mine, "follow"))
			return TG_ERR(TG_CONFLICT, NULL, "You are not following this member.");
		*change = 1;
		return TG_OK_VAL;
	case SG_BLOCK:
		*change = !is(mine, "block");
		return TG_OK_VAL;
	case SG_UNBLOCK:
		if (!is(mine, "block"))
			return TG_ERR(TG_CONFLICT, NULL, "You have not blocked this member.");
		*change = 1;
		return TG_OK_VAL;
	}
	return TG_ERR(TG_BAD_REQUEST, NULL, "Unknown action.");
}

int
social_graph_page_count(long long total, int per_page)
{
	if (total <= 0 || per_page <= 0)
		return 1;
	return (int)((total + per_page - 1) / per_page);
}
