/* Connection, transactions, prepared statements. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PGconn *conn;
static char *conninfo_saved;
static unsigned conn_gen;
static unsigned stmt_seq;
static int in_tx;
static int commit_in_flight; /* a read-only COMMIT sent, result not read yet */

static void drain(void);
static void db_rollback_raw(void);
static int last_rc;
static char last_state[6];
static char last_constraint[64];
static unsigned long errors;

static void
notice_quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

int
db_open(const char *conninfo)
{
	if (conninfo != conninfo_saved) {
		free(conninfo_saved);
		conninfo_saved = strdup(conninfo);
	}
	if (conn != NULL)
		PQfinish(conn);
	commit_in_flight = 0;
	conn = PQconnectdb(conninfo);
	conn_gen++;
	in_tx = 0;
	if (PQstatus(conn) != CONNECTION_OK) {
		log_error("database: %s", PQerrorMessage(conn));
		last_rc = DB_DOWN;
		return DB_DOWN;
	}
	PQsetNoticeReceiver(conn, notice_quiet, NULL);
	return DB_OK;
}

void
db_close(void)
{
	if (conn != NULL) {
		drain();
		PQfinish(conn);
	}
	conn = NULL;
}

/* Reads the result of a COMMIT sent by db_commit_deferred(). */
static void
drain(void)
{
	PGresult *r;

	if (!commit_in_flight)
		return;
	commit_in_flight = 0;
	while ((r = PQgetResult(conn)) != NULL)
		PQclear(r);
}

int
db_ensure(void)
{
	if (conn != NULL)
		drain();
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return DB_OK;
	if (conninfo_saved == NULL)
		return DB_DOWN;
	return db_open(conninfo_saved);
}

PGconn *
db_conn(void)
{
	return conn;
}

unsigned
db_generation(void)
{
	return conn_gen;
}

int
db_last_rc(void)
{
	return last_rc;
}

const char *
db_sqlstate(void)
{
	return last_state;
}

int
db_is_unique_violation(void)
{
	return strcmp(last_state, "23505") == 0;
}

const char *
db_constraint(void)
{
	return last_constraint;
}

unsigned long
db_error_count(void)
{
	return errors;
}

int
db_tenant_schema(const char *slug, char out[DB_SCHEMA_MAX])
{
	if (!util_slug_valid(slug))
		return -1;
	snprintf(out, DB_SCHEMA_MAX, "t_%s", slug);
	return 0;
}

