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
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
}

int
db_ensure(void)
{
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

const char *
db_tenant_schema(struct arena *a, const char *slug)
{
	if (!util_slug_valid(slug))
		return NULL;
	return arena_printf(a, "t_%s", slug);
}

/* Records why a result failed; 1 if it failed. */
static int
failed(PGresult *r, ExecStatusType ok1, ExecStatusType ok2)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	const char *s, *c;

	if (st == ok1 || st == ok2) {
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
	    (s && (strncmp(s, "08", 2) == 0 ||
	    strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 || strcmp(s, "57P03") == 0))) {
		last_rc = DB_DOWN;
		log_warn("database unavailable: %s", conn ? PQerrorMessage(conn) : "no connection");
	} else {
		last_rc = DB_ERR;
		/* Unique violations are expected answers, not incidents. */
		if (strcmp(last_state, "23505") != 0 && strcmp(last_state, "23514") != 0)
			log_error("sql [%s]: %s", last_state,
			    r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
	}
	return 1;
}

static int begin_once(const char *schema, int readonly, long long *version);

/* A connection that died while idle (a database restart between requests)
 * only shows it on first use; nothing has happened yet in the transaction,
 * so reconnecting and trying once more is safe. */
int
db_begin(const char *schema, int readonly, long long *version)
{
	int rc = begin_once(schema, readonly, version);

	if (rc == DB_DOWN && conninfo_saved != NULL && db_open(conninfo_saved) == DB_OK)
		rc = begin_once(schema, readonly, version);
	return rc;
}

static int
begin_once(const char *schema, int readonly, long long *version)
{
	char sql[512];
	size_t n;
	PGresult *r;
	int rc = DB_OK;

	if (db_ensure() != DB_OK)
		return DB_DOWN;
	n = (size_t)snprintf(sql, sizeof(sql), "%s;", readonly ? "BEGIN READ ONLY" : "BEGIN");
	if (version != NULL)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n,
		    "SELECT v FROM platform.tenancy_version;");
	if (schema != NULL) {
		char *id = PQescapeIdentifier(conn, schema, strlen(schema));

		if (id == NULL || !util_slug_valid(schema)) {
			PQfreemem(id);
			return DB_ERR;
		}
		n += (size_t)snprintf(sql + n, sizeof(sql) - n,
		    "SET LOCAL ROLE %s;SET LOCAL search_path TO %s;", id, id);
		PQfreemem(id);
	}
	if (n >= sizeof(sql) || !PQsendQuery(conn, sql)) {
		failed(NULL, PGRES_COMMAND_OK, PGRES_COMMAND_OK);
		return last_rc;
	}
	in_tx = 1;
	while ((r = PQgetResult(conn)) != NULL) {
		if (PQresultStatus(r) == PGRES_TUPLES_OK) {
			if (version != NULL && PQntuples(r) == 1)
				*version = atoll(PQgetvalue(r, 0, 0));
		} else if (failed(r, PGRES_COMMAND_OK, PGRES_COMMAND_OK))
			rc = last_rc;
		PQclear(r);
	}
	if (PQstatus(conn) != CONNECTION_OK)
		rc = last_rc = DB_DOWN;
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

	if (!in_tx)
		return DB_OK;
	in_tx = 0;
	rc = simple("COMMIT");
	return rc;
}

void
db_rollback(void)
{
	if (!in_tx)
		return;
	in_tx = 0;
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK) {
		PGresult *r = PQexec(conn, "ROLLBACK");

		PQclear(r);
	}
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

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		last_rc = DB_DOWN;
		return NULL;
	}
	if (prepare(st) != DB_OK)
		return NULL;
	r = PQexecPrepared(conn, st->name, st->nparams, params, NULL, NULL, 0);
	if (failed(r, PGRES_TUPLES_OK, PGRES_COMMAND_OK)) {
		PQclear(r);
		return NULL;
	}
	if (a != NULL)
		arena_cleanup(a, (arena_cleanup_fn)PQclear, r);
	return r;
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

int
db_isnull(const PGresult *r, int row, int col)
{
	return r == NULL || row >= PQntuples(r) || PQgetisnull(r, row, col);
}
