/*
 * The outbox (see notify.h): rows written in the caller's transaction,
 * delivered after they commit by the worker lane that wrote them (the
 * live lane for a request's): a pump per lane, run after that lane's jobs,
 * so a copy fan-out's notifications follow its copies instead of competing
 * with them for the CPU.
 *
 * A batch of due rows is claimed FOR UPDATE SKIP LOCKED in one transaction
 * of the worker's own, delivered one by one, and recorded (done, or a retry
 * after jobs_backoff, or failed) in the same transaction. Should that
 * transaction not commit after a delivery, the row is delivered again under
 * the same id: at least once, and receivers dedupe on the id.
 */
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../tenancy/tenancy.h"

/* Rows a pump claims at once: the live lane has nothing else to do first;
 * another lane looks for its next job after a short batch (a copy lane in a
 * burst of copies' pushes picks up the next bet's copies within milliseconds). */
#define BATCH_LIVE "128"
#define BATCH_OTHER "32"

static const struct notify_delivery *handlers;
static size_t nhandlers;

void
notify_outbox_register(const struct notify_delivery *d, size_t n)
{
	handlers = d;
	nhandlers = n;
}

static const struct notify_delivery *
handler(const char *kind)
{
	for (size_t i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].kind, kind) == 0)
			return &handlers[i];
	return NULL;
}

static const char *
attempts_text(char *b, size_t bsz, int max_attempts)
{
	if (max_attempts <= 0)
		max_attempts = jobs_max_attempts();
	snprintf(b, bsz, "%d", max_attempts);
	return b;
}

int
notify_outbox_add(struct arena *a, const char *kind, json_t *payload, int max_attempts)
{
	json_t *one = json_array();

	if (one == NULL || payload == NULL || json_array_append_new(one, payload) != 0) {
		json_decref(one);
		return DB_ERR;
	}
	return notify_outbox_add_many(a, kind, one, max_attempts);
}

int
notify_outbox_add_many(struct arena *a, const char *kind, json_t *payloads, int max_attempts)
{
	static struct db_stmt q =
	    DB_STMT("INSERT INTO outbox (kind, payload, max_attempts, lane) "
	            "SELECT $1, p, $3::int, $4 FROM jsonb_array_elements($2::jsonb) AS x (p)",
	        4);
	char att[16], *text;
	long long n;

	if (payloads == NULL)
		return DB_ERR;
	text = json_dumps(payloads, JSON_COMPACT);
	json_decref(payloads);
	if (text == NULL)
		return DB_ERR;
	n = db_cmd(a, &q,
	    DB_P(kind, text, attempts_text(att, sizeof(att), max_attempts),
	        jobs_lane_name(jobs_lane_current())));
	free(text);
	return n < 0 ? (int)n : DB_OK;
}

/* Delivers one claimed row. A delivery joins `done` (recorded with the rest
 * of the batch); a failure is recorded at once, in the batch's transaction. */
static int
deliver_row(
    struct arena *a, const struct tenancy_tenant *t, const PGresult *r, int i, struct buf *done)
{
	static struct db_stmt q_fail = DB_STMT(
	    "UPDATE outbox SET attempts = attempts + 1, last_error = $2, "
	    "state = CASE WHEN attempts + 1 >= max_attempts OR $4::bool THEN 'failed' "
	    "ELSE 'queued' END, "
	    "finished_at = CASE WHEN attempts + 1 >= max_attempts OR $4::bool THEN now() END, "
	    "run_at = now() + make_interval(secs => $3::int) WHERE id = $1",
	    4);
	const char *id = db_val(r, i, 0), *kind = db_val(r, i, 1);
	const struct notify_delivery *h = handler(kind);
	json_t *payload = json_loads(db_val(r, i, 2), 0, NULL);
	int o = NOTIFY_REFUSED;
	char err[512] = "", back[16];

