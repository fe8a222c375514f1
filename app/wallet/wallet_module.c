/* The wallet module's plug-in: its pages and JSON (app/app.c lists it). */
#include "wallet.h"

#include "../auth/auth.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/wallet",
	    .handler = wallet_page,
	    .fields = wallet_page_fields,
	    .flags = R_AUTH,
	    .name = "wallet" },
	{ .methods = HTTP_POST,
	    .pattern = "/admin/users/{user_id:uuid}/adjust",
	    .handler = wallet_admin_adjust,
	    .fields = wallet_adjust_fields,
	    .flags = R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN,
	    .name = "admin_adjust" },
	{ .methods = HTTP_POST,
	    .pattern = "/admin/api/users/{user_id:uuid}/adjustments",
	    .handler = wallet_api_adjust,
	    .fields = wallet_adjust_api_fields,
	    .flags = R_JSON | R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN,
	    .name = "admin_api_adjust",
	    .summary = "Adjust a member's wallet (admin)" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/wallet",
	    .handler = wallet_api_show,
	    .fields = wallet_page_fields,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_wallet",
	    .summary = "Show the signed-in member's wallet" },
};

const struct app_module wallet_module = {
	.name = "wallet",
	APP_ROUTES(routes),
};
