/*
 * Integration tests for app/integrations against the provider simulator
 * (scripts/sim/sim.py, started by scripts/stack.sh on the port in
 * $TAILGATE_VAR/run/sim.port):
 *
 *   outbound, through `tailgate provider` (the operator's command, which is
 *   the application's client): retry after 503 with the same idempotency key
 *   and one effect; a drop after the provider committed replays the stored
 *   answer; no retry after 400 or Stripe-Should-Retry: false; the timeout and
 *   the response size limit; a bad key is refused and never printed; a
 *   brand's own account
 *
 *   inbound, POST /webhooks/{provider}: a signed event recorded once, its
 *   duplicate answered 200 and not recorded again, stale and badly signed
 *   deliveries refused with nothing recorded, for Stripe's scheme and for
 *   Standard Webhooks, and a brand's own webhook secret
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int
sim_port(void)
{
	char out[32] = "";

	h_sh(out, sizeof(out), "cat '%s/run/sim.port' 2>/dev/null", h_var());
	return atoi(out);
}

/* A control call to the simulator (curl); the parsed answer (NULL on failure). */
static json_t *
sim(const char *method, const char *path, const char *json)
{
	static char out[1 << 18];
	json_t *j = NULL;
	int rc;

	/* the specs below hold no single quote */
	rc = h_sh(out, sizeof(out),
	    "curl -fsS --max-time 60 -X %s -H 'Content-Type: application/json' "
	    "%s%s%s 'http://127.0.0.1:%d%s'",
	    method, json ? "--data-raw '" : "", json ? json : "", json ? "'" : "", sim_port(),
	    path);
	if (rc == 0)
		j = json_loads(out, 0, NULL);
	CHECK(j != NULL, "simulator %s %s: %d %.200s", method, path, rc, out);
	return j;
}

static long long
sim_customers(void)
{
	json_t *j = sim("GET", "/_sim/objects", NULL);
	long long n = h_jint(j, "customer");

	json_decref(j);
	return n < 0 ? 0 : n;
}

/* The simulator's requests carrying this idempotency key; *replayed counts
 * those answered from the stored result. */
static int
sim_requests_with_key(const char *key, int *replayed)
{
	json_t *j = sim("GET", "/_sim/requests", NULL), *r;
	size_t i;
	int n = 0;

	*replayed = 0;
	json_array_foreach(json_object_get(j, "data"), i, r)
	{
		if (strcmp(h_jstr(r, "idempotency_key"), key) == 0) {
			n++;
			*replayed += json_is_true(json_object_get(r, "replayed"));
		}
	}
	json_decref(j);
	return n;
}

static void
sim_faults(const char *json)
{
	json_decref(sim("POST", "/_sim/reset", "{}"));
	json_decref(sim("POST", "/_sim/faults", json));
}

/* `tailgate provider ARGS` with ENV before it; stdout and stderr into out.
 * Returns the exit status. */
static int
provider(char *out, size_t outsz, const char *env, const char *args)
{
	return h_sh(
	    out, outsz, "%s scripts/stack.sh tailgate provider %s 2>&1", env ? env : "", args);
}

static int
has(const char *out, const char *needle)
{
	return strstr(out, needle) != NULL;
}

