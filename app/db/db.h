/*
 * db: the only module that talks to libpq.
 *
 * One connection per process. Statements are named and prepared lazily the
 * first time a connection runs them (openradtool's idea): a module declares
 *     static struct db_stmt q_find = DB_STMT("SELECT ... WHERE id = $1", 1);
 * and calls db_query(a, &q_find, DB_P(id)). Results are cleared by the arena.
 *
 * Tenant scoping happens here and nowhere else: db_begin() opens the
 * transaction and, in the same round trip, SET LOCAL ROLE and SET LOCAL
 * search_path to the tenant's schema, so unqualified names resolve to the
 * tenant and PostgreSQL's privileges stop anything else.
 */
#ifndef TG_DB_H
#define TG_DB_H

#include <libpq-fe.h>

#include "../core/core.h"

struct db_stmt {
	const char *sql;
	int nparams;
	unsigned gen; /* connection generation it was prepared on */
	char name[16];
	int custom; /* never prepared: planned for each call's values */
};
#define DB_STMT(sql_, n_)              \
	{                              \
		(sql_), (n_), 0, "", 0 \
	}
/* For a statement whose best plan depends on its values (a full-text word
 * in half the rows wants another plan than a rare one): sent unnamed, so
 * PostgreSQL plans it with the values every time (a fraction of a ms). */
#define DB_STMT_CUSTOM(sql_, n_)       \
	{                              \
		(sql_), (n_), 0, "", 1 \
	}
#define DB_P(...) ((const char *const[]){ __VA_ARGS__ })

enum db_rc {
	DB_OK = 0,
	DB_ERR = -1,  /* statement failed: a bug or a constraint */
	DB_DOWN = -2, /* connection lost or server unavailable */
};

int db_open(const char *conninfo);
void db_close(void);
/* Reconnects a broken connection. DB_OK or DB_DOWN. */
int db_ensure(void);
PGconn *db_conn(void);
/* Bumped on every (re)connect: session state such as LISTEN must be redone. */
unsigned db_generation(void);
/* Outcome of the last statement: DB_OK, DB_ERR, or DB_DOWN for the connection. */
int db_last_rc(void);
/* SQLSTATE of the last failed statement ("" if none). */
const char *db_sqlstate(void);
int db_is_unique_violation(void);
/* Name of the constraint that the last statement violated ("" if none). */
const char *db_constraint(void);
unsigned long db_error_count(void);

/* The schema (and role) of a tenant: "t_<slug>". 0, or -1 for an invalid slug. */
#define DB_SCHEMA_MAX 48
int db_tenant_schema(const char *slug, char out[DB_SCHEMA_MAX]);

/* A statement to run in the same round trip as BEGIN (e.g. the session
 * lookup); its result lands in res (cleared by the arena when a is set). */
struct db_first {
	struct db_stmt *st;
	const char *const *params;
	struct arena *a;
	PGresult *res;
};

/* BEGIN [READ ONLY] + SET LOCAL ROLE/search_path for the schema (NULL: none).
 * When version is non-NULL, platform.tenancy_version is read in the same
 * round trip. */
int db_begin(const char *schema, int readonly, long long *version);
/* ... with the first statement and a batch of reads in the same round trip. */
struct db_batch;
int db_begin_with(
    const char *schema, int readonly, long long *version, struct db_first *, struct db_batch *);
int db_commit(void);
/* Ends a read-only transaction without waiting for the answer. */
void db_commit_deferred(void);
void db_rollback(void);
int db_in_tx(void);

PGresult *db_query(struct arena *, struct db_stmt *, const char *const *params);

/*
 * Reads that do not depend on each other, sent together in one round trip
 * (pipeline mode) inside the current transaction: add them, then run. Each
 * *out gets its result (owned by the arena given at add), or NULL when the run
 * fails (then all are NULL). Parameters are copied at add; a statement
 * appears at most once in a batch.
 */
#define DB_BATCH_MAX 8
struct db_batch {
	size_t n;
	int failed;
	struct arena *a;
	struct db_stmt *st[DB_BATCH_MAX];
	const char *const *params[DB_BATCH_MAX];
	PGresult **out[DB_BATCH_MAX];
};
void db_batch_add(
    struct arena *, struct db_batch *, struct db_stmt *, const char *const *params, PGresult **out);
int db_batch_run(struct db_batch *);
/* Runs a command; returns rows affected, or DB_ERR/DB_DOWN. */
long long db_cmd(struct arena *, struct db_stmt *, const char *const *params);
/* Trusted multi-statement SQL (migrations, admin set-up). */
int db_exec_script(const char *sql);

/* PostgreSQL array literals, for batches expanded by unnest() in one
 * statement: db_arr_begin, one value per element, db_arr_end (returns the
 * literal, owned by the buf). Strings are quoted and escaped. */
void db_arr_begin(struct buf *);
void db_arr_str(struct buf *, const char *s); /* NULL: SQL NULL */
void db_arr_int(struct buf *, long long v, int isnull);
const char *db_arr_end(struct buf *);

/* Result helpers (NULL-safe on NULL/NULL values). */
const char *db_val(const PGresult *, int row, int col);
long long db_ll(const PGresult *, int row, int col);
int db_rows(const PGresult *);

/* migrations */
/* The NOLOGIN role that owns every tenant's tables, functions and schema;
 * only migrations (run by the admin role) act as it. Tenant roles get DML. */
#define DB_OWNER_ROLE "tailgate_owner"
int db_migrate_platform(const char *dir);
int db_migrate_tenant(const char *slug, const char *dir);
/* Number of migration files in dir newer than what schema has (-1 on error).
 * For the tenant case the caller must be able to SET ROLE to it. */
int db_migrations_pending(const char *schema, const char *dir, int tenant);

#endif
