/*
 * Provider settings and the outbound HTTP client (libcurl).
 *
 * One logical request = one idempotency key, sent on every attempt, so a
 * retry after a lost answer never acts twice at the provider. Attempts are
 * retried per integrations_should_retry with integrations_backoff_ms between
 * them. TLS is verified always (there is no switch to turn it off; a
 * provider's ca_file only adds a trust anchor). Redirects are not followed.
 * One log line per call; bodies and secrets are never logged.
 */
#include "integrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

/* A non-secret field: the brand account's, else the platform's. */
static const char *
str_field(const char *name, const char *account, const char *field)
{
	const char *v = account ? conf_provider(name, account, field) : NULL;

	return v != NULL ? v : conf_provider(name, NULL, field);
}

static long
num_field(const char *name, const char *account, const char *field, long def, long lo, long hi)
{
	const char *v = str_field(name, account, field);
	long long n;

	if (v == NULL || util_parse_ll(v, &n) != 0 || n < lo || n > hi)
		return def;
	return (long)n;
}

/* An HTTP header name from the configuration: letters, digits and '-'. */
static int
header_name_ok(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n < 64 && s[n] == '\0';
}

int
integrations_provider(
    const struct tenancy_tenant *t, const char *name, struct integrations_provider *out)
{
	const char *acct = NULL, *scheme;

	memset(out, 0, sizeof(*out));
	if (name == NULL || !conf_provider_name_ok(name, strlen(name)))
		return -1;
	for (size_t i = 0; t != NULL && i < TENANCY_PROVIDERS_MAX; i++)
		if (strcmp(t->providers[i].provider, name) == 0)
			acct = t->providers[i].account;
	snprintf(out->name, sizeof(out->name), "%s", name);
	snprintf(out->account, sizeof(out->account), "%s", acct ? acct : "");
	out->base_url = str_field(name, acct, "base_url");
	/* secrets: the brand's own account, or the platform's; never mixed */
	out->secret_key = conf_provider(name, acct, "secret_key");
	out->webhook_secret = conf_provider(name, acct, "webhook_secret");
	scheme = str_field(name, acct, "webhook_scheme");
	out->scheme = scheme != NULL && strcmp(scheme, "standard") == 0 ? INTEG_SIG_STANDARD
	                                                                : INTEG_SIG_STRIPE;
	out->ca_file = str_field(name, acct, "ca_file");
	out->connect_timeout_ms = num_field(name, acct, "connect_timeout_ms", 5000, 1, 600000);
	out->timeout_ms = num_field(name, acct, "timeout_ms", 30000, 1, 600000);
	out->max_attempts = (int)num_field(name, acct, "max_attempts", 3, 1, 10);
	out->max_response =
	    (size_t)num_field(name, acct, "max_response_bytes", 1048576, 1024, 64L * 1048576);
	out->idempotency_header = str_field(name, acct, "idempotency_header");
	if (out->idempotency_header == NULL || !header_name_ok(out->idempotency_header))
		out->idempotency_header = "Idempotency-Key";
	return out->base_url != NULL ? 0 : -1;
}

const char *
integrations_outcome_name(enum integrations_outcome o)
{
	switch (o) {
	case INTEG_OK:
		return "ok";
	case INTEG_REFUSED:
		return "refused";
	case INTEG_NETWORK:
		return "network";
	case INTEG_TIMEOUT:
		return "timeout";
	case INTEG_TOO_LARGE:
		return "too_large";
	case INTEG_CONFIG:
		return "config";
	}
	return "?";
}

/* ---- one attempt ---- */

struct sink {
	struct buf b;
	size_t max;
	int over;
};

static size_t
on_body(char *p, size_t sz, size_t n, void *u)
{
	struct sink *s = u;

	if (s->b.len + sz * n > s->max) {
		s->over = 1;
		return 0; /* aborts the transfer */
	}
	buf_append(&s->b, p, sz * n);
	return sz * n;
}

struct hdrs {
	char request_id[64];
	char should_retry[8];
	long retry_after_ms;
};

static void
header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);

	if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	line += nl + 1;
	n -= nl + 1;
	while (n > 0 && (*line == ' ' || *line == '\t'))
		line++, n--;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n' || line[n - 1] == ' '))
		n--;
	snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), line);
}

static size_t
on_header(char *p, size_t sz, size_t n, void *u)
{
	struct hdrs *h = u;
	char ra[16] = "";
	long long secs;

	header_value(p, sz * n, "Request-Id", h->request_id, sizeof(h->request_id));
	header_value(p, sz * n, "Stripe-Should-Retry", h->should_retry, sizeof(h->should_retry));
	header_value(p, sz * n, "Retry-After", ra, sizeof(ra));
	if (ra[0] && util_parse_ll(ra, &secs) == 0 && secs >= 0 && secs < 3600)
		h->retry_after_ms = (long)secs * 1000;
	return sz * n;
}