	if (h == NULL)
		snprintf(err, sizeof(err), "no delivery for kind '%s'", kind);
	else if (payload == NULL)
		snprintf(err, sizeof(err), "payload is not JSON");
	else
		o = h->deliver(a, t, id, payload, err, sizeof(err));
	json_decref(payload);
	if (o == NOTIFY_DELIVERED) {
		db_arr_str(done, id);
		return 0;
	}
	log_warn("outbox %s#%s (%s) attempt %lld %s: %s", t->slug, id, kind, db_ll(r, i, 3) + 1,
	    o == NOTIFY_RETRY ? "failed" : "refused", err[0] ? err : "error");
	snprintf(back, sizeof(back), "%d", jobs_backoff((int)db_ll(r, i, 3) + 1));
	return db_cmd(a, &q_fail,
	           DB_P(id, err[0] ? err : "error", back, o == NOTIFY_RETRY ? "f" : "t")) == 1
	    ? 0
	    : -1;
}

/* The pump: one batch of t's rows due on `lane`, the delivered ones marked
 * done in one statement (a burst of copies' notifications is thousands). */
static int
pump_run(const struct tenancy_tenant *t, enum jobs_lane lane)
{
	static struct db_stmt q_claim =
	    DB_STMT("SELECT id, kind, payload::text, attempts FROM outbox "
	            "WHERE state = 'queued' AND lane = $1 AND run_at <= now() "
	            "ORDER BY run_at, created_at LIMIT $2::int FOR UPDATE SKIP LOCKED",
	        2);
	static struct db_stmt q_done = DB_STMT(
	    "UPDATE outbox SET state = 'done', attempts = attempts + 1, finished_at = now(), "
	    "last_error = NULL WHERE id = ANY($1::uuid[])",
	    1);
	struct arena *a = arena_new(16 * 1024);
	struct buf done;
	PGresult *r;
	int n = -1;

	if (a == NULL)
		return -1;
	buf_init(&done);
	db_arr_begin(&done);
	if (db_begin(t->schema, 0, NULL) != DB_OK)
		goto out;
	if ((r = db_query(a, &q_claim,
	         DB_P(jobs_lane_name(lane), lane == JOBS_LIVE ? BATCH_LIVE : BATCH_OTHER))) == NULL)
		goto rollback;
	for (n = 0; n < db_rows(r); n++)
		if (deliver_row(a, t, r, n, &done) != 0)
			goto rollback;
	if (db_cmd(a, &q_done, DB_P(db_arr_end(&done))) < 0)
		goto rollback;
	if (db_commit() != DB_OK)
		n = -1;
	goto out;
rollback:
	n = -1;
	db_rollback();
out:
	buf_free(&done);
	arena_free(a);
	return n;
}

static double
pump_due(struct arena *a, enum jobs_lane lane)
{
	static struct db_stmt q = DB_STMT("SELECT extract(epoch FROM min(run_at) - now()) "
	                                  "FROM outbox WHERE state = 'queued' AND lane = $1",
	    1);
	PGresult *r = db_query(a, &q, DB_P(jobs_lane_name(lane)));

	return r != NULL && db_val(r, 0, 0) != NULL ? atof(db_val(r, 0, 0)) : 1e9;
}

int
notify_outbox_start(void)
{
	static const struct jobs_pump p[JOBS_NLANES] = {
		{ "outbox", JOBS_LIVE, pump_run, pump_due },
		{ "outbox", JOBS_BULK, pump_run, pump_due },
		{ "outbox", JOBS_COPY, pump_run, pump_due },
	};

	for (size_t i = 0; i < TG_NELEM(p); i++)
		if (jobs_add_pump(&p[i]) != 0)
			return -1;
	return 0;
}

int
notify_job_purge(
    struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	static struct db_stmt q = DB_STMT(
	    "DELETE FROM outbox WHERE (state = 'done' AND finished_at < now() - interval '1 day') "
	    "OR (state = 'failed' AND finished_at < now() - interval '7 days')",
	    0);

	(void)t;
	(void)p;
	if (db_cmd(a, &q, NULL) < 0) {
		snprintf(err, errsz, "purge failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}
