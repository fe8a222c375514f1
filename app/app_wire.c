/* The composition of the modules' events and their listeners (app_wire.h). */
#include "app_wire.h"

#include "bets/bets.h"
#include "catalog/catalog.h"
#include "copy/copy.h"
#include "feed/feed.h"
#include "profiles/profiles.h"
#include "social/social.h"

void
app_wire(void)
{
	static int done;

	if (done++)
		return;
	/* A result recorded (operator feed, demo): the event's bets settle. */
	catalog_listen_result(bets_on_result);
	/* A member's own bet: their copiers follow (job "copy"). */
	bets_listen_placed(copy_on_placed);
	/* Settled: copies into their relationships first, then the members'
	 * figures (the order bets_settle_event always had). */
	bets_listen_settled(copy_on_settled);
	bets_listen_settled(profiles_on_bets_settled);
	/* The graph: the feed's inbox, then copying (unfollow/block stop it). */
	social_listen_graph(feed_on_graph);
	social_listen_graph(copy_on_graph);
}
