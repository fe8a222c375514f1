/*
 * `tailgate provider`: an operator's view of the configured providers.
 *
 *   provider ping NAME [--tenant SLUG]
 *       checks the credentials with a harmless read (Stripe: GET /v1/balance)
 *   provider request NAME METHOD PATH [BODY] [--tenant SLUG] [--idempotency-key KEY]
 *       one call through the client (retries, timeouts and logging as the
 *       application's own calls); prints the outcome and the answer
 */
#include "integrations.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../db/db.h"

static const char usage[] =
    "usage: tailgate provider ping NAME [--tenant SLUG]\n"
    "       tailgate provider request NAME METHOD PATH [BODY] [--tenant SLUG]\n"
    "                                 [--idempotency-key KEY]\n"
    "\n"
    "NAME is a provider of the configuration (provider.NAME.* keys); with --tenant, the\n"
    "brand's own account when its tenant.json names one. BODY is form-encoded\n"
    "(a=1&b=2). Exit status: 0 for a 2xx answer, 1 otherwise.\n";

static int
report(const struct integrations_resp *r)
{
	printf("outcome: %s\nstatus: %d\nattempts: %d\nduration_ms: %ld\n",
	    integrations_outcome_name(r->outcome), r->status, r->attempts, r->duration_ms);
	if (r->request_id[0])
		printf("request_id: %s\n", r->request_id);
	if (r->idempotency_key[0])
		printf("idempotency_key: %s\n", r->idempotency_key);
	if (r->error != NULL && r->outcome != INTEG_OK)
		printf("error: %s\n", r->error);
	if (r->len > 0)
		printf("\n%s\n", r->body);
	return r->outcome == INTEG_OK ? 0 : 1;
}

static int
tenant_of(const char *slug, const struct tenancy_tenant **t)
{
	*t = NULL;
	if (slug == NULL)
		return 0;
	if (db_open(conf.db_url) != DB_OK || tenancy_load() != 0 ||
	    (*t = tenancy_by_slug(slug)) == NULL) {
		fprintf(stderr, "tailgate provider: no brand '%s' (or no database)\n", slug);
		return -1;
	}
	return 0;
}

int
integrations_cli(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tenant", required_argument, NULL, 't' },
		{ "idempotency-key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *slug = NULL, *key = NULL;
	const struct tenancy_tenant *t;
	struct integrations_provider p;
	struct integrations_req r = { 0 };
	struct integrations_resp resp;
	struct arena *a;
	int c, rc, nargs;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:k:h", opts, NULL)) != -1) {
		if (c == 't')
			slug = optarg;
		else if (c == 'k')
			key = optarg;
		else {
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	argv += optind;
	nargs = argc - optind;
	if (nargs < 2 ||
	    (strcmp(argv[0], "ping") == 0
	            ? nargs != 2
	            : strcmp(argv[0], "request") != 0 || nargs < 4 || nargs > 5)) {
		fputs(usage, stderr);
		return 2;
	}
	if (tenant_of(slug, &t) != 0)
		return 1;
	if (integrations_provider(t, argv[1], &p) != 0) {
		fprintf(stderr,
		    "tailgate provider: '%s' is not configured (provider.%s.base_url)\n", argv[1],
		    argv[1]);
		return 1;
	}
	if (strcmp(argv[0], "ping") == 0) {
		r.method = "GET";
		r.path = "/v1/balance";
	} else {
		r.method = argv[2];
		r.path = argv[3];
		r.body = nargs == 5 ? argv[4] : NULL;
		r.idempotency_key = key;
		if (strcmp(r.method, "GET") != 0 && strcmp(r.method, "POST") != 0 &&
		    strcmp(r.method, "DELETE") != 0) {
			fputs("tailgate provider: METHOD is GET, POST or DELETE\n", stderr);
			return 2;
		}
	}
	a = arena_new(16384);
	rc = integrations_call(a, &p, &r, &resp);
	(void)rc;
	rc = report(&resp);
	arena_free(a);
	if (slug != NULL)
		db_close();
	return rc;
}
