/* The social module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "social.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/notifications", .handler = social_notifications_page,
	    .flags = R_AUTH, .name = "notifications" },
	{ .methods = HTTP_POST, .pattern = "/notifications/read",
	    .handler = social_notifications_read, .flags = R_AUTH, .name = "notifications_read" },
	{ .methods = HTTP_GET, .pattern = "/u/{username}/followers",
	    .handler = social_graph_followers_page, .fields = social_graph_list_fields,
	    .name = "followers" },
	{ .methods = HTTP_GET, .pattern = "/u/{username}/following",
	    .handler = social_graph_following_page, .fields = social_graph_list_fields,
	    .name = "following" },
	{ .methods = HTTP_POST, .pattern = "/u/{username}/follow",
	    .handler = social_graph_follow_form, .flags = R_AUTH, .name = "follow" },
	{ .methods = HTTP_POST, .pattern = "/u/{username}/unfollow",
	    .handler = social_graph_unfollow_form, .flags = R_AUTH, .name = "unfollow" },
	{ .methods = HTTP_POST, .pattern = "/u/{username}/block",
	    .handler = social_graph_block_form, .flags = R_AUTH, .name = "block" },
	{ .methods = HTTP_POST, .pattern = "/u/{username}/unblock",
	    .handler = social_graph_unblock_form, .flags = R_AUTH, .name = "unblock" },
	{ .methods = HTTP_GET, .pattern = "/social/users/{user_id}/followers",
	    .handler = social_api_followers, .fields = social_graph_list_fields, .flags = R_JSON,
	    .name = "api_followers", .summary = "List a member's followers" },
	{ .methods = HTTP_GET, .pattern = "/social/users/{user_id}/following",
	    .handler = social_api_following, .fields = social_graph_list_fields, .flags = R_JSON,
	    .name = "api_following", .summary = "List the members a member follows" },
	{ .methods = HTTP_POST, .pattern = "/social/users/{user_id}/follow",
	    .handler = social_api_follow, .flags = R_JSON | R_AUTH, .name = "api_follow",
	    .summary = "Follow a member" },
	{ .methods = HTTP_DELETE, .pattern = "/social/users/{user_id}/follow",
	    .handler = social_api_unfollow, .flags = R_JSON | R_AUTH, .name = "api_unfollow",
	    .summary = "Stop following a member" },
	{ .methods = HTTP_POST, .pattern = "/social/users/{user_id}/block",
	    .handler = social_api_block, .flags = R_JSON | R_AUTH, .name = "api_block",
	    .summary = "Block a member" },
	{ .methods = HTTP_DELETE, .pattern = "/social/users/{user_id}/block",
	    .handler = social_api_unblock, .flags = R_JSON | R_AUTH, .name = "api_unblock",
	    .summary = "Unblock a member" },
	{ .methods = HTTP_GET, .pattern = "/social/notifications",
	    .handler = social_api_notifications, .flags = R_JSON | R_AUTH,
	    .name = "api_notifications", .summary = "List the signed-in member's notifications" },
	{ .methods = HTTP_POST, .pattern = "/social/notifications/read",
	    .handler = social_api_notifications_read, .flags = R_JSON | R_AUTH,
	    .name = "api_notifications_read", .summary = "Mark every notification read" },
};

static const struct jobs_kind jobs[] = {
	{ "notify", JOBS_LIVE, social_job_notify },
};

const struct app_module social_module = {
	.name = "social",
	.routes = routes,
	.nroutes = TG_NELEM(routes),
	.jobs = jobs,
	.njobs = TG_NELEM(jobs),
};
