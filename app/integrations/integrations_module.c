/* The integrations module's plug-in: the webhook route and the `provider`
 * command (app/app.c lists it). */
#include "integrations.h"

#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_POST,
	    .pattern = "/webhooks/{provider}",
	    .handler = integrations_webhook,
	    .flags = R_JSON | R_RAW,
	    .name = "webhook",
	    .summary = "Receive a provider's signed event (Stripe or Standard Webhooks)" },
};

static const struct app_command commands[] = {
	{ "provider",
	    "  provider ping|request ...  check a provider's credentials, make one call "
	    "(see --help)\n",
	    integrations_cli, APP_NEEDS_NONE },
};

const struct app_module integrations_module = {
	.name = "integrations",
	APP_ROUTES(routes),
	APP_COMMANDS(commands),
};
