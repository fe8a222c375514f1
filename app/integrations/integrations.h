/*
 * integrations: talking to outside providers (payments, identity) and
 * hearing back from them. The platform layer's top: it includes core, db,
 * http, the web helpers and tenancy, never a feature module; features
 * (payments, KYC) build on it.
 *
 *   integrations_provider()   one provider's settings for a brand: the
 *                             configuration's provider section, the brand's
 *                             own account when tenant.json names one
 *   integrations_call()       an outbound request over libcurl: timeouts,
 *                             retries with backoff and jitter, one idempotency
 *                             key per logical request, a response size limit,
 *                             TLS verified, one log line, secrets never logged
 *   integrations_webhook()    the POST /webhooks/{provider} route: verifies the
 *                             signature over the raw body (Stripe's scheme or
 *                             Standard Webhooks), records the event once and
 *                             hands it to the provider's registered handler
 *
 * The pure parts (backoff, retry decision, masking, URL building, signature
 * checks) have no I/O and are unit-tested (tests/unit/test_integrations.c).
 * docs/integrations.md describes the whole; scripts/sim/ is the simulator the
 * integration tests and `make run` talk to.
 */
#ifndef TG_INTEGRATIONS_H
#define TG_INTEGRATIONS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/core.h"
#include "../http/http.h"
#include "../tenancy/tenancy.h"

/* ---- provider settings ---- */
enum integrations_scheme {
	INTEG_SIG_STRIPE, /* Stripe-Signature: t=..,v1=<hex> over "t.body"; key = whole secret */
	INTEG_SIG_STANDARD, /* webhook-id/-timestamp/-signature "v1,<b64>"; key = base64 after whsec_ */
};

struct integrations_provider {
	char name[25];          /* "stripe" */
	char account[25];       /* the brand's own account, "" for the platform's */
	const char *base_url;   /* "https://api.stripe.com"; never NULL after a 0 return */
	const char *secret_key; /* NULL when not configured */
	const char *webhook_secret;
	enum integrations_scheme scheme;
	const char *ca_file; /* extra trust anchor (a simulator's certificate), or NULL */
	long connect_timeout_ms, timeout_ms;
	int max_attempts;               /* first try included */
	size_t max_response;            /* bytes */
	const char *idempotency_header; /* "Idempotency-Key" unless configured */
};

/* The settings of provider `name` for this brand (NULL: the platform's):
 * provider.<name>.<field>, or provider.<name>.<account>.<field> when
 * tenant.json maps the provider to an account. A brand account's secrets
 * never fall back to the platform's (a brand with its own account must not
 * charge through another's); base_url and the tuning fields do. Returns 0, or
 * -1 when the provider has no base_url (not configured). */
int integrations_provider(
    const struct tenancy_tenant *, const char *name, struct integrations_provider *out);

/* ---- outbound calls ---- */
struct integrations_req {
	const char *method;       /* "GET", "POST", "DELETE" */
	const char *path;         /* "/v1/customers" (starts with '/') */
	const char *query;        /* encoded query string without '?', or NULL */
	const char *body;         /* request body (form-encoded for Stripe), or NULL */
	const char *content_type; /* NULL: application/x-www-form-urlencoded */
	/* The key every attempt of this logical request carries; NULL: a random
	 * one for POST (none for GET/DELETE, where it has no effect). Callers that
	 * may repeat the logical request later (a job retried) pass their own,
	 * derived from what they are doing (e.g. "payout-<id>"). */
	const char *idempotency_key;
};

enum integrations_outcome {
	INTEG_OK,        /* a 2xx answer */
	INTEG_REFUSED,   /* a non-2xx answer (after retries when retryable) */
	INTEG_NETWORK,   /* no answer: connection failed or dropped */
	INTEG_TIMEOUT,   /* no answer in time */
	INTEG_TOO_LARGE, /* the answer exceeded max_response (not retried) */
	INTEG_CONFIG,    /* not configured (no key, bad URL); nothing sent */
};

struct integrations_resp {
	enum integrations_outcome outcome;
	int status; /* last HTTP status; 0 without an answer */
	char *body; /* NUL-terminated, arena-owned ("" without one) */
	size_t len;
	json_t *json;        /* parsed body when it is JSON (arena-owned), or NULL */
	char request_id[64]; /* the provider's Request-Id, when sent */
	char idempotency_key[80];
	int attempts;
	long duration_ms;
	const char *error; /* a short reason for the log and the operator */
};

/* Performs the request, retrying per integrations_should_retry. Returns 0 on
 * INTEG_OK, -1 otherwise (resp says why). Logs one line per call. */
int integrations_call(struct arena *, const struct integrations_provider *,
    const struct integrations_req *, struct integrations_resp *);
const char *integrations_outcome_name(enum integrations_outcome);

/* Pure: is the attempt worth repeating? status 0 is a network error or a
 * timeout; should_retry is the Stripe-Should-Retry header (NULL: absent),
 * which overrides the status either way. Retries: network errors, 409, 429,
 * 5xx. */
int integrations_should_retry(int status, const char *should_retry);
/* Pure: milliseconds to wait before retry n (1, 2, ...): 500 ms doubling,
 * capped at 5 s, with "equal jitter" (half fixed, half from rnd). A
 * Retry-After the provider sent (retry_after_ms > 0) wins, capped likewise. */
long integrations_backoff_ms(int n, uint32_t rnd, long retry_after_ms);
/* Pure: base + path (+ "?" query) with exactly one slash between; NULL when
 * base is not http(s)://host[...] or path does not start with '/'. */
char *integrations_url(struct arena *, const char *base, const char *path, const char *query);
/* Pure: a header line for a log: the value of Authorization, Cookie and any
 * header whose name holds "key", "secret", "token" or "signature" masked
 * (kind prefix kept: "Bearer sk_test_***"). */
void integrations_mask_header(const char *line, char *out, size_t outsz);

/* ---- inbound webhooks ---- */
#define INTEG_WEBHOOK_TOLERANCE 300 /* seconds, both ways */

/* Pure signature checks: 0 when valid, else -1 with *why set. `now` is Unix
 * seconds. Any of several signatures may match; comparisons are constant
 * time. */
int integrations_verify_stripe(const char *secret, const char *header, const char *body, size_t len,
    int64_t now, const char **why);
int integrations_verify_standard(const char *secret, const char *id, const char *timestamp,
    const char *signatures, const char *body, size_t len, int64_t now, const char **why);

/* A verified, newly recorded event, for the provider's handler. */
struct integrations_event {
	const char *provider;
	const char *account;
	const char *id;   /* the provider's event id (evt_..., msg_...) */
	const char *type; /* "payment_intent.succeeded" */
	json_t *payload;  /* the whole body */
	const struct tenancy_tenant *tenant;
};
/* A handler runs in the request's transaction; 0 applied, nonzero to roll
 * back (the provider then delivers again later). */
typedef int (*integrations_webhook_fn)(struct arena *, const struct integrations_event *);
/* Registers the handler of a provider's events (composition root, at start). */
void integrations_webhook_handler(const char *provider, integrations_webhook_fn);

/* POST /webhooks/{provider}: R_JSON | R_RAW, no session. */
int integrations_webhook(struct http_req *);

/* `tailgate provider ...` (ping, request): an operator's check of a
 * provider's credentials and a one-off call. */
int integrations_cli(int argc, char **argv);

/* The module's route and command (integrations_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module integrations_module;

#endif
