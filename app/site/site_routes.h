/* The route table (private to site/). */
#ifndef TG_SITE_ROUTES_H
#define TG_SITE_ROUTES_H

#include "../http/http.h"

extern const struct http_route site_routes[];
extern const size_t site_nroutes;
/* Routes only nginx can reach (selected by the TG_INTERNAL fastcgi param). */
extern const struct http_route site_internal_routes[];
extern const size_t site_internal_nroutes;

/* A route's prefetch queues its reads so that they travel with the
 * transaction's first round trip (db_begin_with), keeping what it needs in
 * req->prefetched; its handler must cope with results left NULL. It runs
 * for visitors without a session only (who is signed in is known only after
 * that round trip). NULL for routes without one. */
struct db_batch;
typedef void (*site_prefetch_fn)(struct http_req *, struct db_batch *);
site_prefetch_fn site_route_prefetch(const struct http_route *);

#endif