/* Records why a result failed; 1 if it failed. */
static int
failed(PGresult *r, ExecStatusType ok1, ExecStatusType ok2)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	const char *s, *c;

	if (st == ok1 || st == ok2) {
		last_rc = DB_OK; /* the last statement's outcome, not a sticky flag */
		last_state[0] = '\0';
		last_constraint[0] = '\0';
		return 0;
	}
	errors++;
	s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	c = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	snprintf(last_state, sizeof(last_state), "%s", s ? s : "");
	snprintf(last_constraint, sizeof(last_constraint), "%s", c ? c : "");
	/* No SQLSTATE means libpq itself failed: the connection, not the SQL. */
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK || s == NULL || *s == '\0' ||
	    (s &&
	        (strncmp(s, "08", 2) == 0 || strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 ||
	            strcmp(s, "57P03") == 0))) {
		last_rc = DB_DOWN;
		log_warn("database unavailable: %s", conn ? PQerrorMessage(conn) : "no connection");
	} else {
		last_rc = DB_ERR;
		/* Unique and check violations are answers the callers map (a taken
		 * name, an overdraft): logged, but not as incidents. */
		if (strcmp(last_state, "23505") != 0 && strcmp(last_state, "23514") != 0)
			log_error("sql [%s]: %s", last_state,
			    r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
		else
			log_info("sql [%s] %s: %s", last_state, last_constraint,
			    r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
	}
	return 1;
}

static int begin_once(const char *schema, int readonly, long long *version, struct db_first *first,
    struct db_batch *batch);

/* A connection that died while idle (a database restart between requests)
 * only shows it on first use; nothing has happened yet in the transaction,
 * so reconnecting and trying once more is safe. */
int
db_begin_with(const char *schema, int readonly, long long *version, struct db_first *first,
    struct db_batch *batch)
{
	int rc = begin_once(schema, readonly, version, first, batch);

	if (rc == DB_DOWN && conninfo_saved != NULL && db_open(conninfo_saved) == DB_OK)
		rc = begin_once(schema, readonly, version, first, batch);
	return rc;
}

int
db_begin(const char *schema, int readonly, long long *version)
{
	return db_begin_with(schema, readonly, version, NULL, NULL);
}

/*
 * One pipeline (libpq's pipeline mode), one round trip:
 *   BEGIN [READ ONLY]
 *   SELECT v, set_config('role', $1, true), set_config('search_path', $1, true)
 *   [the request's first statement, e.g. the session lookup]
 *   [a batch of the route's own reads (db_batch), e.g. a member page's]
 *   Sync
 * set_config(..., true) is SET LOCAL in function form: it takes the schema
 * name as a parameter and runs the same membership check as SET ROLE.
 */
static struct db_stmt q_scope_v =
    DB_STMT("SELECT v, set_config('role', $1, true), set_config('search_path', $1, true) "
            "FROM platform.tenancy_version",
        1);
static struct db_stmt q_scope =
    DB_STMT("SELECT 0, set_config('role', $1, true), set_config('search_path', $1, true)", 1);

/* Queues a prepared statement, preparing it first on this connection if
 * needed; returns the index of its execution result. */
static int
pipe_stmt(struct db_stmt *st, const char *const *params, int *nq, int *i_prep, int *sent)
{
	if (st->custom) {
		*sent = *sent &&
		    PQsendQueryParams(conn, st->sql, st->nparams, NULL, params, NULL, NULL, 0);
		return (*nq)++;
	}
	if (st->gen != conn_gen || !st->name[0]) {
		if (!st->name[0])
			snprintf(st->name, sizeof(st->name), "s%u", ++stmt_seq);
		*i_prep = (*nq)++;
		*sent = *sent && PQsendPrepare(conn, st->name, st->sql, st->nparams, NULL);
	}
	*sent = *sent && PQsendQueryPrepared(conn, st->name, st->nparams, params, NULL, NULL, 0);
	return (*nq)++;
}

/* Drops a connection whose state is in doubt; the next use reconnects. */
static void
discard(void)
{
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	commit_in_flight = 0;
	in_tx = 0;
}

/* A statement of a pipeline and where its result goes: owned by the arena
 * when there is one, else by the caller. */
struct pipe_item {
	struct db_stmt *st;
	const char *const *params;
	PGresult **out;
	struct arena *a;
};
#define PIPE_MAX (DB_BATCH_MAX + 2) /* the scope, the first statement, a batch */

static void
pipe_clear(struct pipe_item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (it[i].a == NULL && *it[i].out != NULL)
			PQclear(*it[i].out);
		*it[i].out = NULL;
	}
}

/*
 * One round trip (libpq's pipeline mode): begin (a plain statement, or
 * NULL) and then the items, each prepared first on this connection if
 * needed, and one Sync. Each statement yields one result and then NULL; the
 * Sync yields PGRES_PIPELINE_SYNC; a broken connection yields NULLs only.
 * On failure every item's result is NULL.
 */
static int
pipeline(const char *begin, struct pipe_item *it, size_t n)
{
	int nq = 0, q = 0, synced = 0, rc = DB_OK, sent = 1;
	int prep[PIPE_MAX], exec[PIPE_MAX];
	PGresult *r;

	if (!PQenterPipelineMode(conn)) {
		failed(NULL, PGRES_COMMAND_OK, PGRES_COMMAND_OK);
		return last_rc;
	}
	if (begin != NULL) {
		sent = PQsendQueryParams(conn, begin, 0, NULL, NULL, NULL, NULL, 0);
		nq++;
		in_tx = 1;
	}
	for (size_t i = 0; i < n; i++) {
		*it[i].out = NULL;
		prep[i] = -1;
		exec[i] = pipe_stmt(it[i].st, it[i].params, &nq, &prep[i], &sent);
	}
	/* Without a Sync on the wire no answer will ever come: never wait then. */
	if (!sent || !PQpipelineSync(conn)) {
		failed(NULL, PGRES_COMMAND_OK, PGRES_COMMAND_OK);
		discard();
		return DB_DOWN;
	}
	while (!synced) {
		if ((r = PQgetResult(conn)) == NULL) {
			if (PQstatus(conn) != CONNECTION_OK || ++q > nq)
				break;
			continue;
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			synced = 1;
			continue;
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
			if (rc == DB_OK)
				rc = DB_ERR;
		} else if (failed(r, PGRES_COMMAND_OK, PGRES_TUPLES_OK)) {
			rc = last_rc;
		} else {
			for (size_t i = 0; r != NULL && i < n; i++) {
				if (q == prep[i])
					it[i].st->gen = conn_gen;
				else if (q == exec[i]) {
					if (it[i].a != NULL &&
					    arena_cleanup(it[i].a, (arena_cleanup_fn)PQclear, r) !=
					        0)
						rc = DB_ERR; /* r is already cleared */
					else
						*it[i].out = r;
					r = NULL;
				}
			}
		}
		if (r != NULL)
			PQclear(r);
	}
	if (!synced && rc == DB_OK)
		rc = DB_DOWN;
	if (PQstatus(conn) != CONNECTION_OK)
		rc = last_rc = DB_DOWN;
	/* A connection that cannot leave pipeline mode is in an unknown state. */
	if (!PQexitPipelineMode(conn)) {
		pipe_clear(it, n);
		discard();
		return last_rc = DB_DOWN;
	}
	if (rc != DB_OK)
		pipe_clear(it, n);
	return last_rc = rc;
}

