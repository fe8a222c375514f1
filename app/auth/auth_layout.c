/*
 * The signed-in member's part of every page's header that web cannot know:
 * the admin link (the role check is auth's) and, for now, the wallet cash
 * and unread badges read with the session (they move to hooks owned by the
 * ledger and notifications, issue 14). Registered with site_layout_hook()
 * by the composition root.
 */
#include "auth.h"

#include "../http/http.h"
#include "../web/web.h"

void
auth_layout_vars(struct http_req *req, render_dict *d)
{
	char c[32];

	if (req->user == NULL)
		return;
	render_set_int(d, "NAV_UNREAD", req->user->unread);
	money_format(req->user->cash, c, sizeof(c));
	render_set(d, "NAV_CASH", c);
	if (req->user->unread == 0)
		render_show(d, "NAV_NO_UNREAD");
	if (auth_role_allows(req->user->role, req->user->platform_admin, AUTH_ROLE_ADMIN))
		render_show(d, "IS_ADMIN");
}
