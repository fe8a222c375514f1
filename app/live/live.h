/*
 * live: server-sent events through nginx's nchan module.
 *
 * A signed-in page subscribes to /live/<user_id>. nginx asks the app whether
 * that is allowed (nchan_authorize_request -> the internal route below, which
 * checks the session on the same host and that the channel is the user's
 * own). Publishers (the job worker) POST to nchan's publisher location on a
 * unix socket that only local processes can reach.
 */
#ifndef TG_LIVE_H
#define TG_LIVE_H

#include <jansson.h>

struct arena;
struct http_req;
struct tenancy_tenant;

/* Publishes one event (does not steal the reference). 0 or -1. */
int live_publish(const char *channel, const char *event, json_t *data);
/* The outbox's delivery of kind "live" (a struct notify_delivery handler,
 * registered by the composition root): payload {channel, event, data}.
 * Returns 0 delivered, -1 retry (nchan unreachable or refusing), 1 never
 * deliverable (a payload without a valid channel). The key is not sent:
 * nchan has no use for it; the events carry their own ids, on which the
 * page dedupes (static/js/app.js). */
int live_deliver(struct arena *, const struct tenancy_tenant *, const char *key, json_t *payload,
    char *err, size_t errsz);
/* The internal authorisation route. */
int live_authorize(struct http_req *);

/* The module's routes, job kinds and commands (live_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module live_module;

#endif
