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

int
social_graph_decide(enum social_graph_action act, int self, int exists, const char *mine,
    const char *theirs, const char **msg)
{
	*msg = NULL;
	if (self) {
		*msg = act == SG_FOLLOW || act == SG_UNFOLLOW ? "You cannot follow yourself."
		    : "You cannot block yourself.";
		return 422;
	}
	/* A member who blocked you is not there as far as you can tell: the
	 * same answer as for an unknown id. */
	if (!exists || is(theirs, "block")) {
		*msg = "There is no such member.";
		return 404;
	}
	switch (act) {
	case SG_FOLLOW:
		if (is(mine, "block")) {
			*msg = "You have blocked this member. Unblock them first.";
			return 409;
		}
		return is(mine, "follow") ? SG_NOOP : SG_DO;
	case SG_UNFOLLOW:
		if (is(mine, "follow"))
			return SG_DO;
		*msg = "You are not following this member.";
		return 409;
	case SG_BLOCK:
		return is(mine, "block") ? SG_NOOP : SG_DO;
	case SG_UNBLOCK:
		if (is(mine, "block"))
			return SG_DO;
		*msg = "You have not blocked this member.";
		return 409;
	}
	*msg = "Unknown action.";
	return 400;
}

int
social_graph_page_count(long long total, int per_page)
{
	if (total <= 0 || per_page <= 0)
		return 1;
	return (int)((total + per_page - 1) / per_page);
}
