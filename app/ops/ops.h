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

int ops_metrics_init(size_t nroutes);
void ops_observe(int route, int status, uint64_t duration_us);
void ops_worker_restart(void);
void ops_db_error(void);
int ops_healthz(struct http_req *);
int ops_metrics(struct http_req *);

#endif
