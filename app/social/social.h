/*
 * social: the community layer: notifications (stored per user and pushed
 * live), the follow graph and community tiers.
 */
#ifndef TG_SOCIAL_H
#define TG_SOCIAL_H

#include <jansson.h>

#include "../core/core.h"

struct http_req;
struct tenancy_tenant;

/* Queues a notification for user_id in the current transaction. */
int social_notify(struct arena *, const char *user_id, const char *kind, const char *title,
    const char *body, const char *link);
/* Job: stores the notification and publishes it on the user's live channel. */
int social_job_notify(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

int social_notifications_page(struct http_req *);
int social_notifications_read(struct http_req *);
int social_api_notifications(struct http_req *);
int social_api_notifications_read(struct http_req *);
/* Latest notifications for the signed-in user into a page dictionary. */
struct render_dict;
int social_notifications_into(struct http_req *, void *dict, int limit);

/* Community tier from the follower count (issue 4): bronze 0-10, silver
 * 11-100, gold 101-1000, platinum above 1000. "verified" comes with the
 * expert programme. Returns a static lower-case name. */
const char *social_tier(long long followers);

#endif
