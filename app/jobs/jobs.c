/* The job queue: enqueue, claim, run, retry (see jobs.h). */
#include "jobs.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

static volatile sig_atomic_t stopping;
/* Pumps (jobs.h): registered by the composition root before the worker starts. */
#define PUMPS_MAX 8
static struct jobs_pump pumps[PUMPS_MAX];
static size_t npumps;
/* The lane this process runs (-1: every lane, as jobs_drain does). */
static int lane_self = -1;
/* The lane of the job running now (-1: none). */
static int lane_running = -1;
/* What this process claims: the kinds of its lane, as a text[] literal
 * ("{notify,feed_fanout}"), and whether it claims those ("t") or every kind
 * of no other lane ("f": the bulk lane, which also fails unknown kinds).
 * Drain claims everything: no kinds, "f". */
static char lane_kinds[1024];
static const char *lane_in = "f";

const char *
jobs_lane_name(enum jobs_lane l)
{
	switch (l) {
	case JOBS_LIVE:
		return "live";
	case JOBS_BULK:
		return "bulk";
	case JOBS_COPY:
		return "copy";
	default:
		return "?";
	}
}

enum jobs_lane
jobs_lane_current(void)
{
	return lane_running >= 0 ? (enum jobs_lane)lane_running : JOBS_LIVE;
}

/* Sets what this process claims for `lane`, or everything when lane < 0. */
static int
lane_select(const struct jobs_kind *k, size_t n, int lane)
{
	size_t len = 1;

	lane_in = lane >= 0 && lane != JOBS_BULK ? "t" : "f";
	lane_kinds[0] = '{';
	for (size_t i = 0; i < n; i++) {
		size_t kl = strlen(k[i].kind);

		if (lane < 0 ||
		    (lane == JOBS_BULK ? k[i].lane == JOBS_BULK : (int)k[i].lane != lane))
			continue;
		if (len + kl + 3 > sizeof(lane_kinds))
			return -1;
		if (len > 1)
			lane_kinds[len++] = ',';
		memcpy(lane_kinds + len, k[i].kind, kl);
		len += kl;
	}
	lane_kinds[len++] = '}';
	lane_kinds[len] = '\0';
	return 0;
}

int
jobs_max_attempts(void)
{
	return conf.job_max_attempts > 0 ? conf.job_max_attempts : 8;
}

int
jobs_enqueue(struct arena *a, const char *kind, json_t *payload, int delay, const char *dedup)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts) "
	    "VALUES ($1, $2::jsonb, now() + make_interval(secs => $3::int), $4, $5::int) "
	    "ON CONFLICT (dedup_key) WHERE state = 'queued' AND dedup_key IS NOT NULL DO NOTHING",
	    5);
	/* an absent payload is the empty object (no object built to be lost) */
	char *p = payload != NULL ? json_dumps(payload, JSON_COMPACT) : strdup("{}");
	char d[16], m[16];
	long long n;

	json_decref(payload);
	if (p == NULL)
		return DB_ERR;
	snprintf(d, sizeof(d), "%d", delay);
	snprintf(m, sizeof(m), "%d", jobs_max_attempts());
	n = db_cmd(a, &q, DB_P(kind, p, d, dedup, m));
	free(p);
	return n < 0 ? (int)n : DB_OK;
}