static void
t_retry_same_key_one_effect(void)
{
	char out[8192], key[64], args[256];
	long long before = sim_customers();
	int replayed;

	/* a 503 before the provider acted: retried with the same key, one customer */
	h_unique(key, sizeof(key), "itest-retry-");
	sim_faults("{\"faults\":[{\"status\":503,\"path\":\"/v1/customers\"}]}");
	snprintf(args, sizeof(args),
	    "request stripe POST /v1/customers 'email=retry@example.com' "
	    "--idempotency-key %s",
	    key);
	CHECK(provider(out, sizeof(out), NULL, args) == 0, "request after a 503: %s", out);
	CHECK(has(out, "outcome: ok") && has(out, "attempts: 2"), "retried once: %s", out);
	CHECK(has(out, "\"cus_"), "a customer id with Stripe's prefix: %s", out);
	CHECK(sim_requests_with_key(key, &replayed) == 2, "two attempts carried the same key");
	CHECK(sim_customers() == before + 1, "exactly one customer created");

	/* the provider acted, then the connection dropped: the retry gets the
	 * stored answer, still one customer */
	h_unique(key, sizeof(key), "itest-drop-");
	sim_faults(
	    "{\"faults\":[{\"drop\":true,\"after_commit\":true,\"path\":\"/v1/customers\"}]}");
	snprintf(args, sizeof(args),
	    "request stripe POST /v1/customers 'email=drop@example.com' "
	    "--idempotency-key %s",
	    key);
	CHECK(provider(out, sizeof(out), NULL, args) == 0, "request after a drop: %s", out);
	CHECK(has(out, "attempts: 2"), "retried after the drop: %s", out);
	CHECK(sim_requests_with_key(key, &replayed) == 2 && replayed == 1,
	    "the retry was answered from the stored result (replayed %d)", replayed);
	CHECK(sim_customers() == before + 2, "one customer for the dropped request");

	/* a generated key (none given) is the same on every attempt too */
	sim_faults("{\"faults\":[{\"status\":429,\"path\":\"/v1/customers\"},"
	           "{\"status\":500,\"path\":\"/v1/customers\"}]}");
	CHECK(provider(out, sizeof(out), NULL,
	          "request stripe POST /v1/customers 'email=gen@example.com'") == 0,
	    "generated key: %s", out);
	CHECK(has(out, "attempts: 3"), "429 and 500 retried: %s", out);
	{
		const char *k = strstr(out, "idempotency_key: ");
		char gen[80] = "";

		if (k != NULL)
			sscanf(k + 17, "%79s", gen);
		CHECK(gen[0] && sim_requests_with_key(gen, &replayed) == 3,
		    "three attempts with the generated key %s", gen);
	}
	CHECK(sim_customers() == before + 3, "one customer for three attempts");
}

static void
t_no_retry(void)
{
	char out[8192];
	long long before = sim_customers();

	json_decref(sim("POST", "/_sim/reset", "{}"));
	CHECK(
	    provider(out, sizeof(out), NULL, "request stripe POST /v1/customers 'colour=red'") == 1,
	    "a 400 fails: %s", out);
	CHECK(has(out, "status: 400") && has(out, "attempts: 1"), "not retried: %s", out);
	CHECK(has(out, "parameter_unknown"), "Stripe's error shape: %s", out);
	/* Stripe-Should-Retry: false wins over a 503 */
	sim_faults("{\"faults\":[{\"status\":503,\"should_retry\":\"false\"}]}");
	CHECK(provider(out, sizeof(out), NULL, "ping stripe") == 1, "refused: %s", out);
	CHECK(
	    has(out, "status: 503") && has(out, "attempts: 1"), "the header was honoured: %s", out);
	/* ... and "true" makes a 400 worth repeating */
	sim_faults("{\"faults\":[{\"status\":400,\"should_retry\":\"true\"}]}");
	CHECK(provider(out, sizeof(out), NULL, "ping stripe") == 0, "retried: %s", out);
	CHECK(has(out, "attempts: 2"), "two attempts: %s", out);
	/* max_attempts bounds the retries */
	sim_faults("{\"faults\":[{\"status\":503},{\"status\":503},{\"status\":503}]}");
	CHECK(provider(
	          out, sizeof(out), "TAILGATE_PROVIDER_STRIPE_MAX_ATTEMPTS=2", "ping stripe") == 1,
	    "gave up: %s", out);
	CHECK(has(out, "attempts: 2") && has(out, "status: 503"), "two attempts only: %s", out);
	CHECK(sim_customers() == before, "nothing created");
	json_decref(sim("POST", "/_sim/reset", "{}"));
}

