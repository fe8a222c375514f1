/* The ops module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "ops.h"

#include "../openapi/openapi.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/healthz",
	    .handler = ops_healthz,
	    .flags = R_NOTENANT | R_LOOPBACK | R_JSON | R_NODB,
	    .name = "healthz",
	    .summary = "Report the service's health (operators)" },
	{ .methods = HTTP_GET,
	    .pattern = "/metrics",
	    .handler = ops_metrics,
	    .flags = R_NOTENANT | R_LOOPBACK | R_NODB,
	    .name = "metrics" },
	{ .methods = HTTP_GET,
	    .pattern = "/openapi.json",
	    .handler = openapi_handler,
	    .flags = R_NOTENANT | R_LOOPBACK | R_JSON | R_NODB,
	    .name = "openapi",
	    .summary = "This API's OpenAPI 3.1 document (tailgate openapi)" },
};

const struct app_module ops_module = {
	.name = "ops",
	APP_ROUTES(routes),
};