long long
jobs_enqueue_many(struct arena *a, const struct jobs_many *m)
{
#define MANY_SQL                                                                         \
	"INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts) "             \
	"SELECT $1, jsonb_build_object($2::text, v), coalesce(to_timestamp(t), now()), " \
	"$5 || v, $6::int FROM unnest($3::text[], $4::bigint[]) AS x (v, t) "            \
	"ON CONFLICT (dedup_key) WHERE state = 'queued' AND dedup_key IS NOT NULL "
	static struct db_stmt q_keep = DB_STMT(MANY_SQL "DO NOTHING", 6);
	static struct db_stmt q_earlier =
	    DB_STMT(MANY_SQL "DO UPDATE SET run_at = least(jobs.run_at, EXCLUDED.run_at)", 6);
#undef MANY_SQL
	char att[16];

	if (m->kind == NULL || m->key == NULL || m->values == NULL)
		return DB_ERR;
	snprintf(att, sizeof(att), "%d", jobs_max_attempts());
	/* unnest pads the shorter array with NULLs: no run_at array is "now" */
	return db_cmd(a, m->dup == JOBS_DUP_EARLIER ? &q_earlier : &q_keep,
	    DB_P(m->kind, m->key, m->values, m->run_at ? m->run_at : "{}", m->dedup_prefix, att));
}

int
jobs_schedule_parse(const char *s, struct jobs_schedule *out)
{
	static const struct {
		const char *name;
		int64_t secs;
	} units[] = { { "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 } };
	char word[16];
	int n, hh, mm, used = 0;
	long long num = 1;

	if (s == NULL || out == NULL)
		return -1;
	if (sscanf(s, "daily at %2d:%2d UTC%n", &hh, &mm, &used) == 2 && used > 0 &&
	    s[used] == '\0' && used == 18 && isdigit((unsigned char)s[9]) &&
	    isdigit((unsigned char)s[10]) && isdigit((unsigned char)s[12]) &&
	    isdigit((unsigned char)s[13]) && hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
		out->period = 86400;
		out->offset = hh * 3600 + mm * 60;
		return 0;
	}
	if (strncmp(s, "every ", 6) != 0)
		return -1;
	s += 6;
	if (isdigit((unsigned char)*s)) {
		char *end;

		errno = 0;
		num = strtoll(s, &end, 10);
		if (errno != 0 || num < 1 || num > 1000000 || *end != ' ' || *s == '0')
			return -1;
		s = end + 1;
	}
	if (sscanf(s, "%15[a-z]%n", word, &n) != 1 || s[n] != '\0')
		return -1;
	for (size_t i = 0; i < TG_NELEM(units); i++) {
		size_t ul = strlen(units[i].name), wl = strlen(word);

		/* "every minute", "every 1 minute", "every 10 minutes" */
		if (strncmp(word, units[i].name, ul) != 0 ||
		    !((wl == ul && num == 1) || (wl == ul + 1 && word[ul] == 's' && num > 1)))
			continue;
		if (num * units[i].secs > 366 * 86400)
			return -1;
		out->period = num * units[i].secs;
		out->offset = 0;
		return 0;
	}
	return -1;
}

int64_t
jobs_schedule_next(const struct jobs_schedule *sc, int64_t now)
{
	int64_t d = now - sc->offset, r = d % sc->period;

	if (r < 0)
		r += sc->period;
	return now - r + sc->period;
}

int
jobs_add_pump(const struct jobs_pump *p)
{
	if (npumps >= PUMPS_MAX || p == NULL || p->run == NULL || p->due == NULL)
		return -1;
	pumps[npumps++] = *p;
	return 0;
}

/* The pumps this process runs. */
static int
pump_mine(const struct jobs_pump *p)
{
	return lane_self < 0 || (int)p->lane == lane_self;
}

/* Queues the next run of periodic kind k, due at its next slot (in the
 * current transaction; nothing when one is queued already). */
static int
schedule_next(struct arena *a, const struct jobs_kind *k)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts) "
	    "VALUES ($1, '{}', to_timestamp($2::bigint), 'every:' || $1, $3::int) "
	    "ON CONFLICT (dedup_key) WHERE state = 'queued' AND dedup_key IS NOT NULL DO NOTHING",
	    3);
	struct jobs_schedule sc;
	char at[24], att[16];

	if (jobs_schedule_parse(k->schedule, &sc) != 0)
		return DB_ERR;
	snprintf(at, sizeof(at), "%lld", (long long)jobs_schedule_next(&sc, (int64_t)time(NULL)));
	snprintf(att, sizeof(att), "%d", jobs_max_attempts());
	return db_cmd(a, &q, DB_P(k->kind, at, att)) < 0 ? db_last_rc() : DB_OK;
}

