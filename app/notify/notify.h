/*
 * notify: what members are told, and side effects after commit.
 *
 * Platform module (above jobs and live, below every feature; it includes no
 * feature). It owns two tenant tables, the notifications page and API
 * (notify_pages.c) and the header's unread badge:
 *
 *  - `notifications`: a member's notifications. notify_user queues one in the
 *    caller's transaction (job "notify", which stores it); set-based writers
 *    (a settlement's bettors, a post's followers, a copy fan-out) insert
 *    their rows in one statement RETURNING NOTIFY_COLS ", user_id" and hand
 *    them to notify_push_rows. Either way the live push goes through the
 *    outbox, after the storing transaction commits.
 *
 *  - `outbox` (tenant migrations 0022, 0027): rows written in a transaction
 *    and delivered after COMMIT by a jobs pump on the lane that wrote them
 *    (jobs_lane_current: a copy fan-out's on the copy lane, after its
 *    copies; a request's on the live lane),
 *    each by the handler registered for its kind (notify_outbox_register:
 *    "live" pushes today, outbound HTTP later), retried with jobs_backoff
 *    until max_attempts, then left `failed` with the last error. Delivery is
 *    at least once: a row's id is stable across attempts and handed to the
 *    handler as the key the receiver dedupes on. docs/architecture.md.
 */
#ifndef TG_NOTIFY_H
#define TG_NOTIFY_H

#include <jansson.h>
#include <libpq-fe.h>

#include "../core/core.h"

struct tenancy_tenant;

/* ---- notifications ---- */

/* The kinds of notification queued one at a time (the stored `kind`). */
enum notify_kind {
	NOTIFY_WELCOME,      /* account created */
	NOTIFY_SECURITY,     /* password changed */
	NOTIFY_ROLE,         /* role changed by an operator */
	NOTIFY_FOLLOW,       /* someone followed you */
	NOTIFY_MENTION,      /* @mentioned in a post */
	NOTIFY_LIKE,         /* your post was liked */
	NOTIFY_COMMENT,      /* your post was commented on */
	NOTIFY_REPLY,        /* your comment was replied to */
	NOTIFY_SHARE,        /* your post was shared */
	NOTIFY_WALLET,       /* an operator adjusted your wallet */
	NOTIFY_COPY_STOPPED, /* a copy relationship stopped */
	NOTIFY_COPY_STARTED, /* someone started copying you */
	NOTIFY__COUNT
};
/* The stored name of a kind ("follow", "copy_stopped"). */
const char *notify_kind_name(enum notify_kind);

/* Whether a notification link is a path on this site: one leading "/" (not
 * "//" or "/\\", which browsers read as another host), no control character.
 * The same rule is a CHECK on notifications.link (tenant migration 0021). */
int notify_link_local(const char *link);

/* Queues a notification for user_id in the current transaction (a link that
 * is not notify_link_local is dropped, and logged). 0 or a DB error. */
int notify_user(struct arena *, const char *user_id, enum notify_kind, const char *title,
    const char *body, const char *link);

/* The columns of a notification as it is shown and pushed. */
#define NOTIFY_COLS                                   \
	"id, kind, title, body, coalesce(link, ''), " \
	"to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), read_at IS NOT NULL"
/* A notification row (NOTIFY_COLS) as JSON: the API's and the live event's shape. */
json_t *notify_row_json(const PGresult *, int row);
/* Queues the live push of each row of INSERT ... RETURNING NOTIFY_COLS
 * ", user_id" (in the current transaction: pushed after it commits). */
int notify_push_rows(struct arena *, const PGresult *);

/* Job "notify": stores the notification notify_user queued and its push. */
int notify_job_store(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* ---- the outbox ---- */

enum notify_outcome {
	NOTIFY_DELIVERED = 0, /* done */
	NOTIFY_RETRY = -1,    /* try again after jobs_backoff (err says why) */
	NOTIFY_REFUSED = 1,   /* never deliverable (bad payload): failed now */
};
struct notify_delivery {
	const char *kind;
	/* Delivers one row, outside any transaction of the caller's: `key` is
	 * the row's id, the same on every attempt (send it as the idempotency
	 * key). Must not block long: the lane's jobs wait for it. */
	int (*deliver)(struct arena *, const struct tenancy_tenant *, const char *key,
	    json_t *payload, char *err, size_t errsz); /* an enum notify_outcome */
};
/* Registers delivery handlers (the composition root, before the worker
 * starts; the table must outlive it). A row of an unregistered kind fails. */
void notify_outbox_register(const struct notify_delivery *, size_t n);
/* Registers the outbox's pump with the worker (jobs_add_pump). */
int notify_outbox_start(void);

/* Writes one outbox row in the current transaction (steals payload).
 * max_attempts <= 0: the configured job_max_attempts. 0 or a DB error. */
int notify_outbox_add(struct arena *, const char *kind, json_t *payload, int max_attempts);
/* One row per element of the JSON array `payloads` (stolen), one statement. */
int notify_outbox_add_many(struct arena *, const char *kind, json_t *payloads, int max_attempts);

/* Live pushes through the outbox (kind "live", delivered by live_deliver):
 * event `event` with `data` (not stolen) to one member's channel, or to every
 * member of `channels` (a text[] literal of user ids), after commit. */
int notify_live(struct arena *, const char *channel, const char *event, json_t *data);
int notify_live_many(struct arena *, const char *channels, const char *event, json_t *data);

/* Periodic job "outbox_purge": delivered rows after a day, failed ones after a week. */
int notify_job_purge(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* ---- pages (notify_pages.c) ---- */

struct http_req;
struct render_dict;
int notify_page(struct http_req *);      /* GET /notifications */
int notify_read_form(struct http_req *); /* POST /notifications/read */
int notify_api_list(struct http_req *);  /* GET /social/notifications */
int notify_api_read(struct http_req *);  /* POST /social/notifications/read */
/* The signed-in member's latest notifications into a page dictionary. */
int notify_into(struct http_req *, struct render_dict *, int limit);
/* The header's unread badge: at start-up adds the count to the session's
 * query and registers the layout hook (the composition root). 0 or -1. */
int notify_layout_init(void);
void notify_layout_vars(struct http_req *, struct render_dict *);

/* The module's routes and job kinds (notify_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module notify_module;

#endif
