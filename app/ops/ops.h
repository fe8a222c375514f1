/*
 * ops: what operators look at. /healthz checks the database; /metrics is
 * Prometheus text. Counters live in one shared anonymous mapping created by
 * the serve master before it forks, so every worker adds to the same numbers
 * with atomic increments and any worker can answer a scrape.
 */
#ifndef TG_OPS_H
#define TG_OPS_H

#include <stddef.h>
#include <stdint.h>

struct http_req;

/* Counters for nroutes routes; label(i) names route i in /metrics (the
 * composition root passes its route table's labels: ops knows no routes). */
int ops_metrics_init(size_t nroutes, const char *(*label)(size_t i));
void ops_observe(int route, int status, uint64_t duration_us);
void ops_worker_restart(void);
void ops_db_error(void);
int ops_healthz(struct http_req *);
int ops_metrics(struct http_req *);

/* The module's routes, job kinds and commands (ops_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module ops_module;

#endif