int
jobs_backoff(int attempts)
{
	int s = 2;

	/* 2, 4, 8 ... seconds, at most an hour. */
	for (int i = 1; i < attempts && s < 3600; i++)
		s *= 2;
	return s > 3600 ? 3600 : s;
}

static const struct jobs_kind *
find_kind(const struct jobs_kind *k, size_t n, const char *kind)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k[i].kind, kind) == 0)
			return &k[i];
	return NULL;
}

/* Claims and runs one due job of tenant t. 1 ran one, 0 none due, -1 error. */
static int
run_one(const struct tenancy_tenant *t, const struct jobs_kind *kinds, size_t nk)
{
	static struct db_stmt q_claim = DB_STMT(
	    "SELECT id, kind, payload::text, attempts, max_attempts FROM jobs "
	    "WHERE state = 'queued' AND run_at <= now() AND (kind = ANY($1::text[])) = $2::bool "
	    "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
	    2);
	static struct db_stmt q_sp = DB_STMT("SAVEPOINT job", 0);
	static struct db_stmt q_back = DB_STMT("ROLLBACK TO SAVEPOINT job", 0);
	static struct db_stmt q_done =
	    DB_STMT("UPDATE jobs SET state = 'done', attempts = attempts + 1, finished_at = now(), "
	            "updated_at = now(), last_error = NULL WHERE id = $1",
	        1);
	static struct db_stmt q_fail = DB_STMT(
	    "UPDATE jobs SET attempts = attempts + 1, last_error = $2, updated_at = now(), "
	    "state = CASE WHEN attempts + 1 >= max_attempts THEN 'failed' ELSE 'queued' END, "
	    "finished_at = CASE WHEN attempts + 1 >= max_attempts THEN now() END, "
	    "run_at = now() + make_interval(secs => $3::int) WHERE id = $1",
	    3);
	struct arena *a = arena_new(16 * 1024);
	const struct jobs_kind *k;
	char err[512] = "", back[16];
	json_t *payload;
	PGresult *r;
	int rc = -1, ok;

	if (a == NULL)
		return -1;
	if (db_begin(t->schema, 0, NULL) != DB_OK)
		goto out;
	if ((r = db_query(a, &q_claim, DB_P(lane_kinds, lane_in))) == NULL)
		goto rollback;
	if (db_rows(r) == 0) {
		db_rollback();
		rc = 0;
		goto out;
	}
	if (db_query(a, &q_sp, NULL) == NULL)
		goto rollback;
	payload = json_loads(db_val(r, 0, 2), 0, NULL);
	k = find_kind(kinds, nk, db_val(r, 0, 1));
	if (k == NULL) {
		snprintf(err, sizeof(err), "unknown job kind '%s'", db_val(r, 0, 1));
		ok = -1;
	} else if (payload == NULL) {
		snprintf(err, sizeof(err), "payload is not JSON");
		ok = -1;
	} else {
		lane_running = (int)k->lane;
		ok = k->run(a, t, payload, err, sizeof(err));
		lane_running = -1;
	}
	json_decref(payload);
	if (ok == 0) {
		if (db_cmd(a, &q_done, DB_P(db_val(r, 0, 0))) != 1)
			goto rollback;
		if (k->schedule != NULL && schedule_next(a, k) != DB_OK)
			goto rollback;
	} else {
		/* A lost connection is not the job's fault: leave it queued as it was. */
		if (db_conn() == NULL || PQstatus(db_conn()) != CONNECTION_OK)
			goto rollback;
		if (db_query(a, &q_back, NULL) == NULL)
			goto rollback;
		snprintf(back, sizeof(back), "%d", jobs_backoff((int)db_ll(r, 0, 3) + 1));
		log_warn("job %s#%s (%s) attempt %lld failed: %s", t->slug, db_val(r, 0, 0),
		    db_val(r, 0, 1), db_ll(r, 0, 3) + 1, err[0] ? err : "error");
		if (db_cmd(a, &q_fail, DB_P(db_val(r, 0, 0), err[0] ? err : "error", back)) != 1)
			goto rollback;
	}
	if (db_commit() != DB_OK)
		goto out;
	rc = 1;
	goto out;
rollback:
	db_rollback();
out:
	arena_free(a);
	return rc;
}

