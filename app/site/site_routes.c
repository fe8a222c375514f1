/*
 * Every URL the application answers, with its methods, declared inputs,
 * sign-in and role requirements. HTML pages live at human URLs; JSON keeps
 * the product specification's paths under /social/. Operator routes answer
 * before host resolution and only on loopback.
 */
#include "site_routes.h"

/* Positional entries until the routes move to their modules (issue 14). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "../accounts/accounts.h"
#include "../auth/auth.h"
#include "../bets/bets.h"
#include "../catalog/catalog.h"
#include "../copy/copy.h"
#include "../feed/feed.h"
#include "../leaderboards/leaderboards.h"
#include "../ledger/ledger.h"
#include "../live/live.h"
#include "../openapi/openapi.h"
#include "../ops/ops.h"
#include "../posts/posts.h"
#include "../profiles/profiles.h"
#include "../search/search.h"
#include "../social/social.h"

#define GET HTTP_GET
#define POST HTTP_POST
#define PATCH HTTP_PATCH
#define DELETE HTTP_DELETE
#define ADMIN AUTH_ROLE_ADMIN

/* methods, pattern, handler, fields, flags, min_role, on_invalid, label */
const struct http_route site_routes[] = {
	{ GET, "/", accounts_home, NULL, 0, 0, NULL, "home" },
	{ GET, "/ping", accounts_ping, NULL, R_NODB, 0, NULL, "ping" },
	{ GET, "/brand.css", accounts_brand_css, NULL, R_NODB, 0, NULL, "brand_css" },
	{ GET, "/signup", accounts_signup_form, NULL, 0, 0, NULL, "signup_form" },
	{ POST, "/signup", accounts_signup, accounts_signup_fields, 0, 0, accounts_signup_form,
	    "signup" },
	{ GET, "/signin", accounts_signin_form, accounts_next_fields, 0, 0, NULL, "signin_form" },
	{ POST, "/signin", accounts_signin, accounts_signin_fields, 0, 0, accounts_signin_form,
	    "signin" },
	{ POST, "/signout", accounts_signout, NULL, R_AUTH, 0, NULL, "signout" },
	{ GET, "/settings/profile", accounts_profile_form, NULL, R_AUTH, 0, NULL, "profile_form" },
	{ POST, "/settings/profile", accounts_profile_save, accounts_profile_fields, R_AUTH, 0,
	    accounts_profile_form, "profile_save" },
	{ GET, "/settings/password", accounts_password_form, NULL, R_AUTH, 0, NULL,
	    "password_form" },
	{ POST, "/settings/password", accounts_password_save, accounts_password_fields, R_AUTH, 0,
	    accounts_password_form, "password_save" },
	{ GET, "/notifications", social_notifications_page, NULL, R_AUTH, 0, NULL,
	    "notifications" },
	{ POST, "/notifications/read", social_notifications_read, NULL, R_AUTH, 0, NULL,
	    "notifications_read" },
	{ GET, "/u/{username}", accounts_user_page, profiles_page_fields, 0, 0, NULL, "user_page" },
	{ GET, "/feed", feed_page, feed_fields, R_AUTH | R_WRITE, 0, NULL, "feed" },
	{ GET, "/search", search_page, search_page_fields, 0, 0, search_page_invalid, "search" },
	{ GET, "/leaderboards", leaderboards_page, leaderboards_fields, 0, 0, NULL, "leaderboards" },
	{ GET, "/u/{username}/followers", social_graph_followers_page, social_graph_list_fields, 0,
	    0, NULL, "followers" },
	{ GET, "/u/{username}/following", social_graph_following_page, social_graph_list_fields, 0,
	    0, NULL, "following" },
	{ GET, "/u/{username}/bets", bets_public_page, bets_public_page_fields, 0, 0, NULL,
	    "user_bets" },
	{ POST, "/u/{username}/follow", social_graph_follow_form, NULL, R_AUTH, 0, NULL, "follow" },
	{ POST, "/u/{username}/unfollow", social_graph_unfollow_form, NULL, R_AUTH, 0, NULL,
	    "unfollow" },
	{ POST, "/u/{username}/block", social_graph_block_form, NULL, R_AUTH, 0, NULL, "block" },
	{ POST, "/u/{username}/unblock", social_graph_unblock_form, NULL, R_AUTH, 0, NULL,
	    "unblock" },
	{ GET, "/copy", copy_page_mine, copy_list_fields, R_AUTH, 0, NULL, "copy_mine" },
	{ GET, "/u/{username}/copy", copy_page_start, NULL, R_AUTH, 0, NULL, "copy_start_form" },
	{ POST, "/u/{username}/copy", copy_page_create, copy_form_fields, R_AUTH, 0, copy_page_start,
	    "copy_start" },
	{ GET, "/copy/{relationship_id}/settings", copy_page_edit, NULL, R_AUTH, 0, NULL,
	    "copy_settings_form" },
	{ POST, "/copy/{relationship_id}/settings", copy_page_update, copy_form_fields, R_AUTH, 0,
	    copy_page_edit, "copy_settings" },
	{ POST, "/copy/{relationship_id}/pause", copy_page_pause, NULL, R_AUTH, 0, NULL,
	    "copy_pause" },
	{ POST, "/copy/{relationship_id}/resume", copy_page_resume, NULL, R_AUTH, 0, NULL,
	    "copy_resume" },
	{ POST, "/copy/{relationship_id}/stop", copy_page_stop, NULL, R_AUTH, 0, NULL, "copy_stop" },
	{ GET, "/events", catalog_events_page, catalog_list_fields, 0, 0, NULL, "events" },
	{ GET, "/events/{event_id}", catalog_event_page, catalog_event_fields, 0, 0, NULL, "event" },
	{ GET, "/bets", bets_my_bets_page, bets_list_fields, R_AUTH, 0, NULL, "my_bets" },
	{ POST, "/bets", bets_slip_place, bets_slip_fields, R_AUTH, 0, bets_slip_invalid,
	    "bet_place" },
	{ GET, "/bets/slip", bets_slip_page, bets_slip_view_fields, R_AUTH, 0, NULL, "bet_slip" },
	{ GET, "/wallet", ledger_wallet_page, ledger_page_fields, R_AUTH, 0, NULL, "wallet" },
	{ GET, "/posts/new", posts_new_page, posts_new_fields, R_AUTH, 0, NULL, "post_new" },
	{ POST, "/posts", posts_create_page, posts_create_fields, R_AUTH, 0, posts_new_invalid,
	    "post_create" },
	{ GET, "/posts/{post_id}", posts_page, NULL, 0, 0, NULL, "post" },
	{ POST, "/posts/{post_id}/like", posts_like_page, NULL, R_AUTH, 0, NULL, "post_like" },
	{ POST, "/posts/{post_id}/unlike", posts_unlike_page, NULL, R_AUTH, 0, NULL, "post_unlike" },
	{ POST, "/posts/{post_id}/comments", posts_comment_page, posts_comment_fields, R_AUTH, 0,
	    NULL, "post_comment" },
	{ POST, "/posts/{post_id}/share", posts_share_page, posts_share_fields, R_AUTH, 0, NULL,
	    "post_share" },
	{ POST, "/posts/{post_id}/copy", copy_post_form, copy_post_form_fields, R_AUTH, 0, NULL,
	    "post_copy" },
	{ GET, "/posts/{post_id}/edit", posts_edit_form, NULL, R_AUTH, 0, NULL, "post_edit_form" },
	{ POST, "/posts/{post_id}/edit", posts_edit_page, posts_edit_fields, R_AUTH, 0,
	    posts_edit_form, "post_edit" },
	{ GET, "/admin/users", accounts_admin_users, accounts_list_fields, R_AUTH, ADMIN, NULL,
	    "admin_users" },
	{ POST, "/admin/users/{user_id}/role", accounts_admin_role, accounts_role_fields, R_AUTH,
	    ADMIN, NULL, "admin_role" },
	{ POST, "/admin/users/{user_id}/adjust", ledger_admin_adjust, ledger_adjust_fields, R_AUTH,
	    ADMIN, NULL, "admin_adjust" },
	{ POST, "/admin/api/users/{user_id}/adjustments", ledger_api_adjust, ledger_adjust_api_fields,
	    R_JSON | R_AUTH, ADMIN, NULL, "admin_api_adjust",
	    .summary = "Top up or adjust a member's cash (administrators)" },
	{ GET, "/admin/tenants", accounts_admin_tenants, NULL, R_AUTH, ADMIN, NULL,
	    "admin_tenants" },

	{ POST, "/social/auth/signup", accounts_api_signup, accounts_signup_fields, R_JSON, 0, NULL,
	    "api_signup", .summary = "Create an account and sign in" },
	{ POST, "/social/auth/login", accounts_api_login, accounts_signin_fields, R_JSON, 0, NULL,
	    "api_login", .summary = "Sign in with username or email and password" },
	{ POST, "/social/auth/logout", accounts_api_logout, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_logout", .summary = "Sign out (end this session)" },
	{ GET, "/social/me", accounts_api_me, NULL, R_JSON | R_AUTH, 0, NULL, "api_me",
	    .summary = "The signed-in member and the session's CSRF token" },
	{ PATCH, "/social/me", accounts_api_me_patch, accounts_profile_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_me_patch", .summary = "Change the signed-in member's profile" },
	{ POST, "/social/me/password", accounts_api_password, accounts_password_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_password",
	    .summary = "Change the password (other sessions end)" },
	{ GET, "/social/users/{user_id}/profile", accounts_api_profile, NULL, R_JSON, 0, NULL,
	    "api_profile", .summary = "A member's public profile" },
	{ GET, "/social/feed", feed_api, feed_fields, R_JSON | R_AUTH | R_WRITE, 0, NULL,
	    "api_feed", .summary = "The signed-in member's feed" },
	{ GET, "/social/leaderboards/top-performers", leaderboards_api_top, leaderboards_fields,
	    R_JSON, 0, NULL, "api_top_performers",
	    .summary = "Members ranked by their settled bets" },
	{ GET, "/social/leaderboards/trending", leaderboards_api_trending,
	    leaderboards_trending_fields, R_JSON, 0, NULL, "api_trending",
	    .summary = "Members gaining followers and engagement fastest" },
	{ GET, "/social/search/users", search_api_users, search_users_fields, R_JSON, 0, NULL,
	    "api_search_users", .summary = "Search members by name" },
	{ GET, "/social/search/posts", search_api_posts, search_posts_fields, R_JSON, 0, NULL,
	    "api_search_posts", .summary = "Search posts (full text)" },
	{ GET, "/social/users/{user_id}/followers", social_api_followers, social_graph_list_fields,
	    R_JSON, 0, NULL, "api_followers", .summary = "A page of a member's followers" },
	{ GET, "/social/users/{user_id}/following", social_api_following, social_graph_list_fields,
	    R_JSON, 0, NULL, "api_following", .summary = "A page of the members a member follows" },
	{ GET, "/social/users/{user_id}/bets", bets_public_api, bets_public_fields, R_JSON, 0, NULL,
	    "api_user_bets", .summary = "A member's public bets" },
	{ POST, "/social/users/{user_id}/follow", social_api_follow, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_follow", .summary = "Follow a member" },
	{ DELETE, "/social/users/{user_id}/follow", social_api_unfollow, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_unfollow", .summary = "Stop following a member" },
	{ POST, "/social/users/{user_id}/block", social_api_block, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_block", .summary = "Block a member" },
	{ DELETE, "/social/users/{user_id}/block", social_api_unblock, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_unblock", .summary = "Unblock a member" },
	{ GET, "/social/events", catalog_api_events, catalog_list_fields, R_JSON, 0, NULL,
	    "api_events", .summary = "List events with their markets and prices" },
	{ GET, "/social/events/{event_id}", catalog_api_event, NULL, R_JSON, 0, NULL, "api_event",
	    .summary = "One event with its markets and prices" },
	{ POST, "/admin/api/events", catalog_feed_event, catalog_feed_event_fields, R_JSON | R_AUTH,
	    ADMIN, NULL, "feed_events",
	    .summary = "Operator feed: create or update events and markets" },
	{ POST, "/admin/api/odds", catalog_feed_odds, catalog_feed_odds_fields, R_JSON | R_AUTH, ADMIN,
	    NULL, "feed_odds", .summary = "Operator feed: update prices" },
	{ POST, "/admin/api/results", catalog_feed_result, catalog_feed_result_fields,
	    R_JSON | R_AUTH, ADMIN, NULL, "feed_results",
	    .summary = "Operator feed: record results (bets settle)" },
	{ GET, "/social/notifications", social_api_notifications, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_notifications", .summary = "The signed-in member's newest notifications" },
	{ POST, "/social/bets", bets_api_place, bets_place_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_bet_place", .summary = "Place a bet" },
	{ GET, "/social/bets", bets_api_list, bets_list_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_bets", .summary = "The signed-in member's bets" },
	{ GET, "/social/bets/{bet_id}", bets_api_get, NULL, R_JSON | R_AUTH, 0, NULL, "api_bet",
	    .summary = "One of the signed-in member's bets" },
	{ GET, "/social/wallet", ledger_api_wallet, ledger_page_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_wallet", .summary = "The signed-in member's wallet and ledger entries" },
	{ POST, "/social/posts", posts_api_create, posts_create_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_post_create", .summary = "Create a post" },
	{ GET, "/social/posts/{post_id}", posts_api_get, NULL, R_JSON, 0, NULL, "api_post",
	    .summary = "One post" },
	{ PATCH, "/social/posts/{post_id}", posts_api_edit, posts_edit_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_post_edit", .summary = "Edit one's own post" },
	{ POST, "/social/posts/{post_id}/like", posts_api_like, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_post_like", .summary = "Like a post" },
	{ HTTP_DELETE, "/social/posts/{post_id}/like", posts_api_unlike, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_post_unlike", .summary = "Take back a like" },
	{ GET, "/social/posts/{post_id}/comments", posts_api_comments, posts_comments_list_fields,
	    R_JSON, 0, NULL, "api_post_comments", .summary = "A post's comments" },
	{ POST, "/social/posts/{post_id}/comments", posts_api_comment, posts_comment_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_comment",
	    .summary = "Comment on a post (or reply to a comment)" },
	{ POST, "/social/posts/{post_id}/share", posts_api_share, posts_share_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_share", .summary = "Share a post" },
	{ POST, "/social/copy-trading/relationships", copy_api_create, copy_create_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_create",
	    .summary = "Start copying a member's bets" },
	{ GET, "/social/copy-trading/my-relationships", copy_api_mine, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_copy_mine", .summary = "The signed-in member's copy relationships" },
	{ GET, "/social/copy-trading/copies", copy_api_copies, copy_list_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_copy_copies", .summary = "The bets copied for the signed-in member" },
	{ GET, "/social/copy-trading/relationships/{relationship_id}", copy_api_get, copy_list_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_get",
	    .summary = "One copy relationship with its figures" },
	{ HTTP_PUT, "/social/copy-trading/relationships/{relationship_id}/settings",
	    copy_api_settings, copy_settings_fields, R_JSON | R_AUTH, 0, NULL, "api_copy_settings",
	    .summary = "Replace a copy relationship's settings" },
	{ POST, "/social/copy-trading/relationships/{relationship_id}/pause", copy_api_pause, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_pause", .summary = "Pause a copy relationship" },
	{ POST, "/social/copy-trading/relationships/{relationship_id}/resume", copy_api_resume, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_resume",
	    .summary = "Resume a paused copy relationship" },
	{ POST, "/social/copy-trading/relationships/{relationship_id}/stop", copy_api_stop, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_stop", .summary = "Stop a copy relationship" },
	{ POST, "/social/posts/{post_id}/copy-bet", copy_api_post_copy, copy_post_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_copy", .summary = "Copy the bet a post shares" },
	{ POST, "/social/copy-trading/simulate", copy_api_simulate, copy_simulate_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_simulate",
	    .summary = "Simulate copy settings over a member's past bets" },
	{ POST, "/social/notifications/read", social_api_notifications_read, NULL, R_JSON | R_AUTH,
	    0, NULL, "api_notifications_read", .summary = "Mark every notification read" },

	{ GET, "/healthz", ops_healthz, NULL, R_NOTENANT | R_LOOPBACK | R_JSON | R_NODB, 0, NULL,
	    "healthz", .summary = "Health: the database answers" },
	{ GET, "/metrics", ops_metrics, NULL, R_NOTENANT | R_LOOPBACK | R_NODB, 0, NULL,
	    "metrics" },
	{ GET, "/openapi.json", openapi_handler, NULL, R_NOTENANT | R_LOOPBACK | R_JSON | R_NODB, 0,
	    NULL, "openapi", .summary = "This API's OpenAPI 3.1 document (tailgate openapi)" },
};
const size_t site_nroutes = sizeof(site_routes) / sizeof(site_routes[0]);

const struct http_route site_internal_routes[] = {
	{ GET, "/live_auth", live_authorize, NULL, 0, 0, NULL, "live_auth" },
};
const size_t site_internal_nroutes = sizeof(site_internal_routes) / sizeof(site_internal_routes[0]);

/* Routes whose reads travel with the transaction's first round trip. */
static const struct {
	http_handler handler;
	site_prefetch_fn prefetch;
} prefetches[] = {
	{ accounts_user_page, accounts_user_page_prefetch },
};

site_prefetch_fn
site_route_prefetch(const struct http_route *r)
{
	for (size_t i = 0; r != NULL && i < sizeof(prefetches) / sizeof(prefetches[0]); i++)
		if (prefetches[i].handler == r->handler)
			return prefetches[i].prefetch;
	return NULL;
}
