/*
 * POST /webhooks/{provider}: a provider telling a brand that something
 * happened. The route is R_RAW (the body is kept as received, not parsed),
 * has no session and so no CSRF token (the pipeline checks a token only
 * when a session cookie came; providers send neither cookies nor Origin).
 *
 *   1. the provider must be configured for this brand, with a webhook secret
 *   2. the signature is checked over the raw body (Stripe's scheme or
 *      Standard Webhooks, per provider.<name>.webhook_scheme), with a
 *      5-minute tolerance: 400 and nothing written on any failure
 *   3. the event is inserted under (provider, event id); an id already
 *      there is answered 200 {"duplicate": true} and not applied again
 *   4. the provider's handler (integrations_webhook_handler) runs in the same
 *      transaction; without one the event is kept as 'unhandled'
 */
#include "integrations.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "../web/web.h"

#define HANDLERS_MAX 16

static struct {
	char provider[25];
	integrations_webhook_fn fn;
} handlers[HANDLERS_MAX];
static size_t nhandlers;

void
integrations_webhook_handler(const char *provider, integrations_webhook_fn fn)
{
	for (size_t i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].provider, provider) == 0) {
			handlers[i].fn = fn;
			return;
		}
	if (nhandlers == HANDLERS_MAX) {
		log_error("integrations: too many webhook handlers (%s not registered)", provider);
		return;
	}
	snprintf(handlers[nhandlers].provider, sizeof(handlers[0].provider), "%s", provider);
	handlers[nhandlers++].fn = fn;
}

static integrations_webhook_fn
handler_of(const char *provider)
{
	for (size_t i = 0; i < nhandlers; i++)
		if (strcmp(handlers[i].provider, provider) == 0)
			return handlers[i].fn;
	return NULL;
}

static const char *
hdr(const struct http_req *req, const char *cgi_name)
{
	return FCGX_GetParam(cgi_name, req->fcgi->envp);
}

/* Verifies the delivery; the event's id into *id. 0, or a status with *why. */
static int
verify(
    struct http_req *req, const struct integrations_provider *p, const char **id, const char **why)
{
	int64_t now = (int64_t)time(NULL);

	if (p->scheme == INTEG_SIG_STANDARD) {
		*id = hdr(req, "HTTP_WEBHOOK_ID");
		return integrations_verify_standard(p->webhook_secret, *id,
		           hdr(req, "HTTP_WEBHOOK_TIMESTAMP"), hdr(req, "HTTP_WEBHOOK_SIGNATURE"),
		           req->raw_body, req->raw_len, now, why) == 0
		    ? 0
		    : 400;
	}
	*id = NULL; /* Stripe: the event's own id, read from the verified body */
	return integrations_verify_stripe(p->webhook_secret, hdr(req, "HTTP_STRIPE_SIGNATURE"),
	           req->raw_body, req->raw_len, now, why) == 0
	    ? 0
	    : 400;
}

int
integrations_webhook(struct http_req *req)
{
	static struct db_stmt q_ins = DB_STMT(
	    "INSERT INTO webhook_events (provider, event_id, type, payload, status) "
	    "VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (provider, event_id) DO NOTHING",
	    5);
	const char *name = http_param(req, "provider"), *id = NULL, *why = NULL, *type;
	struct integrations_provider p;
	struct integrations_event ev;
	integrations_webhook_fn fn;
	json_error_t jerr;
	json_t *doc;
	long long n;
	int st;

	if (integrations_provider(req->tenant, name, &p) != 0 || p.webhook_secret == NULL)
		return web_error(req, 404, "No webhooks are taken for this provider here.");
	if (req->raw_body == NULL)
		return web_error(req, 400, "The delivery has no body.");
	if ((st = verify(req, &p, &id, &why)) != 0) {
		log_warn(
		    "webhook refused provider=%s tenant=%s: %s", p.name, req->tenant->slug, why);
		return web_error(req, st, why);
	}
	doc = json_loadb(req->raw_body, req->raw_len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL || arena_cleanup(req->a, (arena_cleanup_fn)json_decref, doc) != 0 ||
	    !json_is_object(doc))
		return web_error(req, 400, "The delivery's body is not a JSON object.");
	if (id == NULL)
		id = json_string_value(json_object_get(doc, "id"));
	type = json_string_value(json_object_get(doc, "type"));
	if (id == NULL || *id == '\0' || strlen(id) > 255 || (type != NULL && strlen(type) > 255))
		return web_error(req, 400, "The event has no usable id.");
	fn = handler_of(p.name);
	{
		const char *params[] = { p.name, id, type ? type : "", req->raw_body,
			fn ? "handled" : "unhandled" };

		if ((n = db_cmd(req->a, &q_ins, params)) < 0)
			return -1;
	}
	if (n == 0) {
		log_info(
		    "webhook duplicate provider=%s tenant=%s id=%s", p.name, req->tenant->slug, id);
		return web_json(req, 200, json_pack("{s:b, s:s}", "duplicate", 1, "id", id));
	}
	ev = (struct integrations_event){ p.name, p.account, id, type ? type : "", doc,
		req->tenant };
	if (fn != NULL && fn(req->a, &ev) != 0) {
		log_warn("webhook handler failed provider=%s tenant=%s id=%s", p.name,
		    req->tenant->slug, id);
		return web_error(req, 503, "The event could not be applied now; deliver it again.");
	}
	log_info("webhook accepted provider=%s tenant=%s id=%s type=%s status=%s", p.name,
	    req->tenant->slug, id, type ? type : "-", fn ? "handled" : "unhandled");
	return web_json(req, 200,
	    json_pack("{s:b, s:s, s:s}", "received", 1, "id", id, "status",
	        fn ? "handled" : "unhandled"));
}
