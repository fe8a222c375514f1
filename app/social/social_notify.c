/*
 * Notifications: queued in the transaction of whatever caused them (a
 * sign-up, a role change), stored and pushed live by the job worker, listed
 * on /notifications and in the JSON API.
 */
#include "social.h"

#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../jobs/jobs.h"
#include "../live/live.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define NOTE_COLS SOCIAL_NOTE_COLS

int
social_notify(struct arena *a, const char *user_id, const char *kind, const char *title,
    const char *body, const char *link)
{
	json_t *p;

	if (link != NULL && *link != '\0' && !social_link_local(link)) {
		log_warn("notification %s: link '%s' is not a path on this site; dropped", kind, link);
		link = NULL;
	}
	p = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "user_id", user_id, "kind", kind,
	    "title", title, "body", body ? body : "", "link", link);

	return jobs_enqueue(a, "notify", p, 0, NULL);
}

static json_t *
note_json(const PGresult *r, int i)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", db_val(r, i, 0),
	    "kind", db_val(r, i, 1), "title", db_val(r, i, 2), "body", db_val(r, i, 3),
	    "link", db_val(r, i, 4), "created_at", db_val(r, i, 5),
	    "read", db_val(r, i, 6)[0] == 't');
}

int
social_job_notify(struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err,
    size_t errsz)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO notifications (id, user_id, kind, title, body, link) "
	    "SELECT $1, id, $3, $4, $5, nullif($6, '') FROM users WHERE id = $2 RETURNING " NOTE_COLS,
	    6);
	const char *uid = json_string_value(json_object_get(p, "user_id"));
	const char *link = json_string_value(json_object_get(p, "link"));
	char id[UUID_STRLEN + 1];
	PGresult *r;
	json_t *ev;
	int rc;

	(void)t;
	if (uid == NULL || !util_uuid_valid(uid)) {
		snprintf(err, errsz, "payload has no valid user_id");
		return -1;
	}
	/* A job's payload is data: a link elsewhere is dropped, not stored. */
	if (link != NULL && *link != '\0' && !social_link_local(link)) {
		log_warn("notify job: link '%s' is not a path on this site; dropped", link);
		link = NULL;
	}
	util_uuid7(id);
	r = db_query(a, &q, DB_P(id, uid, json_string_value(json_object_get(p, "kind")),
	    json_string_value(json_object_get(p, "title")),
	    json_string_value(json_object_get(p, "body")), link ? link : ""));
	if (r == NULL) {
		snprintf(err, errsz, "insert failed (%s)", db_sqlstate());
		return -1;
	}
	if (db_rows(r) == 0)
		return 0; /* the user is gone; nothing to tell */
	/* Live delivery is best effort: the notification is stored either way,
	 * and an open page that missed the event shows it on its next load. */
	ev = note_json(r, 0);
	if ((rc = live_publish(uid, "notification", ev)) != 0)
		log_warn("notification %s stored but not pushed live", id);
	json_decref(ev);
	return 0;
}

void
social_notify_publish(const PGresult *r)
{
	int missed = 0;

	for (int i = 0; i < db_rows(r); i++) {
		json_t *ev = note_json(r, i);

		missed += ev == NULL || live_publish(db_val(r, i, 7), "notification", ev) != 0;
		json_decref(ev);
	}
	if (missed > 0)
		log_warn("%d of %d notifications stored but not pushed live", missed, db_rows(r));
}

/* The newest notifications with the unread count in every row (one statement;
 * no rows means no notifications, so nothing unread either). */
static PGresult *
latest(struct http_req *req, int limit, long long *unread)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT " NOTE_COLS ", (SELECT count(*) FROM notifications "
	    "WHERE user_id = $1 AND read_at IS NULL) FROM notifications WHERE user_id = $1 "
	    "ORDER BY created_at DESC, id DESC LIMIT $2::int", 2);
	char lim[16];
	PGresult *r;

	snprintf(lim, sizeof(lim), "%d", limit);
	if ((r = db_query(req->a, &q, DB_P(req->user->id, lim))) == NULL)
		return NULL;
	*unread = db_rows(r) ? db_ll(r, 0, 7) : 0;
	return r;
}

int
social_notifications_into(struct http_req *req, void *dict, int limit)
{
	render_dict *d = dict;
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
social_notifications_page(struct http_req *req)
{
	render_dict *d = site_page(req, "social/notifications.tpl", "Notifications");

	if (social_notifications_into(req, d, 100) != 0)
		return -1;
	return site_page_done(req, 200);
}

static int
mark_read(struct http_req *req)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL", 1);

	return db_cmd(req->a, &q, DB_P(req->user->id)) < 0 ? -1 : 0;
}

int
social_notifications_read(struct http_req *req)
{
	if (mark_read(req) != 0)
		return -1;
	http_redirect(req, 303, "/notifications");
	return 0;
}

int
social_api_notifications(struct http_req *req)
{
	long long unread = 0;
	PGresult *r = latest(req, 50, &unread);
	json_t *list;

	if (r == NULL)
		return -1;
	list = json_array();
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list, note_json(r, i));
	return site_json(req, 200, json_pack("{s:o, s:I}", "notifications", list, "unread",
	    (json_int_t)unread));
}

int
social_api_notifications_read(struct http_req *req)
{
	if (mark_read(req) != 0)
		return -1;
	req->status = 204;
	return 0;
}

static int unread_col = -1;

void
social_layout_vars(struct http_req *req, render_dict *d)
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
}

int
social_layout_init(void)
{
	if (unread_col < 0)
		unread_col = auth_session_column("SELECT count(*) FROM notifications n "
		    "WHERE n.user_id = u.id AND n.read_at IS NULL");
	return unread_col < 0 ? -1 : site_layout_hook(social_layout_vars);
}
