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

#include <stdint.h>

#include <jansson.h>

#include "../core/core.h"

struct tenancy_tenant;

enum jobs_lane {
	JOBS_LIVE, /* seconds matter: someone is waiting for the effect */
	JOBS_BULK, /* may take long: settlement, recomputations, maintenance */
	JOBS_COPY, /* copy trading: money moves for thousands of followers, never
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
	/* Periodic jobs: a schedule jobs_schedule_parse reads ("every 10 minutes",
	 * "daily at 00:05 UTC"); NULL for jobs that are only enqueued. The worker
	 * keeps one run of each queued per tenant (dedup key "every:<kind>"), due
	 * at the next slot, and queues the next slot when a run succeeds. */
	const char *schedule;
};

/* A schedule: the slots are the times t with (t - offset) % period == 0
 * (unix seconds, UTC). "every N seconds|minutes|hours|days" (or "every
 * minute|hour|day") is period N x unit, offset 0 (slots aligned on the epoch,
 * so every worker agrees on them); "daily at HH:MM UTC" is one day, HH:MM. */
struct jobs_schedule {
	int64_t period;
	int64_t offset;
};
/* Parses a schedule (pure). 0, or -1 when it is not one. */
int jobs_schedule_parse(const char *, struct jobs_schedule *);
/* The first slot strictly after `now` (pure). */
int64_t jobs_schedule_next(const struct jobs_schedule *, int64_t now);

/* Several jobs of one kind in one statement (in the current transaction): one
 * per element of `values` (a text[] literal built with db_arr_*), each with
 * the payload {key: value}, due at the matching element of `run_at` (a
 * bigint[] literal of unix seconds; NULL: now) and deduplicated on
 * dedup_prefix || value (NULL: no key). A value must not repeat. */
enum jobs_dup {
	JOBS_DUP_KEEP,    /* a job already queued under the key stays as it is */
	JOBS_DUP_EARLIER, /* ... and is brought forward to the earlier due time */
};
struct jobs_many {
	const char *kind;
	const char *key;
	const char *values;
	const char *run_at;
	const char *dedup_prefix;
	enum jobs_dup dup;
};
/* Returns the number of jobs queued or brought forward, or a DB error (< 0). */
long long jobs_enqueue_many(struct arena *, const struct jobs_many *);

/* Work a lane does besides its jobs, outside any job's transaction: notify's
 * outbox, delivered after the commit that wrote it. The worker calls run after
 * each tenant's jobs in every pass (and LISTENs on the same channel, so a
 * pump's table may wake it with pg_notify('tailgate_jobs', ...)). A pump
 * registered once per lane does each lane's share after that lane's jobs. */
struct jobs_pump {
	const char *name;
	enum jobs_lane lane;
	/* One batch of tenant t's due work for `lane` (the pump opens its own
	 * transactions on t->schema). Returns how much it did (0: nothing due),
	 * or -1. */
	int (*run)(const struct tenancy_tenant *, enum jobs_lane lane);
	/* Seconds until t's next unit for `lane` falls due (<= 0: due now; a large
	 * value: nothing queued); called in a read-only transaction on t's schema. */
	double (*due)(struct arena *, enum jobs_lane lane);
};
/* Registers a pump before jobs_worker_main or jobs_drain (at most 8). */
int jobs_add_pump(const struct jobs_pump *);
/* The lane of the job this process is running; JOBS_LIVE outside a job (a
 * request, a command): who delivers what the transaction leaves behind. */
enum jobs_lane jobs_lane_current(void);

/* Enqueues in the current transaction (steals payload). dedup_key: at most one
 * queued job with that key (NULL for none). Returns 0 or a DB error. */
int jobs_enqueue(
    struct arena *, const char *kind, json_t *payload, int delay_seconds, const char *dedup_key);
/* The configured attempts of a job (jobs.max_attempts; 8 when unset). */
int jobs_max_attempts(void);
/* Seconds before attempt n+1 after n failures (pure). */
int jobs_backoff(int attempts);
/* `tailgate worker`: forks one process per lane (restarted when one dies)
 * and returns the exit status after SIGTERM/SIGINT. No database connection
 * may be open when it is called: each lane opens its own. */
int jobs_worker_main(const struct jobs_kind *kinds, size_t nkinds);
const char *jobs_lane_name(enum jobs_lane);
/* Runs due jobs of every tenant until none is left (tests, `worker --drain`). */
int jobs_drain(const struct jobs_kind *kinds, size_t nkinds);

/* Built-in maintenance job (periodic, "every 1 hour" in the composition
 * root): expired sessions, stale throttles, old jobs. */
int jobs_run_maintenance(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* The module's routes, job kinds and commands (jobs_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module jobs_module;

#endif