/* Seconds until the earliest queued job of any tenant falls due (cap 60). */
static double
next_due(void)
{
	static struct db_stmt q =
	    DB_STMT("SELECT extract(epoch FROM min(run_at) - now()) FROM jobs "
	            "WHERE state = 'queued' AND (kind = ANY($1::text[])) = $2::bool",
	        2);
	double best = 60;

	for (size_t i = 0; i < tenancy_count(); i++) {
		const struct tenancy_tenant *t = tenancy_at(i);
		struct arena *a;
		PGresult *r;

		if (!t->active || (a = arena_new(4096)) == NULL)
			continue;
		if (db_begin(t->schema, 1, NULL) == DB_OK &&
		    (r = db_query(a, &q, DB_P(lane_kinds, lane_in))) != NULL &&
		    db_val(r, 0, 0) != NULL) {
			double s = atof(db_val(r, 0, 0));

			if (s < best)
				best = s;
		}
		for (size_t p = 0; p < npumps && db_in_tx(); p++) {
			double s = pump_mine(&pumps[p]) ? pumps[p].due(a, pumps[p].lane) : best;

			if (s < best)
				best = s;
		}
		db_rollback();
		arena_free(a);
	}
	return best < 0 ? 0 : best;
}

/* One pass over every tenant, fairly: at most `per` jobs each. Returns the
 * number of jobs run; *errors counts passes that could not claim or record. */
static int
pass(const struct jobs_kind *kinds, size_t nk, int per, int *errors)
{
	int ran = 0;

	for (size_t i = 0; i < tenancy_count() && !stopping; i++) {
		const struct tenancy_tenant *t = tenancy_at(i);

		if (!t->active)
			continue;
		for (int n = 0; n < per && !stopping; n++) {
			int rc = run_one(t, kinds, nk);

			if (rc < 0 && errors != NULL)
				(*errors)++;
			if (rc <= 0)
				break;
			ran++;
		}
		for (size_t p = 0; p < npumps && !stopping; p++) {
			int rc = pump_mine(&pumps[p]) ? pumps[p].run(t, pumps[p].lane) : 0;

			if (rc < 0 && errors != NULL)
				(*errors)++;
			if (rc > 0)
				ran += rc;
		}
	}
	return ran;
}

/* Every tenant gets one queued run of each periodic kind (a new brand, a
 * kind added, or a run that failed for good). */
static void
schedule_periodic(const struct jobs_kind *kinds, size_t nk)
{
	for (size_t i = 0; i < tenancy_count(); i++) {
		const struct tenancy_tenant *t = tenancy_at(i);
		struct arena *a = arena_new(4096);
		int rc = DB_OK;

		if (a == NULL || !t->active || db_begin(t->schema, 0, NULL) != DB_OK) {
			arena_free(a);
			continue;
		}
		for (size_t k = 0; k < nk && rc == DB_OK; k++)
			if (kinds[k].schedule != NULL)
				rc = schedule_next(a, &kinds[k]);
		if (rc == DB_OK)
			db_commit();
		else
			db_rollback();
		arena_free(a);
	}
}