static void
t_timeout_and_size(void)
{
	char out[8192];
	long ms = -1;

	/* the provider answers after 20 s; the call gives up after 300 ms. The
	 * answer is far off so that a slow machine cannot blur the two: the
	 * check is "gave up before the answer", not "within some ms". */
	sim_faults("{\"faults\":[{\"delay_ms\":20000,\"path\":\"/v1/balance\"}]}");
	CHECK(provider(out, sizeof(out),
	          "TAILGATE_PROVIDER_STRIPE_TIMEOUT_MS=300 "
	          "TAILGATE_PROVIDER_STRIPE_MAX_ATTEMPTS=1",
	          "ping stripe") == 1,
	    "timed out: %s", out);
	CHECK(has(out, "outcome: timeout") && has(out, "status: 0"), "a timeout: %s", out);
	if (strstr(out, "duration_ms: ") != NULL)
		ms = atol(strstr(out, "duration_ms: ") + 13);
	CHECK(ms >= 250 && ms < 20000, "gave up at the timeout, before the answer (%ld ms)", ms);

	/* an answer larger than max_response_bytes is cut off and not retried */
	sim_faults("{\"faults\":[{\"pad_bytes\":20000,\"path\":\"/v1/balance\"}]}");
	CHECK(provider(out, sizeof(out), "TAILGATE_PROVIDER_STRIPE_MAX_RESPONSE_BYTES=4096",
	          "ping stripe") == 1,
	    "too large: %s", out);
	CHECK(has(out, "outcome: too_large") && has(out, "attempts: 1"), "not retried: %s", out);
	CHECK(!has(out, "\"object\""), "no partial body printed: %s", out);
	json_decref(sim("POST", "/_sim/reset", "{}"));
	CHECK(
	    provider(out, sizeof(out), NULL, "ping stripe") == 0, "the next call is fine: %s", out);
}

static void
t_credentials(void)
{
	char out[8192];

	json_decref(sim("POST", "/_sim/reset", "{}"));
	CHECK(provider(out, sizeof(out), NULL, "ping stripe") == 0, "ping: %s", out);
	CHECK(has(out, "\"object\": \"balance\"") && has(out, "request_id: req_"),
	    "the balance and the provider's request id: %s", out);
	/* a wrong key: 401, not retried, and the key appears nowhere */
	CHECK(
	    provider(out, sizeof(out),
	        "TAILGATE_PROVIDER_STRIPE_SECRET_KEY=sk_test_wrongSECRETpart TAILGATE_LOG_LEVEL=debug",
	        "ping stripe") == 1,
	    "refused: %s", out);
	CHECK(has(out, "status: 401") && has(out, "attempts: 1"), "401 once: %s", out);
	CHECK(!has(out, "wrongSECRETpart"), "the key is never printed or logged: %s", out);
	CHECK(has(out, "Bearer sk_test_***"), "the debug log shows it masked: %s", out);
	CHECK(has(out, "provider call provider=stripe") && has(out, "path=/v1/balance"),
	    "one log line per call: %s", out);
	/* acme has its own account (tenants/acme/tenant.json), demo the platform's */
	CHECK(provider(out, sizeof(out), NULL, "ping stripe --tenant acme") == 0, "acme: %s", out);
	CHECK(has(out, "account=acme"), "acme's own account: %s", out);
	CHECK(provider(out, sizeof(out), "TAILGATE_PROVIDER_STRIPE_ACME_SECRET_KEY=sk_test_nope",
	          "ping stripe --tenant acme") == 1,
	    "acme's key is acme's: %s", out);
	CHECK(provider(out, sizeof(out), "TAILGATE_PROVIDER_STRIPE_ACME_SECRET_KEY=sk_test_nope",
	          "ping stripe --tenant demo") == 0,
	    "demo does not use it: %s", out);
	CHECK(provider(out, sizeof(out), NULL, "ping nosuch") == 1, "unknown provider: %s", out);
	/* `tailgate config` masks the provider secrets */
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate config") == 0, "config");
	CHECK(has(out, "provider.stripe.secret_key = sk_test_***") &&
	        has(out, "provider.stripe.webhook_secret = whsec_***") &&
	        !has(out, "sk_test_tailgate_sim") && !has(out, "whsec_tailgate_sim"),
	    "provider secrets masked: %s", out);
}

