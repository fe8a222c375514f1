/* Health and metrics. */
#include "ops.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <jansson.h>

#include "../db/db.h"
#include "../web/web.h"

#define OPS_MAX_ROUTES 128
static const int statuses[] = { 200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409,
	413, 415, 422, 429, 500, 502, 503 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
/* Latency bucket upper bounds in microseconds. */
static const uint64_t bounds[] = { 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
	500000, 1000000, 2500000 };
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct ops_shm {
	uint64_t req[OPS_MAX_ROUTES + 1]
	            [NSTATUS + 1]; /* last route: unmatched; last status: other */
	uint64_t lat[NBOUNDS + 1];
	uint64_t lat_sum_us, lat_count;
	uint64_t restarts, db_errors;
};

static struct ops_shm *shm;
static size_t routes;
static const char *(*route_label)(size_t);

int
ops_metrics_init(size_t nroutes, const char *(*label)(size_t i))
{
	void *p =
	    mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	shm = p;
	routes = nroutes < OPS_MAX_ROUTES ? nroutes : OPS_MAX_ROUTES;
	route_label = label;
	return 0;
}

static void
add(uint64_t *c, uint64_t v)
{
	__atomic_fetch_add(c, v, __ATOMIC_RELAXED);
}

void
ops_observe(int route, int status, uint64_t us)
{
	size_t r = route >= 0 && (size_t)route < routes ? (size_t)route : OPS_MAX_ROUTES, s, b;

	if (shm == NULL)
		return;
	for (s = 0; s < NSTATUS && statuses[s] != status; s++)
		;
	add(&shm->req[r][s], 1);
	for (b = 0; b < NBOUNDS && us > bounds[b]; b++)
		;
	add(&shm->lat[b], 1);
	add(&shm->lat_sum_us, us);
	add(&shm->lat_count, 1);
}

void
ops_worker_restart(void)
{
	if (shm != NULL)
		add(&shm->restarts, 1);
}

void
ops_db_error(void)
{
	if (shm != NULL)
		add(&shm->db_errors, 1);
}

int
ops_healthz(struct http_req *req)
{
	static struct db_stmt q = DB_STMT("SELECT 1", 0);
	int ok;

	ok = db_ensure() == DB_OK && db_query(req->a, &q, NULL) != NULL;
	return web_json(req, ok ? 200 : 503,
	    json_pack("{s:s, s:s}", "status", ok ? "ok" : "unavailable", "database",
	        ok ? "ok" : "unreachable"));
}

static uint64_t
get(const uint64_t *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

int
ops_metrics(struct http_req *req)
{
	static struct db_stmt q_jobs =
	    DB_STMT("SELECT tenant, state, n FROM platform.job_counts()", 0);
	struct buf *b = &req->body;
	uint64_t cum = 0;
	PGresult *r;

	if (shm == NULL)
		return web_error(req, 503, "metrics are not enabled in this process");
	buf_puts(b,
	    "# HELP tailgate_http_requests_total Requests by route and status.\n"
	    "# TYPE tailgate_http_requests_total counter\n");
	for (size_t i = 0; i <= routes; i++) {
		size_t ri = i == routes ? OPS_MAX_ROUTES : i;

		for (size_t s = 0; s <= NSTATUS; s++) {
			uint64_t v = get(&shm->req[ri][s]);
			char st[8];

			if (v == 0)
				continue;
			snprintf(st, sizeof(st), "%d", s < NSTATUS ? statuses[s] : 0);
			buf_printf(b,
			    "tailgate_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
			    i == routes ? "unmatched" : route_label(i), s < NSTATUS ? st : "other",
			    (unsigned long long)v);
		}
	}
	buf_puts(b,
	    "# HELP tailgate_http_request_duration_seconds Request latency.\n"
	    "# TYPE tailgate_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= NBOUNDS; i++) {
		cum += get(&shm->lat[i]);
		if (i < NBOUNDS)
			buf_printf(b,
			    "tailgate_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			    (double)bounds[i] / 1e6, (unsigned long long)cum);
		else
			buf_printf(b,
			    "tailgate_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	buf_printf(b,
	    "tailgate_http_request_duration_seconds_sum %.6f\n"
	    "tailgate_http_request_duration_seconds_count %llu\n",
	    (double)get(&shm->lat_sum_us) / 1e6, (unsigned long long)get(&shm->lat_count));
	buf_printf(b,
	    "# HELP tailgate_worker_restarts_total FastCGI workers restarted after dying.\n"
	    "# TYPE tailgate_worker_restarts_total counter\ntailgate_worker_restarts_total %llu\n",
	    (unsigned long long)get(&shm->restarts));
	buf_printf(b,
	    "# HELP tailgate_db_errors_total Failed database statements and connections.\n"
	    "# TYPE tailgate_db_errors_total counter\ntailgate_db_errors_total %llu\n",
	    (unsigned long long)get(&shm->db_errors));
	buf_puts(b,
	    "# HELP tailgate_jobs Background jobs by tenant and state.\n"
	    "# TYPE tailgate_jobs gauge\n");
	if (db_ensure() == DB_OK && (r = db_query(req->a, &q_jobs, NULL)) != NULL) {
		for (int i = 0; i < db_rows(r); i++)
			buf_printf(b, "tailgate_jobs{tenant=\"%s\",state=\"%s\"} %s\n",
			    db_val(r, i, 0), db_val(r, i, 1), db_val(r, i, 2));
	}
	req->status = 200;
	req->content_type_out = "text/plain; version=0.0.4; charset=utf-8";
	return 0;
}
