/*
 * jobs: background work queued in PostgreSQL.
 *
 * Each tenant has its own `jobs` table, so a job is enqueued inside the same
 * transaction (and under the same tenant role) as the change that causes it,
 * and commits or vanishes with it. An insert trigger NOTIFYs `tailgate_jobs`
 * on commit; the worker LISTENs, so it sleeps until there is work or a retry
 * falls due. A job is claimed with FOR UPDATE SKIP LOCKED and run inside the
 * claiming transaction under a savepoint: success marks it done in the same
 * commit as its effects; failure rolls its effects back, records the error
 * and schedules a retry with exponential backoff, until max_attempts, after
 * which it stays `failed` with its last error.
 */
#ifndef TG_JOBS_H
#define TG_JOBS_H

#include <jansson.h>

#include "../core/core.h"

struct tenancy_tenant;

enum jobs_lane {
	JOBS_LIVE,   /* seconds matter: someone is waiting for the effect */
	JOBS_BULK,   /* may take long: settlement, recomputations, maintenance */
	JOBS_COPY,   /* copy trading: money moves for thousands of followers, never
	              * behind a feed fan-out or a notification burst; the
	              * copies' own notifications follow them (run_at order) */
	JOBS_NLANES
};

struct jobs_kind {
	const char *kind;
	enum jobs_lane lane;
	/* Runs inside the tenant's transaction; returns 0, or -1 with err set. */
	int (*run)(struct arena *, const struct tenancy_tenant *, json_t *payload, char *err,
	    size_t errsz);
};

/* Enqueues in the current transaction (steals payload). dedup_key: at most one
 * queued job with that key (NULL for none). Returns 0 or a DB error. */
int jobs_enqueue(struct arena *, const char *kind, json_t *payload, int delay_seconds,
    const char *dedup_key);
/* Seconds before attempt n+1 after n failures (pure). */
int jobs_backoff(int attempts);
/* `tailgate worker`: forks one process per lane (restarted when one dies)
 * and returns the exit status after SIGTERM/SIGINT. No database connection
 * may be open when it is called: each lane opens its own. */
int jobs_worker_main(const struct jobs_kind *kinds, size_t nkinds);
const char *jobs_lane_name(enum jobs_lane);
/* Runs due jobs of every tenant until none is left (tests, `worker --drain`). */
int jobs_drain(const struct jobs_kind *kinds, size_t nkinds);

/* Built-in maintenance job: expired sessions, stale throttles, old jobs. */
int jobs_run_maintenance(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* The module's routes, job kinds and commands (jobs_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module jobs_module;

#endif