/* ---- webhooks in ---- */

static long long
events_with_id(const char *schema, const char *id)
{
	return h_sql_num(
	    "SELECT count(*) FROM %s.webhook_events WHERE event_id = '%s';", schema, id);
}

/* Has the simulator sign and deliver; the event id into id, the statuses of
 * the deliveries into st[2] (0 when absent). */
static void
deliver(const char *spec, char *id, size_t idsz, long st[2], char *body0, size_t b0sz)
{
	json_t *j = sim("POST", "/_sim/webhooks/send", spec), *d = json_object_get(j, "deliveries");

	snprintf(id, idsz, "%s", h_jstr(j, "id"));
	for (size_t i = 0; i < 2; i++)
		st[i] = h_jint(json_array_get(d, i), "status") > 0
		    ? h_jint(json_array_get(d, i), "status")
		    : 0;
	if (body0 != NULL)
		snprintf(body0, b0sz, "%s", h_jstr(json_array_get(d, 0), "body"));
	json_decref(j);
}

static void
t_webhook_stripe(void)
{
	char id[80], body[1024];
	long st[2];

	deliver(
	    "{\"type\":\"customer.created\",\"data\":{\"id\":\"cus_x\",\"object\":\"customer\"}}",
	    id, sizeof(id), st, body, sizeof(body));
	CHECK(
	    st[0] == 200 && strstr(body, "\"received\"") != NULL, "accepted: %ld %s", st[0], body);
	CHECK(strncmp(id, "evt_", 4) == 0 && events_with_id("t_demo", id) == 1, "recorded once");
	CHECK(h_sql_num(
	          "SELECT count(*) FROM t_demo.webhook_events WHERE event_id = '%s' AND "
	          "provider = 'stripe' AND type = 'customer.created' AND status = 'unhandled' AND "
	          "payload->'data'->'object'->>'id' = 'cus_x';",
	          id) == 1,
	    "provider, type, payload and status (no handler registered: unhandled)");

	/* delivered twice: the second is answered 200 and not applied again */
	deliver("{\"type\":\"payment_intent.succeeded\",\"duplicate\":true}", id, sizeof(id), st,
	    NULL, 0);
	CHECK(st[0] == 200 && st[1] == 200, "both deliveries answered 200: %ld %ld", st[0], st[1]);
	CHECK(events_with_id("t_demo", id) == 1, "the replay recorded nothing");

	/* two v1 signatures while a secret rolls: one matching is enough */
	deliver("{\"type\":\"ping\",\"two_signatures\":true}", id, sizeof(id), st, NULL, 0);
	CHECK(st[0] == 200 && events_with_id("t_demo", id) == 1, "two v1: %ld", st[0]);

	deliver("{\"type\":\"ping\",\"stale\":true}", id, sizeof(id), st, body, sizeof(body));
	CHECK(st[0] == 400 && strstr(body, "tolerance") != NULL, "stale refused: %ld %s", st[0],
	    body);
	CHECK(events_with_id("t_demo", id) == 0, "nothing recorded for a stale delivery");

	deliver(
	    "{\"type\":\"ping\",\"bad_signature\":true}", id, sizeof(id), st, body, sizeof(body));
	CHECK(st[0] == 400 && strstr(body, "\"error\"") != NULL && strstr(body, "\"code\"") != NULL,
	    "bad signature refused with the standard error shape: %ld %s", st[0], body);
	CHECK(events_with_id("t_demo", id) == 0, "nothing recorded for a bad signature");
}