static int
begin_once(const char *schema, int readonly, long long *version, struct db_first *first,
    struct db_batch *batch)
{
	struct pipe_item it[PIPE_MAX];
	struct db_stmt *scope = version != NULL ? &q_scope_v : &q_scope;
	const char *scope_params[1] = { schema }; /* lives as long as the pipeline */
	PGresult *scope_res = NULL;
	size_t n = 0;
	int rc;

	if (db_ensure() != DB_OK)
		return DB_DOWN;
	if ((schema != NULL && !util_ident_valid(schema)) || (schema == NULL && version != NULL))
		return DB_ERR;
	if (first != NULL)
		first->res = NULL;
	if (schema != NULL)
		it[n++] = (struct pipe_item){ scope, scope_params, &scope_res, NULL };
	/* Prepared after the scope, so its names resolve in the tenant's schema
	 * (PostgreSQL re-plans it when another tenant's search_path is in force). */
	if (first != NULL && first->st != NULL)
		it[n++] = (struct pipe_item){ first->st, first->params, &first->res, first->a };
	/* a batch that could not be queued leaves its results NULL */
	for (size_t i = 0; batch != NULL && !batch->failed && i < batch->n; i++)
		it[n++] =
		    (struct pipe_item){ batch->st[i], batch->params[i], batch->out[i], batch->a };
	rc = pipeline(readonly ? "BEGIN READ ONLY" : "BEGIN", it, n);
	if (rc == DB_OK && version != NULL && scope_res != NULL && PQntuples(scope_res) == 1)
		*version = atoll(PQgetvalue(scope_res, 0, 0));
	if (scope_res != NULL)
		PQclear(scope_res);
	if (rc != DB_OK)
		db_rollback();
	return rc;
}

static int
simple(const char *sql)
{
	PGresult *r = PQexec(conn, sql);
	int rc = failed(r, PGRES_COMMAND_OK, PGRES_TUPLES_OK) ? last_rc : DB_OK;

	PQclear(r);
	return rc;
}

int
db_commit(void)
{
	int rc;

	PGresult *r;

	if (!in_tx)
		return DB_OK;
	in_tx = 0;
	/* COMMIT of a failed transaction "succeeds" with the tag ROLLBACK. */
	if (conn == NULL || PQtransactionStatus(conn) == PQTRANS_INERROR) {
		db_rollback_raw();
		last_rc = conn == NULL ? DB_DOWN : DB_ERR;
		return last_rc;
	}
	r = PQexec(conn, "COMMIT");
	if (failed(r, PGRES_COMMAND_OK, PGRES_COMMAND_OK))
		rc = last_rc;
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = last_rc = DB_ERR;
	else
		rc = DB_OK;
	PQclear(r);
	return rc;
}

void
db_commit_deferred(void)
{
	if (!in_tx)
		return;
	in_tx = 0;
	/* A read-only transaction has nothing to lose: the COMMIT travels while
	 * the response is written, and its result is read before the next use. */
	if (conn != NULL && PQsendQuery(conn, "COMMIT"))
		commit_in_flight = 1;
}

static void
db_rollback_raw(void)
{
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		PQclear(PQexec(conn, "ROLLBACK"));
}

void
db_rollback(void)
{
	if (!in_tx)
		return;
	in_tx = 0;
	db_rollback_raw();
}

int
db_in_tx(void)
{
	return in_tx;
}

static int
prepare(struct db_stmt *st)
{
	PGresult *r;

	if (st->gen == conn_gen && st->name[0])
		return DB_OK;
	if (!st->name[0])
		snprintf(st->name, sizeof(st->name), "s%u", ++stmt_seq);
	r = PQprepare(conn, st->name, st->sql, st->nparams, NULL);
	if (failed(r, PGRES_COMMAND_OK, PGRES_COMMAND_OK)) {
		PQclear(r);
		return last_rc;
	}
	PQclear(r);
	st->gen = conn_gen;
	return DB_OK;
}

