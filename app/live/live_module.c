/* The live module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "live.h"

#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/live_auth",
	    .handler = live_authorize,
	    .flags = R_INTERNAL,
	    .name = "live_auth" },
};

const struct app_module live_module = {
	.name = "live",
	APP_ROUTES(routes),
};
