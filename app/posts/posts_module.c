/* The posts module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "posts.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/posts/new", .handler = posts_new_page,
	    .fields = posts_new_fields, .flags = R_AUTH, .name = "post_new" },
	{ .methods = HTTP_POST, .pattern = "/posts", .handler = posts_create_page,
	    .fields = posts_create_fields, .flags = R_AUTH, .on_invalid = posts_new_invalid,
	    .name = "post_create" },
	{ .methods = HTTP_GET, .pattern = "/posts/{post_id:uuid}", .handler = posts_page,
	    .name = "post" },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/like", .handler = posts_like_page,
	    .flags = R_AUTH, .name = "post_like" },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/unlike", .handler = posts_unlike_page,
	    .flags = R_AUTH, .name = "post_unlike" },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/comments",
	    .handler = posts_comment_page, .fields = posts_comment_fields, .flags = R_AUTH,
	    .name = "post_comment" },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/share", .handler = posts_share_page,
	    .fields = posts_share_fields, .flags = R_AUTH, .name = "post_share" },
	{ .methods = HTTP_GET, .pattern = "/posts/{post_id:uuid}/edit", .handler = posts_edit_form,
	    .flags = R_AUTH, .name = "post_edit_form" },
	{ .methods = HTTP_POST, .pattern = "/posts/{post_id:uuid}/edit", .handler = posts_edit_page,
	    .fields = posts_edit_fields, .flags = R_AUTH, .on_invalid = posts_edit_form,
	    .name = "post_edit" },
	{ .methods = HTTP_POST, .pattern = "/social/posts", .handler = posts_api_create,
	    .fields = posts_create_fields, .flags = R_JSON | R_AUTH, .name = "api_post_create",
	    .summary = "Publish a post" },
	{ .methods = HTTP_GET, .pattern = "/social/posts/{post_id:uuid}", .handler = posts_api_get,
	    .flags = R_JSON, .name = "api_post", .summary = "Show a post" },
	{ .methods = HTTP_PATCH, .pattern = "/social/posts/{post_id:uuid}", .handler = posts_api_edit,
	    .fields = posts_edit_fields, .flags = R_JSON | R_AUTH, .name = "api_post_edit",
	    .summary = "Edit a post" },
	{ .methods = HTTP_POST, .pattern = "/social/posts/{post_id:uuid}/like",
	    .handler = posts_api_like, .flags = R_JSON | R_AUTH, .name = "api_post_like",
	    .summary = "Like a post" },
	{ .methods = HTTP_DELETE, .pattern = "/social/posts/{post_id:uuid}/like",
	    .handler = posts_api_unlike, .flags = R_JSON | R_AUTH, .name = "api_post_unlike",
	    .summary = "Take back a like" },
	{ .methods = HTTP_GET, .pattern = "/social/posts/{post_id:uuid}/comments",
	    .handler = posts_api_comments, .fields = posts_comments_list_fields, .flags = R_JSON,
	    .name = "api_post_comments", .summary = "List a post's comments" },
	{ .methods = HTTP_POST, .pattern = "/social/posts/{post_id:uuid}/comments",
	    .handler = posts_api_comment, .fields = posts_comment_fields, .flags = R_JSON | R_AUTH,
	    .name = "api_post_comment", .summary = "Comment on a post" },
	{ .methods = HTTP_POST, .pattern = "/social/posts/{post_id:uuid}/share",
	    .handler = posts_api_share, .fields = posts_share_fields, .flags = R_JSON | R_AUTH,
	    .name = "api_post_share", .summary = "Share a post" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "post_followers", .lane = JOBS_LIVE, .run = posts_job_followers },
};

const struct app_module posts_module = {
	.name = "posts",
	.routes = routes,
	.nroutes = TG_NELEM(routes),
	.jobs = jobs,
	.njobs = TG_NELEM(jobs),
};