PGresult *
db_query(struct arena *a, struct db_stmt *st, const char *const *params)
{
	PGresult *r;

	/* Reconnecting inside a transaction would lose it: only outside one. */
	if (conn == NULL || (in_tx ? PQstatus(conn) != CONNECTION_OK : db_ensure() != DB_OK)) {
		last_rc = DB_DOWN;
		return NULL;
	}
	if (st->custom)
		r = PQexecParams(conn, st->sql, st->nparams, NULL, params, NULL, NULL, 0);
	else if (prepare(st) != DB_OK)
		return NULL;
	else
		r = PQexecPrepared(conn, st->name, st->nparams, params, NULL, NULL, 0);
	if (failed(r, PGRES_TUPLES_OK, PGRES_COMMAND_OK)) {
		PQclear(r);
		return NULL;
	}
	/* On failure the cleanup has already cleared r: report an error. */
	if (a != NULL && arena_cleanup(a, (arena_cleanup_fn)PQclear, r) != 0) {
		last_rc = DB_ERR;
		return NULL;
	}
	return r;
}

void
db_batch_add(struct arena *a, struct db_batch *b, struct db_stmt *st, const char *const *params,
    PGresult **out)
{
	const char **copy = NULL;

	*out = NULL;
	b->a = a;
	for (size_t i = 0; i < b->n; i++)
		if (b->st[i] == st)
			b->failed = 1; /* once per batch: it would be prepared twice */
	if (b->failed || b->n >= DB_BATCH_MAX ||
	    (st->nparams > 0 &&
	        (copy = arena_alloc(a, sizeof(*copy) * (size_t)st->nparams)) == NULL)) {
		b->failed = 1;
		return;
	}
	/* the caller's parameters may live on its stack */
	for (int i = 0; i < st->nparams; i++)
		if (params[i] != NULL && (copy[i] = arena_strdup(a, params[i])) == NULL)
			b->failed = 1;
		else if (params[i] == NULL)
			copy[i] = NULL;
	b->st[b->n] = st;
	b->params[b->n] = copy;
	b->out[b->n] = out;
	b->n++;
}

int
db_batch_run(struct db_batch *b)
{
	struct pipe_item it[DB_BATCH_MAX];

	if (b->failed)
		return last_rc = DB_ERR;
	if (b->n == 0)
		return DB_OK;
	if (conn == NULL || !in_tx || PQstatus(conn) != CONNECTION_OK)
		return last_rc = DB_DOWN;
	for (size_t i = 0; i < b->n; i++)
		it[i] = (struct pipe_item){ b->st[i], b->params[i], b->out[i], b->a };
	return pipeline(NULL, it, b->n);
}

long long
db_cmd(struct arena *a, struct db_stmt *st, const char *const *params)
{
	PGresult *r = db_query(a, st, params);
	const char *n;

	if (r == NULL)
		return last_rc;
	n = PQcmdTuples(r);
	return n && *n ? atoll(n) : 0;
}

int
db_exec_script(const char *sql)
{
	if (db_ensure() != DB_OK)
		return DB_DOWN;
	return simple(sql);
}

const char *
db_val(const PGresult *r, int row, int col)
{
	if (r == NULL || row >= PQntuples(r) || col >= PQnfields(r) || PQgetisnull(r, row, col))
		return NULL;
	return PQgetvalue(r, row, col);
}

long long
db_ll(const PGresult *r, int row, int col)
{
	const char *v = db_val(r, row, col);

	return v ? atoll(v) : 0;
}

int
db_rows(const PGresult *r)
{
	return r ? PQntuples(r) : 0;
}

/* ---- array literals ---- */

void
db_arr_begin(struct buf *b)
{
	buf_reset(b);
	buf_puts(b, "{");
}

void
db_arr_str(struct buf *b, const char *s)
{
	if (b->len > 1)
		buf_puts(b, ",");
	if (s == NULL) {
		buf_puts(b, "NULL");
		return;
	}
	buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_append(b, "\\", 1);
		buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

void
db_arr_int(struct buf *b, long long v, int isnull)
{
	if (b->len > 1)
		buf_puts(b, ",");
	if (isnull)
		buf_puts(b, "NULL");
	else
		buf_printf(b, "%lld", v);
}

const char *
db_arr_end(struct buf *b)
{
	buf_puts(b, "}");
	return buf_cstr(b);
}