static void
t_webhook_standard(void)
{
	char id[80], body[1024];
	long st[2];

	deliver("{\"scheme\":\"standard\",\"type\":\"kyc.verified\",\"data\":{\"user\":\"u1\"},"
	        "\"duplicate\":true}",
	    id, sizeof(id), st, body, sizeof(body));
	CHECK(st[0] == 200 && st[1] == 200, "accepted, duplicate answered 200: %ld %ld %s", st[0],
	    st[1], body);
	CHECK(strncmp(id, "msg_", 4) == 0 && events_with_id("t_demo", id) == 1,
	    "recorded once under webhook-id");
	CHECK(h_sql_num("SELECT count(*) FROM t_demo.webhook_events WHERE event_id = '%s' AND "
	                "provider = 'sim' AND type = 'kyc.verified';",
	          id) == 1,
	    "provider and type");
	deliver("{\"scheme\":\"standard\",\"two_signatures\":true}", id, sizeof(id), st, NULL, 0);
	CHECK(st[0] == 200, "several signatures, one valid: %ld", st[0]);
	deliver("{\"scheme\":\"standard\",\"stale\":true}", id, sizeof(id), st, NULL, 0);
	CHECK(st[0] == 400 && events_with_id("t_demo", id) == 0, "stale refused: %ld", st[0]);
	deliver("{\"scheme\":\"standard\",\"bad_signature\":true}", id, sizeof(id), st, NULL, 0);
	CHECK(
	    st[0] == 400 && events_with_id("t_demo", id) == 0, "bad signature refused: %ld", st[0]);
}

static void
t_webhook_brand_and_bad_input(void)
{
	struct client demo = h_demo();
	char id[80];
	long st[2];
	struct resp r;

	/* acme has its own Stripe account: the platform's secret does not sign for it */
	deliver("{\"host\":\"acme.localhost\",\"type\":\"ping\"}", id, sizeof(id), st, NULL, 0);
	CHECK(st[0] == 400 && events_with_id("t_acme", id) == 0, "platform secret at acme: %ld",
	    st[0]);
	deliver(
	    "{\"host\":\"acme.localhost\",\"type\":\"ping\",\"secret\":\"whsec_tailgate_sim_acme\"}",
	    id, sizeof(id), st, NULL, 0);
	CHECK(
	    st[0] == 200 && events_with_id("t_acme", id) == 1 && events_with_id("t_demo", id) == 0,
	    "acme's secret at acme, recorded in acme's schema: %ld", st[0]);

	/* straight from a client: no signature, unknown provider, not JSON */
	CHECK(h_req(&demo, "POST", "/webhooks/stripe", "application/json", "{\"id\":\"evt_1\"}", &r,
	          NULL, NULL) == 400,
	    "unsigned: %ld", r.status);
	CHECK(r.json != NULL && json_object_get(json_object_get(r.json, "error"), "code") != NULL,
	    "the standard error shape: %s", r.body);
	h_free(&r);
	CHECK(h_req(&demo, "POST", "/webhooks/nosuch", "application/json", "{}", &r, NULL, NULL) ==
	        404,
	    "unknown provider: %ld", r.status);
	h_free(&r);
	CHECK(h_req(&demo, "POST", "/webhooks/stripe", "text/plain", "hello", &r,
	          "Stripe-Signature: t=1,v1=00", NULL) == 400,
	    "garbage: %ld", r.status);
	h_free(&r);
	CHECK(h_req(&demo, "GET", "/webhooks/stripe", NULL, NULL, &r, NULL, NULL) == 405,
	    "POST only: %ld", r.status);
	h_free(&r);
}

ITEST(t_retry_same_key_one_effect,
    "integrations: retry after 503 keeps the idempotency key, one effect")
ITEST(t_no_retry, "integrations: no retry after 400 or Stripe-Should-Retry false; attempts bounded")
ITEST(t_timeout_and_size, "integrations: timeout honoured, response size limit")
ITEST(
    t_credentials, "integrations: provider ping, bad key refused and never logged, brand accounts")
ITEST(t_webhook_stripe, "integrations: Stripe webhook accepted once, replay, stale, bad signature")
ITEST(t_webhook_standard, "integrations: Standard Webhooks accepted once, stale and bad refused")
ITEST(t_webhook_brand_and_bad_input, "integrations: a brand's own webhook secret; unsigned refused")
