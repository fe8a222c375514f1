/* The route table (private to site/). */
#ifndef TG_SITE_ROUTES_H
#define TG_SITE_ROUTES_H

#include "../http/http.h"

extern const struct http_route site_routes[];
extern const size_t site_nroutes;
/* Routes only nginx can reach (selected by the TG_INTERNAL fastcgi param). */
extern const struct http_route site_internal_routes[];
extern const size_t site_internal_nroutes;

#endif
