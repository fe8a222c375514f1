/*
 * Notifications: queued in the transaction of whatever caused them (a
 * sign-up, a follow), stored by the job worker, pushed live through the
 * outbox after the storing transaction commits.
 */
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"

/* Stored names, indexed by enum notify_kind. */
static const char *const kind_names[NOTIFY__COUNT] = {
	[NOTIFY_WELCOME] = "welcome",
	[NOTIFY_SECURITY] = "security",
	[NOTIFY_ROLE] = "role",
	[NOTIFY_FOLLOW] = "follow",
	[NOTIFY_MENTION] = "mention",
	[NOTIFY_LIKE] = "like",
	[NOTIFY_COMMENT] = "comment",
	[NOTIFY_REPLY] = "reply",
	[NOTIFY_SHARE] = "share",
	[NOTIFY_WALLET] = "wallet",
	[NOTIFY_COPY_STOPPED] = "copy_stopped",
	[NOTIFY_COPY_STARTED] = "copy_started",
};

const char *
notify_kind_name(enum notify_kind k)
{
	return (unsigned)k < NOTIFY__COUNT ? kind_names[k] : NULL;
}

int
notify_user(struct arena *a, const char *user_id, enum notify_kind kind, const char *title,
    const char *body, const char *link)
{
	const char *name = notify_kind_name(kind);
	json_t *p;

	if (name == NULL)
		return DB_ERR;
	if (link != NULL && *link != '\0' && !notify_link_local(link)) {
		log_warn(
		    "notification %s: link '%s' is not a path on this site; dropped", name, link);
		link = NULL;
	}
	p = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "user_id", user_id, "kind", name, "title",
	    title, "body", body ? body : "", "link", link);
	return jobs_enqueue(a, "notify", p, 0, NULL);
}

json_t *
notify_row_json(const PGresult *r, int i)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", db_val(r, i, 0), "kind",
	    db_val(r, i, 1), "title", db_val(r, i, 2), "body", db_val(r, i, 3), "link",
	    db_val(r, i, 4), "created_at", db_val(r, i, 5), "read", db_val(r, i, 6)[0] == 't');
}

/* A push is worth little after a few seconds: an open page that missed it
 * shows the notification on its next load. */
#define PUSH_ATTEMPTS 3

int
notify_push_rows(struct arena *a, const PGresult *r)
{
	json_t *all;

	if (db_rows(r) == 0)
		return DB_OK;
	if ((all = json_array()) == NULL)
		return DB_ERR;
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(all,
		    json_pack("{s:s, s:s, s:o}", "channel", db_val(r, i, 7), "event",
		        "notification", "data", notify_row_json(r, i)));
	return notify_outbox_add_many(a, "live", all, PUSH_ATTEMPTS);
}

int
notify_live(struct arena *a, const char *channel, const char *event, json_t *data)
{
	return notify_outbox_add(a, "live",
	    json_pack("{s:s, s:s, s:O}", "channel", channel, "event", event, "data", data),
	    PUSH_ATTEMPTS);
}

int
notify_live_many(struct arena *a, const char *channels, const char *event, json_t *data)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO outbox (kind, payload, max_attempts, lane) "
	    "SELECT 'live', jsonb_build_object('channel', c, 'event', $2::text, 'data', $3::jsonb), "
	    "$4::int, $5 FROM unnest($1::text[]) AS x (c)",
	    5);
	char *text = json_dumps(data, JSON_COMPACT), att[16];
	long long n;

	if (text == NULL)
		return DB_ERR;
	snprintf(att, sizeof(att), "%d", PUSH_ATTEMPTS);
	n = db_cmd(a, &q, DB_P(channels, event, text, att, jobs_lane_name(jobs_lane_current())));
	free(text);
	return n < 0 ? (int)n : DB_OK;
}

int
notify_job_store(
    struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	static struct db_stmt q =
	    DB_STMT("INSERT INTO notifications (id, user_id, kind, title, body, link) "
	            "SELECT $1, id, $3, $4, $5, nullif($6, '') FROM users WHERE id = $2 "
	            "RETURNING " NOTIFY_COLS ", user_id",
	        6);
	const char *uid = json_string_value(json_object_get(p, "user_id"));
	const char *link = json_string_value(json_object_get(p, "link"));
	char id[UUID_STRLEN + 1];
	PGresult *r;

	(void)t;
	if (uid == NULL || !util_uuid_valid(uid)) {
		snprintf(err, errsz, "payload has no valid user_id");
		return -1;
	}
	/* A job's payload is data: a link elsewhere is dropped, not stored. */
	if (link != NULL && *link != '\0' && !notify_link_local(link)) {
		log_warn("notify job: link '%s' is not a path on this site; dropped", link);
		link = NULL;
	}
	util_uuid7(id);
	r = db_query(a, &q,
	    DB_P(id, uid, json_string_value(json_object_get(p, "kind")),
	        json_string_value(json_object_get(p, "title")),
	        json_string_value(json_object_get(p, "body")), link ? link : ""));
	if (r == NULL || notify_push_rows(a, r) != DB_OK) {
		snprintf(err, errsz, "insert failed (%s)", db_sqlstate());
		return -1;
	}
	return 0; /* no row: the user is gone; nothing to tell */
}
