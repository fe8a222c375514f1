/* The ledger module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "ledger.h"

#include "../auth/auth.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/wallet", .handler = ledger_wallet_page,
	    .fields = ledger_page_fields, .flags = R_AUTH, .name = "wallet" },
	{ .methods = HTTP_POST, .pattern = "/admin/users/{user_id}/adjust",
	    .handler = ledger_admin_adjust, .fields = ledger_adjust_fields, .flags = R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN, .name = "admin_adjust" },
	{ .methods = HTTP_POST, .pattern = "/admin/api/users/{user_id}/adjustments",
	    .handler = ledger_api_adjust, .fields = ledger_adjust_api_fields,
	    .flags = R_JSON | R_AUTH, .min_role = AUTH_ROLE_ADMIN, .name = "admin_api_adjust",
	    .summary = "Adjust a member's wallet (admin)" },
	{ .methods = HTTP_GET, .pattern = "/social/wallet", .handler = ledger_api_wallet,
	    .fields = ledger_page_fields, .flags = R_JSON | R_AUTH, .name = "api_wallet",
	    .summary = "Show the signed-in member's wallet" },
};

static const struct app_command commands[] = {
	{ "ledger", "  ledger check [--tenant SLUG]  verify every ledger invariant; exit 1 on a "
	    "breach\n", ledger_cmd_check, APP_NEEDS_APP_DB },
};

const struct app_module ledger_module = {
	.name = "ledger",
	.routes = routes,
	.nroutes = TG_NELEM(routes),
	.commands = commands,
	.ncommands = TG_NELEM(commands),
};
