/* The ledger module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "ledger.h"

#include "../web/web.h"

static const struct app_command commands[] = {
	{ "ledger",
	    "  ledger check [--tenant SLUG]  verify every ledger invariant; exit 1 on a "
	    "breach\n"
	    "  ledger open|balance|transfer|settle-escrow|provider-settle --tenant SLUG ...\n"
	    "                                accounts beyond members (docs/ledger.md)\n",
	    ledger_cmd, APP_NEEDS_APP_DB },
};

const struct app_module ledger_module = {
	.name = "ledger",
	APP_COMMANDS(commands),
};
