/*
 * The notifications page and API (a member's list and "mark all read") and
 * the header's unread badge: the count is read with the session (one
 * statement, auth_session_column), as the ledger's cash badge, and so are the
 * ids of the notifications nchan may still replay to the page (data-known:
 * the page script toasts only the others; docs/architecture.md, "Live
 * notifications in the page").
 */
#include "notify.h"

#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../notify/notify.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define NOTE_COLS NOTIFY_COLS

/* The newest notifications with the unread count in every row (one statement;
 * no rows means no notifications, so nothing unread either). */
static PGresult *
latest(struct http_req *req, int limit, long long *unread)
{
	static struct db_stmt q =
	    DB_STMT("SELECT " NOTE_COLS ", (SELECT count(*) FROM notifications "
	            "WHERE user_id = $1 AND read_at IS NULL) FROM notifications WHERE user_id = $1 "
	            "ORDER BY created_at DESC, id DESC LIMIT $2::int",
	        2);
	char lim[16];
	PGresult *r;

	snprintf(lim, sizeof(lim), "%d", limit);
	if ((r = db_query(req->a, &q, DB_P(req->user->id, lim))) == NULL)
		return NULL;
	*unread = db_rows(r) ? db_ll(r, 0, 7) : 0;
	return r;
}

int
notify_into(struct http_req *req, render_dict *d, int limit)
{
	long long unread = 0;
	PGresult *r = latest(req, limit, &unread);

	if (r == NULL)
		return -1;
	render_set_int(d, "UNREAD", unread);
	if (unread)
		render_show(d, "HAS_UNREAD");
	if (db_rows(r) == 0)
		render_show(d, "NO_NOTIFICATIONS");
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *n = render_section(d, "NOTIFICATIONS");

		render_set(n, "ID", db_val(r, i, 0));
		render_set(n, "KIND", db_val(r, i, 1));
		render_set(n, "TITLE", db_val(r, i, 2));
		render_set(n, "BODY", db_val(r, i, 3));
		render_set(n, "LINK", db_val(r, i, 4));
		render_set(n, "WHEN", db_val(r, i, 5));
		if (db_val(r, i, 6)[0] != 't')
			render_show(n, "UNREAD_ITEM");
	}
	return 0;
}

int
notify_page(struct http_req *req)
{
	render_dict *d = web_page(req, "notify/notifications.tpl", "Notifications");

	if (notify_into(req, d, 100) != 0)
		return -1;
	return web_page_done(req, 200);
}

/* Marks every unread notification read and, when there were any, tells the
 * member's open pages (event `read`, after commit) so that their badges agree. */
static int
mark_read(struct http_req *req)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", 1);
	long long n = db_cmd(req->a, &q, DB_P(req->user->id));
	json_t *ev;
	int rc;

	if (n <= 0)
		return n < 0 ? -1 : 0;
	if ((ev = json_object()) == NULL)
		return -1;
	rc = notify_live(req->a, req->user->id, "read", ev);
	json_decref(ev);
	return rc == DB_OK ? 0 : -1;
}

int
notify_read_form(struct http_req *req)
{
	if (mark_read(req) != 0)
		return -1;
	http_redirect(req, 303, "/notifications");
	return 0;
}

int
notify_api_list(struct http_req *req)
{
	long long unread = 0;
	PGresult *r = latest(req, 50, &unread);
	json_t *list;

	if (r == NULL)
		return -1;
	list = json_array();
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list, notify_row_json(r, i));
	return web_json(
	    req, 200, json_pack("{s:o, s:I}", "notifications", list, "unread", (json_int_t)unread));
}

int
notify_api_read(struct http_req *req)
{
	if (mark_read(req) != 0)
		return -1;
	req->status = 204;
	return 0;
}

static int unread_col = -1, known_col = -1;

void
notify_layout_vars(struct http_req *req, render_dict *d)
{
	const char *v;
	long long n;

	if (req->user == NULL)
		return;
	v = auth_session_value(req, unread_col);
	n = v != NULL ? strtoll(v, NULL, 10) : 0;
	render_set_int(d, "NAV_UNREAD", n);
	if (n == 0)
		render_show(d, "NAV_NO_UNREAD");
	v = auth_session_value(req, known_col);
	render_set(d, "NAV_KNOWN", v != NULL ? v : "");
}

int
notify_layout_init(void)
{
	if (unread_col < 0)
		unread_col = auth_session_column("SELECT count(*) FROM notifications n "
		                                 "WHERE n.user_id = u.id AND n.read_at IS NULL");
	/* The notifications nchan may still replay to a new subscriber (it
	 * keeps a channel's last 20 messages for a minute, nginx.conf.in): the
	 * newest 50 of the last 5 minutes, which leaves room for a transaction
	 * that stored them a while before it committed. Space-separated. */
	if (known_col < 0)
		known_col = auth_session_column(
		    "SELECT string_agg(k.id::text, ' ') FROM (SELECT n.id FROM notifications n "
		    "WHERE n.user_id = u.id AND n.created_at > now() - interval '5 minutes' "
		    "ORDER BY n.created_at DESC, n.id DESC LIMIT 50) k");
	return unread_col < 0 || known_col < 0 ? -1 : web_layout_hook(notify_layout_vars);
}