/* Returns the status (0: no answer) and fills s, h; *cc is curl's code. */
static int
attempt(CURL *c, const struct integrations_provider *p, const char *url,
    const struct integrations_req *r, struct curl_slist *hl, struct sink *s, struct hdrs *h,
    CURLcode *cc)
{
	long status = 0;

	curl_easy_reset(c);
	buf_reset(&s->b);
	s->over = 0;
	memset(h, 0, sizeof(*h));
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, p->ca_file);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, p->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, p->timeout_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)p->max_response);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Tailgate/1 (+integrations)");
	if (strcmp(r->method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(r->body ? strlen(r->body) : 0));
	}
	*cc = curl_easy_perform(c);
	if (*cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return (int)status;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static const char *
url_host(struct arena *a, const char *url)
{
	const char *h = strstr(url, "://") + 3;

	return arena_printf(a, "%.*s", (int)strcspn(h, "/?"), h);
}

static struct curl_slist *
request_headers(struct arena *a, const struct integrations_provider *p,
    const struct integrations_req *r, const char *key)
{
	struct curl_slist *hl = NULL;

	hl = curl_slist_append(hl, arena_printf(a, "Authorization: Bearer %s", p->secret_key));
	hl = curl_slist_append(hl, "Accept: application/json");
	hl = curl_slist_append(hl, "Expect:");
	if (r->body != NULL || strcmp(r->method, "GET") != 0)
		hl = curl_slist_append(hl,
		    arena_printf(a, "Content-Type: %s",
		        r->content_type ? r->content_type : "application/x-www-form-urlencoded"));
	if (key != NULL)
		hl = curl_slist_append(hl, arena_printf(a, "%s: %s", p->idempotency_header, key));
	for (struct curl_slist *i = hl; i != NULL; i = i->next) {
		char m[256];

		integrations_mask_header(i->data, m, sizeof(m));
		log_debug("provider %s header %s", p->name, m);
	}
	return hl;
}

int
integrations_call(struct arena *a, const struct integrations_provider *p,
    const struct integrations_req *r, struct integrations_resp *out)
{
	static CURL *curl; /* one handle per process: connections are reused */
	uint64_t t0 = util_now_us();
	struct sink s = { .max = p->max_response };
	struct hdrs h;
	struct curl_slist *hl;
	const char *url, *key = r->idempotency_key;
	CURLcode cc = CURLE_OK;
	int st = 0;

	memset(out, 0, sizeof(*out));
	out->body = "";
	out->outcome = INTEG_CONFIG;
	url = integrations_url(a, p->base_url, r->path, r->query);
	if (url == NULL || p->secret_key == NULL || r->method == NULL) {
		out->error = url == NULL ? "bad base_url or path" : "no secret_key configured";
		log_warn("provider call provider=%s method=%s path=%s outcome=config error=\"%s\"",
		    p->name, r->method ? r->method : "-", r->path ? r->path : "-", out->error);
		return -1;
	}
	if (key == NULL && strcmp(r->method, "POST") == 0) {
		unsigned char raw[16];
		char hex[33];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
		key = arena_printf(a, "tg-%s", hex);
	}
	if (key != NULL)
		snprintf(out->idempotency_key, sizeof(out->idempotency_key), "%s", key);
	if (curl == NULL && (curl = curl_easy_init()) == NULL) {
		out->error = "libcurl could not start";
		return -1;
	}
	hl = request_headers(a, p, r, key);
	buf_init(&s.b);
	for (;;) {
		out->attempts++;
		st = attempt(curl, p, url, r, hl, &s, &h, &cc);
		if (s.over || cc == CURLE_FILESIZE_EXCEEDED) {
			out->outcome = INTEG_TOO_LARGE;
			out->error = "the answer exceeded max_response_bytes";
			break;
		}
		if (cc == CURLE_OK && st >= 200 && st < 300) {
			out->outcome = INTEG_OK;
			break;
		}
		out->outcome = cc == CURLE_OPERATION_TIMEDOUT ? INTEG_TIMEOUT
		    : cc != CURLE_OK                          ? INTEG_NETWORK
		                                              : INTEG_REFUSED;
		out->error = cc != CURLE_OK ? curl_easy_strerror(cc) : "the provider refused";
		if (out->attempts >= p->max_attempts ||
		    !integrations_should_retry(st, h.should_retry[0] ? h.should_retry : NULL))
			break;
		sleep_ms(
		    integrations_backoff_ms(out->attempts, randombytes_random(), h.retry_after_ms));
	}
	curl_slist_free_all(hl);
	out->status = st;
	snprintf(out->request_id, sizeof(out->request_id), "%s", h.request_id);
	if (s.b.len > 0 && !s.over) {
		json_error_t err;

		out->body = arena_strdup(a, buf_cstr(&s.b));
		out->len = s.b.len;
		out->json = json_loadb(s.b.p, s.b.len, 0, &err);
		if (out->json != NULL &&
		    arena_cleanup(a, (arena_cleanup_fn)json_decref, out->json) != 0)
			out->json = NULL;
	}
	buf_free(&s.b);
	out->duration_ms = (long)((util_now_us() - t0) / 1000);
	log_msg(out->outcome == INTEG_OK ? LOG_INFO : LOG_WARN,
	    "provider call provider=%s account=%s method=%s host=%s path=%s status=%d attempts=%d "
	    "ms=%ld outcome=%s rid=%s",
	    p->name, p->account[0] ? p->account : "-", r->method, url_host(a, url), r->path, st,
	    out->attempts, out->duration_ms, integrations_outcome_name(out->outcome),
	    out->request_id[0] ? out->request_id : "-");
	return out->outcome == INTEG_OK ? 0 : -1;
}
