/* The bets module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "bets.h"
#include "bets_int.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/u/{username:username}/bets",
	    .handler = bets_public_page,
	    .fields = bets_public_page_fields,
	    .name = "user_bets" },
	{ .methods = HTTP_GET,
	    .pattern = "/bets",
	    .handler = bets_my_bets_page,
	    .fields = bets_list_fields,
	    .flags = R_AUTH,
	    .name = "my_bets" },
	{ .methods = HTTP_POST,
	    .pattern = "/bets",
	    .handler = bets_slip_place,
	    .fields = bets_slip_fields,
	    .flags = R_AUTH,
	    .on_invalid = bets_slip_invalid,
	    .name = "bet_place" },
	{ .methods = HTTP_GET,
	    .pattern = "/bets/slip",
	    .handler = bets_slip_page,
	    .fields = bets_slip_view_fields,
	    .flags = R_AUTH,
	    .name = "bet_slip" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/users/{user_id:uuid}/bets",
	    .handler = bets_public_api,
	    .fields = bets_public_fields,
	    .flags = R_JSON,
	    .name = "api_user_bets",
	    .summary = "List a member's public bets" },
	{ .methods = HTTP_POST,
	    .pattern = "/social/bets",
	    .handler = bets_api_place,
	    .fields = bets_place_fields,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_bet_place",
	    .summary = "Place a bet" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/bets",
	    .handler = bets_api_list,
	    .fields = bets_list_fields,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_bets",
	    .summary = "List the signed-in member's bets" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/bets/{bet_id:uuid}",
	    .handler = bets_api_get,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_bet",
	    .summary = "Show one of the signed-in member's bets" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "bets_notify", .lane = JOBS_LIVE, .run = bets_job_notify },
	{ .kind = "settle", .lane = JOBS_BULK, .run = bets_job_settle },
};

static const struct app_command commands[] = {
	{ "settle",
	    "  settle --tenant SLUG (EVENT_ID...|--pending)  settle bets now (the worker "
	    "does it too)\n",
	    bets_cmd_settle, APP_NEEDS_APP_DB },
};

const struct app_module bets_module = {
	.name = "bets",
	APP_ROUTES(routes),
	APP_JOBS(jobs),
	APP_COMMANDS(commands),
};
