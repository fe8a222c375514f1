/*
 * The ledger's part of every signed-in page's header: the wallet's cash.
 * The balance is read with the session (one statement, auth_session_column),
 * so the badge costs no round trip of its own.
 */
#include "ledger.h"

#include <stdlib.h>

#include "../auth/auth.h"
#include "../web/web.h"

static int cash_col = -1;

void
ledger_layout_vars(struct http_req *req, render_dict *d)
{
	const char *v;
	char c[32];

	if (req->user == NULL)
		return;
	v = auth_session_value(req, cash_col);
	money_format(v != NULL ? strtoll(v, NULL, 10) : 0, c, sizeof(c));
	render_set(d, "NAV_CASH", c);
}

int
ledger_layout_init(void)
{
	if (cash_col < 0)
		cash_col = auth_session_column("SELECT balance FROM ledger_accounts l "
		                               "WHERE l.user_id = u.id AND l.kind = 'user_cash'");
	return cash_col < 0 ? -1 : web_layout_hook(ledger_layout_vars);
}
