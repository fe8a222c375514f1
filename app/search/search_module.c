/* The search module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "search.h"

#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/search",
	    .handler = search_page,
	    .fields = search_page_fields,
	    .on_invalid = search_page_invalid,
	    .name = "search" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/search/users",
	    .handler = search_api_users,
	    .fields = search_users_fields,
	    .flags = R_JSON,
	    .name = "api_search_users",
	    .summary = "Search members" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/search/posts",
	    .handler = search_api_posts,
	    .fields = search_posts_fields,
	    .flags = R_JSON,
	    .name = "api_search_posts",
	    .summary = "Search posts" },
};

const struct app_module search_module = {
	.name = "search",
	APP_ROUTES(routes),
};