/* Every periodic kind's schedule parses (the worker refuses to start otherwise). */
static int
schedules_valid(const struct jobs_kind *kinds, size_t nk)
{
	struct jobs_schedule sc;

	for (size_t k = 0; k < nk; k++)
		if (kinds[k].schedule != NULL && jobs_schedule_parse(kinds[k].schedule, &sc) != 0) {
			log_error("job kind %s: '%s' is not a schedule", kinds[k].kind,
			    kinds[k].schedule);
			return -1;
		}
	return 0;
}

int
jobs_drain(const struct jobs_kind *kinds, size_t nk)
{
	int total = 0, n;

	if (lane_select(kinds, nk, -1) != 0 || schedules_valid(kinds, nk) != 0)
		return -1;
	lane_self = -1;
	while ((n = pass(kinds, nk, 100, NULL)) > 0)
		total += n;
	return total;
}

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
listen_jobs(void)
{
	return db_exec_script("LISTEN tailgate_jobs");
}

/* One lane's loop (a child of jobs_worker_main). */
static int
lane_main(const struct jobs_kind *kinds, size_t nk, enum jobs_lane lane)
{
	uint64_t last_sched = 0;
	unsigned listening = 0; /* connection generation that LISTENs */
	int errors;

	if (lane_select(kinds, nk, (int)lane) != 0)
		return 1;
	lane_self = (int)lane;
	if (db_open(conf.db_url) != DB_OK)
		log_warn("worker %s: database not reachable yet; will retry", jobs_lane_name(lane));
	while (!stopping) {
		fd_set fds;
		struct timeval tv;
		double wait;
		int sock;
		PGnotify *n;

		/* LISTEN again whenever the connection is new (a reconnect anywhere). */
		if (db_ensure() != DB_OK || listening != db_generation()) {
			listening =
			    db_ensure() == DB_OK && listen_jobs() == DB_OK ? db_generation() : 0;
			if (!listening) {
				log_warn("worker: database unavailable; retrying in 2 s");
				sleep(2);
				continue;
			}
		}
		if (tenancy_load() != 0) {
			listening = 0;
			continue;
		}
		if (lane == JOBS_BULK &&
		    (util_now_us() - last_sched > 60ull * 1000000 || last_sched == 0)) {
			schedule_periodic(kinds, nk);
			last_sched = util_now_us();
		}
		/* Work until nothing is due, then sleep until notified or a retry is due. */
		errors = 0;
		while (!stopping && pass(kinds, nk, 50, &errors) > 0)
			;
		if (stopping)
			break;
		if (errors) {
			/* Could not claim or record a job: never spin on it. */
			sleep(1);
			continue;
		}
		wait = next_due();
		if (wait <= 0 || listening != db_generation())
			continue; /* due work, or a reconnect happened: LISTEN first */
		/* A NOTIFY that arrived during next_due() sits in libpq's queue,
		 * not on the socket: look there before sleeping. */
		PQconsumeInput(db_conn());
		if ((n = PQnotifies(db_conn())) != NULL) {
			do
				PQfreemem(n);
			while ((n = PQnotifies(db_conn())) != NULL);
			continue;
		}
		sock = PQsocket(db_conn());
		if (sock < 0)
			continue;
		FD_ZERO(&fds);
		FD_SET(sock, &fds);
		tv.tv_sec = (time_t)wait;
		tv.tv_usec = (suseconds_t)((wait - (double)tv.tv_sec) * 1e6);
		if (select(sock + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
			log_warn("worker: select: %s", strerror(errno));
		PQconsumeInput(db_conn());
		while ((n = PQnotifies(db_conn())) != NULL)
			PQfreemem(n);
	}
	db_close();
	return 0;
}

/* One process per lane, and two for copies: a fan-out splits into ranges
 * of followers that two processes copy side by side (2 cores here). */
#define COPY_PROCESSES 2
static const enum jobs_lane slots[] = { JOBS_LIVE, JOBS_BULK, JOBS_COPY, JOBS_COPY };
#define NSLOTS (sizeof(slots) / sizeof(slots[0]))

static pid_t
lane_start(const struct jobs_kind *kinds, size_t nk, enum jobs_lane lane)
{
	pid_t pid = fork();

	if (pid == 0) {
		/* A supervisor killed outright must not leave its lanes running. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1)
			_exit(0);
		static char name[32]; /* log_init keeps the pointer */

		snprintf(name, sizeof(name), "tailgate-worker-%s", jobs_lane_name(lane));
		log_init(name, log_level_parse(conf.log_level));
		util_exit(lane_main(kinds, nk, lane));
	}
	if (pid < 0)
		log_error("worker: fork: %s", strerror(errno));
	return pid;
}

int
jobs_worker_main(const struct jobs_kind *kinds, size_t nk)
{
	struct sigaction sa;
	pid_t pid[NSLOTS];
	uint64_t started[NSLOTS];

	if (schedules_valid(kinds, nk) != 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (size_t l = 0; l < NSLOTS; l++)
		pid[l] = -1, started[l] = 0;
	log_info("worker started: lanes live, bulk and copy (x%d)", COPY_PROCESSES);
	while (!stopping) {
		int status;
		pid_t dead;

		for (size_t l = 0; l < NSLOTS && !stopping; l++) {
			if (pid[l] > 0)
				continue;
			/* A lane that keeps dying at once is not restarted in a tight loop. */
			if (started[l] != 0 && util_now_us() - started[l] < 1000000)
				sleep(1);
			pid[l] = lane_start(kinds, nk, slots[l]);
			started[l] = util_now_us();
		}
		if ((dead = waitpid(-1, &status, 0)) < 0) {
			if (errno != EINTR)
				sleep(1);
			continue;
		}
		for (size_t l = 0; l < NSLOTS; l++)
			if (pid[l] == dead) {
				pid[l] = -1;
				if (!stopping)
					log_warn("worker %s (pid %d) ended (%s %d); restarting",
					    jobs_lane_name(slots[l]), (int)dead,
					    WIFSIGNALED(status) ? "signal" : "status",
					    WIFSIGNALED(status) ? WTERMSIG(status)
					                        : WEXITSTATUS(status));
			}
	}
	for (size_t l = 0; l < NSLOTS; l++)
		if (pid[l] > 0)
			kill(pid[l], SIGTERM);
	for (size_t l = 0; l < NSLOTS; l++)
		if (pid[l] > 0)
			while (waitpid(pid[l], NULL, 0) < 0 && errno == EINTR)
				;
	log_info("worker stopped");
	return 0;
}

int
jobs_run_maintenance(
    struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	static struct db_stmt q_sessions =
	    DB_STMT("DELETE FROM sessions WHERE expires_at < now() "
	            "OR last_seen_at < now() - make_interval(secs => $1::int)",
	        1);
	static struct db_stmt q_throttle =
	    DB_STMT("DELETE FROM auth_throttle WHERE last_failure_at < now() - interval '1 day' "
	            "AND (locked_until IS NULL OR locked_until < now())",
	        0);
	static struct db_stmt q_signups =
	    DB_STMT("DELETE FROM signup_counts WHERE window_start < now() - interval '1 day'", 0);
	static struct db_stmt q_jobs = DB_STMT(
	    "DELETE FROM jobs WHERE state = 'done' AND finished_at < now() - interval '7 days'", 0);
	char idle[16];
	long long s;

	(void)p;
	snprintf(idle, sizeof(idle), "%d", conf.session_idle);
	if ((s = db_cmd(a, &q_sessions, DB_P(idle))) < 0 || db_cmd(a, &q_throttle, NULL) < 0 ||
	    db_cmd(a, &q_signups, NULL) < 0 || db_cmd(a, &q_jobs, NULL) < 0) {
		snprintf(err, errsz, "cleanup failed (%s)", db_sqlstate());
		return -1;
	}
	if (s > 0)
		log_info("maintenance %s: %lld expired sessions removed", t->slug, s);
	return 0; /* periodic: the worker queues the next run */
}
