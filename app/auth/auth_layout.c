/*
 * The signed-in member's part of every page's header that web cannot know:
 * the admin link (the role check is auth's). The badges come from the hooks
 * of their owners: wallet cash from the ledger (ledger_layout.c), unread
 * notifications from notify (notify_pages.c). Registered with
 * web_layout_hook() by the composition root.
 */
#include "auth.h"

#include "../http/http.h"
#include "../web/web.h"

void
auth_layout_vars(struct http_req *req, render_dict *d)
{
	if (req->user == NULL)
		return;
	if (auth_role_allows(req->user->role, req->user->platform_admin, AUTH_ROLE_ADMIN))
		render_show(d, "IS_ADMIN");
}
