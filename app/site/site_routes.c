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
	{ GET, "/u/{username:username}", accounts_user_page, profiles_page_fields, 0, 0, NULL, "user_page" },
	{ GET, "/feed", feed_page, feed_fields, R_AUTH | R_WRITE, 0, NULL, "feed" },
	{ GET, "/search", search_page, search_page_fields, 0, 0, search_page_invalid, "search" },
	{ GET, "/leaderboards", leaderboards_page, leaderboards_fields, 0, 0, NULL, "leaderboards" },
	{ GET, "/u/{username:username}/followers", social_graph_followers_page, social_graph_list_fields, 0,
	    0, NULL, "followers" },
	{ GET, "/u/{username:username}/following", social_graph_following_page, social_graph_list_fields, 0,
	    0, NULL, "following" },
	{ GET, "/u/{username:username}/bets", bets_public_page, bets_public_page_fields, 0, 0, NULL,
	    "user_bets" },
	{ POST, "/u/{username:username}/follow", social_graph_follow_form, NULL, R_AUTH, 0, NULL, "follow" },
	{ POST, "/u/{username:username}/unfollow", social_graph_unfollow_form, NULL, R_AUTH, 0, NULL,
	    "unfollow" },
	{ POST, "/u/{username:username}/block", social_graph_block_form, NULL, R_AUTH, 0, NULL, "block" },
	{ POST, "/u/{username:username}/unblock", social_graph_unblock_form, NULL, R_AUTH, 0, NULL,
	    "unblock" },
	{ GET, "/copy", copy_page_mine, copy_list_fields, R_AUTH, 0, NULL, "copy_mine" },
	{ GET, "/u/{username:username}/copy", copy_page_start, NULL, R_AUTH, 0, NULL, "copy_start_form" },
	{ POST, "/u/{username:username}/copy", copy_page_create, copy_form_fields, R_AUTH, 0, copy_page_start,
	    "copy_start" },
	{ GET, "/copy/{relationship_id:uuid}/settings", copy_page_edit, NULL, R_AUTH, 0, NULL,
	    "copy_settings_form" },
	{ POST, "/copy/{relationship_id:uuid}/settings", copy_page_update, copy_form_fields, R_AUTH, 0,
	    copy_page_edit, "copy_settings" },
	{ POST, "/copy/{relationship_id:uuid}/pause", copy_page_pause, NULL, R_AUTH, 0, NULL,
	    "copy_pause" },
	{ POST, "/copy/{relationship_id:uuid}/resume", copy_page_resume, NULL, R_AUTH, 0, NULL,
	    "copy_resume" },
	{ POST, "/copy/{relationship_id:uuid}/stop", copy_page_stop, NULL, R_AUTH, 0, NULL, "copy_stop" },
	{ GET, "/events", catalog_events_page, catalog_list_fields, 0, 0, NULL, "events" },
	{ GET, "/events/{event_id:uuid}", catalog_event_page, catalog_event_fields, 0, 0, NULL, "event" },
	{ GET, "/bets", bets_my_bets_page, bets_list_fields, R_AUTH, 0, NULL, "my_bets" },
	{ POST, "/bets", bets_slip_place, bets_slip_fields, R_AUTH, 0, bets_slip_invalid,
	    "bet_place" },
	{ GET, "/bets/slip", bets_slip_page, bets_slip_view_fields, R_AUTH, 0, NULL, "bet_slip" },
	{ GET, "/wallet", ledger_wallet_page, ledger_page_fields, R_AUTH, 0, NULL, "wallet" },
	{ GET, "/posts/new", posts_new_page, posts_new_fields, R_AUTH, 0, NULL, "post_new" },
	{ POST, "/posts", posts_create_page, posts_create_fields, R_AUTH, 0, posts_new_invalid,
	    "post_create" },
	{ GET, "/posts/{post_id:uuid}", posts_page, NULL, 0, 0, NULL, "post" },
	{ POST, "/posts/{post_id:uuid}/like", posts_like_page, NULL, R_AUTH, 0, NULL, "post_like" },
	{ POST, "/posts/{post_id:uuid}/unlike", posts_unlike_page, NULL, R_AUTH, 0, NULL, "post_unlike" },
	{ POST, "/posts/{post_id:uuid}/comments", posts_comment_page, posts_comment_fields, R_AUTH, 0,
	    NULL, "post_comment" },
	{ POST, "/posts/{post_id:uuid}/share", posts_share_page, posts_share_fields, R_AUTH, 0, NULL,
	    "post_share" },
	{ POST, "/posts/{post_id:uuid}/copy", copy_post_form, copy_post_form_fields, R_AUTH, 0, NULL,
	    "post_copy" },
	{ GET, "/posts/{post_id:uuid}/edit", posts_edit_form, NULL, R_AUTH, 0, NULL, "post_edit_form" },
	{ POST, "/posts/{post_id:uuid}/edit", posts_edit_page, posts_edit_fields, R_AUTH, 0,
	    posts_edit_form, "post_edit" },
	{ GET, "/admin/users", accounts_admin_users, accounts_list_fields, R_AUTH, ADMIN, NULL,
	    "admin_users" },
	{ POST, "/admin/users/{user_id:uuid}/role", accounts_admin_role, accounts_role_fields, R_AUTH,
	    ADMIN, NULL, "admin_role" },
	{ POST, "/admin/users/{user_id:uuid}/adjust", ledger_admin_adjust, ledger_adjust_fields, R_AUTH,
	    ADMIN, NULL, "admin_adjust" },
	{ POST, "/admin/api/users/{user_id:uuid}/adjustments", ledger_api_adjust, ledger_adjust_api_fields,
	    R_JSON | R_AUTH, ADMIN, NULL, "admin_api_adjust" },
	{ GET, "/admin/tenants", accounts_admin_tenants, NULL, R_AUTH, ADMIN, NULL,
	    "admin_tenants" },

	{ POST, "/social/auth/signup", accounts_api_signup, accounts_signup_fields, R_JSON, 0, NULL,
	    "api_signup" },
	{ POST, "/social/auth/login", accounts_api_login, accounts_signin_fields, R_JSON, 0, NULL,
	    "api_login" },
	{ POST, "/social/auth/logout", accounts_api_logout, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_logout" },
	{ GET, "/social/me", accounts_api_me, NULL, R_JSON | R_AUTH, 0, NULL, "api_me" },
	{ PATCH, "/social/me", accounts_api_me_patch, accounts_profile_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_me_patch" },
	{ POST, "/social/me/password", accounts_api_password, accounts_password_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_password" },
	{ GET, "/social/users/{user_id:uuid}/profile", accounts_api_profile, NULL, R_JSON, 0, NULL,
	    "api_profile" },
	{ GET, "/social/feed", feed_api, feed_fields, R_JSON | R_AUTH | R_WRITE, 0, NULL,
	    "api_feed" },
	{ GET, "/social/leaderboards/top-performers", leaderboards_api_top, leaderboards_fields,
	    R_JSON, 0, NULL, "api_top_performers" },
	{ GET, "/social/leaderboards/trending", leaderboards_api_trending,
	    leaderboards_trending_fields, R_JSON, 0, NULL, "api_trending" },
	{ GET, "/social/search/users", search_api_users, search_users_fields, R_JSON, 0, NULL,
	    "api_search_users" },
	{ GET, "/social/search/posts", search_api_posts, search_posts_fields, R_JSON, 0, NULL,
	    "api_search_posts" },
	{ GET, "/social/users/{user_id:uuid}/followers", social_api_followers, social_graph_list_fields,
	    R_JSON, 0, NULL, "api_followers" },
	{ GET, "/social/users/{user_id:uuid}/following", social_api_following, social_graph_list_fields,
	    R_JSON, 0, NULL, "api_following" },
	{ GET, "/social/users/{user_id:uuid}/bets", bets_public_api, bets_public_fields, R_JSON, 0, NULL,
	    "api_user_bets" },
	{ POST, "/social/users/{user_id:uuid}/follow", social_api_follow, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_follow" },
	{ DELETE, "/social/users/{user_id:uuid}/follow", social_api_unfollow, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_unfollow" },
	{ POST, "/social/users/{user_id:uuid}/block", social_api_block, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_block" },
	{ DELETE, "/social/users/{user_id:uuid}/block", social_api_unblock, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_unblock" },
	{ GET, "/social/events", catalog_api_events, catalog_list_fields, R_JSON, 0, NULL,
	    "api_events" },
	{ GET, "/social/events/{event_id:uuid}", catalog_api_event, NULL, R_JSON, 0, NULL, "api_event" },
	{ POST, "/admin/api/events", catalog_feed_event, catalog_feed_event_fields, R_JSON | R_AUTH,
	    ADMIN, NULL, "feed_events" },
	{ POST, "/admin/api/odds", catalog_feed_odds, catalog_feed_odds_fields, R_JSON | R_AUTH, ADMIN,
	    NULL, "feed_odds" },
	{ POST, "/admin/api/results", catalog_feed_result, catalog_feed_result_fields,
	    R_JSON | R_AUTH, ADMIN, NULL, "feed_results" },
	{ GET, "/social/notifications", social_api_notifications, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_notifications" },
	{ POST, "/social/bets", bets_api_place, bets_place_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_bet_place" },
	{ GET, "/social/bets", bets_api_list, bets_list_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_bets" },
	{ GET, "/social/bets/{bet_id:uuid}", bets_api_get, NULL, R_JSON | R_AUTH, 0, NULL, "api_bet" },
	{ GET, "/social/wallet", ledger_api_wallet, ledger_page_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_wallet" },
	{ POST, "/social/posts", posts_api_create, posts_create_fields, R_JSON | R_AUTH, 0, NULL,
	    "api_post_create" },
	{ GET, "/social/posts/{post_id:uuid}", posts_api_get, NULL, R_JSON, 0, NULL, "api_post" },
	{ PATCH, "/social/posts/{post_id:uuid}", posts_api_edit, posts_edit_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_post_edit" },
	{ POST, "/social/posts/{post_id:uuid}/like", posts_api_like, NULL, R_JSON | R_AUTH, 0, NULL,
	    "api_post_like" },
	{ HTTP_DELETE, "/social/posts/{post_id:uuid}/like", posts_api_unlike, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_post_unlike" },
	{ GET, "/social/posts/{post_id:uuid}/comments", posts_api_comments, posts_comments_list_fields,
	    R_JSON, 0, NULL, "api_post_comments" },
	{ POST, "/social/posts/{post_id:uuid}/comments", posts_api_comment, posts_comment_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_comment" },
	{ POST, "/social/posts/{post_id:uuid}/share", posts_api_share, posts_share_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_share" },
	{ POST, "/social/copy-trading/relationships", copy_api_create, copy_create_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_create" },
	{ GET, "/social/copy-trading/my-relationships", copy_api_mine, NULL, R_JSON | R_AUTH, 0,
	    NULL, "api_copy_mine" },
	{ GET, "/social/copy-trading/copies", copy_api_copies, copy_list_fields, R_JSON | R_AUTH, 0,
	    NULL, "api_copy_copies" },
	{ GET, "/social/copy-trading/relationships/{relationship_id:uuid}", copy_api_get, copy_list_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_get" },
	{ HTTP_PUT, "/social/copy-trading/relationships/{relationship_id:uuid}/settings",
	    copy_api_settings, copy_settings_fields, R_JSON | R_AUTH, 0, NULL, "api_copy_settings" },
	{ POST, "/social/copy-trading/relationships/{relationship_id:uuid}/pause", copy_api_pause, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_pause" },
	{ POST, "/social/copy-trading/relationships/{relationship_id:uuid}/resume", copy_api_resume, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_resume" },
	{ POST, "/social/copy-trading/relationships/{relationship_id:uuid}/stop", copy_api_stop, NULL,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_stop" },
	{ POST, "/social/posts/{post_id:uuid}/copy-bet", copy_api_post_copy, copy_post_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_post_copy" },
	{ POST, "/social/copy-trading/simulate", copy_api_simulate, copy_simulate_fields,
	    R_JSON | R_AUTH, 0, NULL, "api_copy_simulate" },
	{ POST, "/social/notifications/read", social_api_notifications_read, NULL, R_JSON | R_AUTH,
	    0, NULL, "api_notifications_read" },

	{ GET, "/healthz", ops_healthz, NULL, R_NOTENANT | R_LOOPBACK | R_JSON | R_NODB, 0, NULL,
	    "healthz" },
	{ GET, "/metrics", ops_metrics, NULL, R_NOTENANT | R_LOOPBACK | R_NODB, 0, NULL,
	    "metrics" },
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
