/*
 * Unit tests for the pure parts of app/integrations (retry policy, backoff,
 * URL building, log masking, webhook signatures) and the provider section
 * of the configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/core.h"
#include "integrations/integrations.h"
#include "tenancy/tenancy.h"

static void
test_should_retry(void **state)
{
	(void)state;
	assert_true(integrations_should_retry(0, NULL)); /* network error, timeout */
	assert_true(integrations_should_retry(409, NULL));
	assert_true(integrations_should_retry(429, NULL));
	assert_true(integrations_should_retry(500, NULL));
	assert_true(integrations_should_retry(503, NULL));
	assert_false(integrations_should_retry(400, NULL));
	assert_false(integrations_should_retry(401, NULL));
	assert_false(integrations_should_retry(402, NULL));
	assert_false(integrations_should_retry(404, NULL));
	assert_false(integrations_should_retry(200, NULL));
	/* the provider's header wins either way */
	assert_true(integrations_should_retry(400, "true"));
	assert_false(integrations_should_retry(503, "false"));
	assert_false(integrations_should_retry(429, "false"));
	assert_true(integrations_should_retry(503, "maybe"));
}

static void
test_backoff(void **state)
{
	(void)state;
	/* 500 ms doubling, capped at 5 s; equal jitter: [d/2, d] */
	assert_int_equal(integrations_backoff_ms(1, 0, 0), 250);
	assert_int_equal(integrations_backoff_ms(1, 250, 0), 500);
	assert_int_equal(integrations_backoff_ms(2, 0, 0), 500);
	assert_int_equal(integrations_backoff_ms(3, 0, 0), 1000);
	assert_int_equal(integrations_backoff_ms(4, 0, 0), 2000);
	assert_int_equal(integrations_backoff_ms(5, 0, 0), 2500);
	assert_int_equal(integrations_backoff_ms(50, 0, 0), 2500);
	for (uint32_t r = 0; r < 100000; r += 997) {
		for (int n = 1; n < 8; n++) {
			long d = integrations_backoff_ms(n, r, 0);

			assert_true(d >= 250 && d <= 5000);
		}
	}
	/* jitter: different draws give different waits */
	assert_true(integrations_backoff_ms(3, 1, 0) != integrations_backoff_ms(3, 400, 0));
	/* Retry-After wins, capped */
	assert_int_equal(integrations_backoff_ms(1, 0, 2000), 2000);
	assert_int_equal(integrations_backoff_ms(1, 0, 60000), 5000);
}

static void
test_url(void **state)
{
	struct arena *a = arena_new(1024);

	(void)state;
	assert_string_equal(integrations_url(a, "https://api.stripe.com", "/v1/customers", NULL),
	    "https://api.stripe.com/v1/customers");
	assert_string_equal(integrations_url(a, "https://api.stripe.com/", "/v1/customers", ""),
	    "https://api.stripe.com/v1/customers");
	assert_string_equal(integrations_url(a, "http://127.0.0.1:8123//", "/v1/x", "limit=3"),
	    "http://127.0.0.1:8123/v1/x?limit=3");
	assert_null(integrations_url(a, "ftp://x", "/v1", NULL));
	assert_null(integrations_url(a, "https://", "/v1", NULL));
	assert_null(integrations_url(a, "https://user:pw@host", "/v1", NULL));
	assert_null(integrations_url(a, "https://host", "v1", NULL));
	assert_null(integrations_url(a, "https://host", "/v1 x", NULL));
	assert_null(integrations_url(a, "https://host", "/v1?x=1", NULL));
	assert_null(integrations_url(a, "https://host", "/v1\r\nX: y", NULL));
	assert_null(integrations_url(a, NULL, "/v1", NULL));
	arena_free(a);
}

static void
test_mask_header(void **state)
{
	char out[128];

	(void)state;
	integrations_mask_header("Authorization: Bearer sk_test_51abcDEF", out, sizeof(out));
	assert_string_equal(out, "Authorization: Bearer sk_test_***");
	integrations_mask_header("authorization: Basic c2tfdGVzdDo=", out, sizeof(out));
	assert_string_equal(out, "authorization: Basic ***");
	integrations_mask_header("Idempotency-Key: tg-123", out, sizeof(out));
	assert_string_equal(out, "Idempotency-Key: ***");
	integrations_mask_header("Stripe-Signature: t=1,v1=abc", out, sizeof(out));
	assert_null(strstr(out, "abc"));
	integrations_mask_header("X-Api-Token: whsec_secretpart", out, sizeof(out));
	assert_string_equal(out, "X-Api-Token: whsec_***");
	integrations_mask_header("Cookie: session=abc", out, sizeof(out));
	assert_null(strstr(out, "abc"));
	integrations_mask_header("Content-Type: application/json", out, sizeof(out));
	assert_string_equal(out, "Content-Type: application/json");
	integrations_mask_header("Accept: */*", out, sizeof(out));
	assert_string_equal(out, "Accept: */*");
}

/* providers.md §5: computed with the SDK algorithm */
#define STRIPE_SECRET "whsec_tailgate_test_secret"
#define STRIPE_BODY \
	"{\"id\":\"evt_test_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}"
#define STRIPE_V1 "9aa8cbaa9d70d62d37086ed7cb94cd0330d1bf74a314c2dc6da44aa57c9b5718"

static void
test_verify_stripe(void **state)
{
	const char *why = NULL;
	size_t n = strlen(STRIPE_BODY);
	int64_t t = 1700000000;

	(void)state;
	assert_int_equal(integrations_verify_stripe(
	                     STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    0);
	/* within the tolerance both ways, and not beyond */
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1,
	                     STRIPE_BODY, n, t + 300, &why),
	    0);
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1,
	                     STRIPE_BODY, n, t - 300, &why),
	    0);
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1,
	                     STRIPE_BODY, n, t + 301, &why),
	    -1);
	assert_non_null(strstr(why, "tolerance"));
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1,
	                     STRIPE_BODY, n, t - 301, &why),
	    -1);
	/* any v1 may match (secret rolling); v0 and unknown schemes are ignored */
	assert_int_equal(
	    integrations_verify_stripe(STRIPE_SECRET,
	        "t=1700000000,v1=00,v0=" STRIPE_V1 ",v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    0);
	assert_int_equal(integrations_verify_stripe(
	                     STRIPE_SECRET, "t=1700000000,v0=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	/* one byte of body, secret or timestamp changed */
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET, "t=1700000000,v1=" STRIPE_V1,
	                     STRIPE_BODY, n - 1, t, &why),
	    -1);
	assert_string_equal(why, "the signature does not match");
	assert_int_equal(integrations_verify_stripe(
	                     "whsec_other", "t=1700000000,v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	assert_int_equal(integrations_verify_stripe(
	                     STRIPE_SECRET, "t=1700000001,v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	/* malformed */
	assert_int_equal(
	    integrations_verify_stripe(STRIPE_SECRET, "v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	assert_int_equal(integrations_verify_stripe(
	                     STRIPE_SECRET, "t=abc,v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	assert_int_equal(
	    integrations_verify_stripe(STRIPE_SECRET, NULL, STRIPE_BODY, n, t, &why), -1);
	assert_int_equal(
	    integrations_verify_stripe(NULL, "t=1700000000,v1=" STRIPE_V1, STRIPE_BODY, n, t, &why),
	    -1);
	assert_int_equal(integrations_verify_stripe(STRIPE_SECRET,
	                     "t=1700000000,v1=" STRIPE_V1 "00", STRIPE_BODY, n, t, &why),
	    -1);
}

/* providers.md §6: the Standard Webhooks libraries' own vector */
#define SW_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define SW_ID "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define SW_TS "1614265330"
#define SW_BODY "{\"test\": 2432232314}"
#define SW_SIG "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

static void
test_verify_standard(void **state)
{
	const char *why = NULL;
	size_t n = strlen(SW_BODY);
	int64_t t = 1614265330;

	(void)state;
	assert_int_equal(
	    integrations_verify_standard(SW_SECRET, SW_ID, SW_TS, SW_SIG, SW_BODY, n, t, &why), 0);
	/* several signatures, space-separated; v1a (asymmetric) ignored */
	assert_int_equal(integrations_verify_standard(SW_SECRET, SW_ID, SW_TS,
	                     "v1a,AAAA v1,Zm9v " SW_SIG, SW_BODY, n, t, &why),
	    0);
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, "v1,Zm9v v1a,AAAA", SW_BODY, n, t, &why),
	    -1);
	/* 5 minutes both ways */
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, SW_SIG, SW_BODY, n, t + 300, &why),
	    0);
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, SW_SIG, SW_BODY, n, t + 301, &why),
	    -1);
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, SW_SIG, SW_BODY, n, t - 301, &why),
	    -1);
	/* changed id, body, key */
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, "msg_other", SW_TS, SW_SIG, SW_BODY, n, t, &why),
	    -1);
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, SW_SIG, "{\"test\": 2432232315}", n, t, &why),
	    -1);
	assert_int_equal(integrations_verify_standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx",
	                     SW_ID, SW_TS, SW_SIG, SW_BODY, n, t, &why),
	    -1);
	/* the key is base64 after whsec_: the raw string is not the key */
	assert_int_equal(integrations_verify_standard("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", SW_ID,
	                     SW_TS, SW_SIG, SW_BODY, n, t, &why),
	    -1);
	/* a '.' in the id or timestamp would make the signed content ambiguous */
	assert_int_equal(
	    integrations_verify_standard(SW_SECRET, "msg.x", SW_TS, SW_SIG, SW_BODY, n, t, &why),
	    -1);
	assert_int_equal(
	    integrations_verify_standard(SW_SECRET, SW_ID, NULL, SW_SIG, SW_BODY, n, t, &why), -1);
	assert_int_equal(
	    integrations_verify_standard(SW_SECRET, SW_ID, SW_TS, NULL, SW_BODY, n, t, &why), -1);
	assert_int_equal(integrations_verify_standard(
	                     SW_SECRET, SW_ID, SW_TS, "v1,not base64!", SW_BODY, n, t, &why),
	    -1);
}

static void
test_conf_provider_keys(void **state)
{
	char out[64];

	(void)state;
	conf_defaults();
	assert_int_equal(conf_set("provider.stripe.base_url", "https://api.stripe.com"), 0);
	assert_int_equal(conf_set("provider.stripe.secret_key", "sk_test_1"), 0);
	assert_int_equal(conf_set("provider.stripe.acme.secret_key", "sk_test_acme"), 0);
	assert_int_equal(conf_set("provider.stripe.colour", "red"), -1);
	assert_int_equal(conf_set("provider.Stripe.secret_key", "x"), -1);
	assert_int_equal(conf_set("provider.stripe", "x"), -1);
	assert_int_equal(conf_set("provider.a.b.c.secret_key", "x"), -1);
	assert_string_equal(conf_provider("stripe", NULL, "secret_key"), "sk_test_1");
	assert_string_equal(conf_provider("stripe", "acme", "secret_key"), "sk_test_acme");
	assert_null(conf_provider("stripe", "acme", "webhook_secret"));
	assert_null(conf_provider("onfido", NULL, "base_url"));
	/* a second value replaces the first */
	assert_int_equal(conf_set("provider.stripe.secret_key", "sk_test_2"), 0);
	assert_string_equal(conf_provider("stripe", NULL, "secret_key"), "sk_test_2");
	/* printed masked */
	{
		struct buf b;

		buf_init(&b);
		conf_dump(&b);
		assert_non_null(strstr(buf_cstr(&b), "provider.stripe.secret_key = sk_test_***"));
		assert_null(strstr(buf_cstr(&b), "sk_test_2"));
		assert_null(strstr(buf_cstr(&b), "sk_test_acme"));
		assert_non_null(
		    strstr(buf_cstr(&b), "provider.stripe.base_url = https://api.stripe.com"));
		buf_free(&b);
	}
	conf_mask_secret("whsec_abc", out, sizeof(out));
	assert_string_equal(out, "whsec_***");
	conf_mask_secret("plainsecret", out, sizeof(out));
	assert_string_equal(out, "***");
	conf_mask_secret("", out, sizeof(out));
	assert_string_equal(out, "");
	conf_defaults();
	assert_null(conf_provider("stripe", NULL, "secret_key"));
}

static void
test_conf_provider_env(void **state)
{
	(void)state;
	setenv("TAILGATE_PROVIDER_STRIPE_WEBHOOK_SECRET", "whsec_env", 1);
	setenv("TAILGATE_PROVIDER_STRIPE_ACME_MAX_ATTEMPTS", "2", 1);
	assert_int_equal(conf_load(NULL), 0);
	assert_string_equal(conf_provider("stripe", NULL, "webhook_secret"), "whsec_env");
	assert_string_equal(conf_provider("stripe", "acme", "max_attempts"), "2");
	/* an unknown field refuses the whole load and keeps what was there */
	setenv("TAILGATE_PROVIDER_STRIPE_COLOUR", "red", 1);
	assert_int_equal(conf_load(NULL), -1);
	assert_string_equal(conf_provider("stripe", NULL, "webhook_secret"), "whsec_env");
	unsetenv("TAILGATE_PROVIDER_STRIPE_COLOUR");
	unsetenv("TAILGATE_PROVIDER_STRIPE_WEBHOOK_SECRET");
	unsetenv("TAILGATE_PROVIDER_STRIPE_ACME_MAX_ATTEMPTS");
	conf_defaults();
}

static void
test_provider_resolution(void **state)
{
	struct tenancy_tenant acme, plain;
	struct integrations_provider p;

	(void)state;
	conf_defaults();
	memset(&acme, 0, sizeof(acme));
	memset(&plain, 0, sizeof(plain));
	tenancy_config_apply(&acme, "{\"name\":\"Acme\",\"providers\":{\"stripe\":\"acme\"}}");
	assert_string_equal(acme.providers[0].provider, "stripe");
	assert_string_equal(acme.providers[0].account, "acme");
	assert_int_equal(integrations_provider(NULL, "stripe", &p), -1); /* not configured */
	conf_set("provider.stripe.base_url", "https://api.stripe.com");
	conf_set("provider.stripe.secret_key", "sk_test_platform");
	conf_set("provider.stripe.webhook_secret", "whsec_platform");
	conf_set("provider.stripe.timeout_ms", "1500");
	conf_set("provider.stripe.acme.secret_key", "sk_test_acme");
	assert_int_equal(integrations_provider(&plain, "stripe", &p), 0);
	assert_string_equal(p.secret_key, "sk_test_platform");
	assert_string_equal(p.account, "");
	assert_int_equal(p.timeout_ms, 1500);
	assert_int_equal(p.max_attempts, 3);
	assert_int_equal(p.scheme, INTEG_SIG_STRIPE);
	assert_string_equal(p.idempotency_header, "Idempotency-Key");
	conf_set("provider.stripe.idempotency_header", "X-Request-Key");
	assert_int_equal(integrations_provider(&plain, "stripe", &p), 0);
	assert_string_equal(p.idempotency_header, "X-Request-Key");
	conf_set("provider.stripe.idempotency_header", "Bad: header\r\nX-Injected: 1");
	assert_int_equal(integrations_provider(&plain, "stripe", &p), 0);
	assert_string_equal(p.idempotency_header, "Idempotency-Key");
	assert_int_equal(integrations_provider(&acme, "stripe", &p), 0);
	assert_string_equal(p.account, "acme");
	assert_string_equal(p.secret_key, "sk_test_acme");
	assert_string_equal(p.base_url, "https://api.stripe.com"); /* falls back */
	assert_int_equal(p.timeout_ms, 1500);                      /* falls back */
	assert_null(p.webhook_secret); /* a brand's account never borrows the platform's secret */
	assert_int_equal(integrations_provider(&acme, "Bad Name", &p), -1);
	conf_set("provider.sim.base_url", "http://127.0.0.1:9");
	conf_set("provider.sim.webhook_scheme", "standard");
	assert_int_equal(integrations_provider(NULL, "sim", &p), 0);
	assert_int_equal(p.scheme, INTEG_SIG_STANDARD);
	assert_null(p.secret_key);
	conf_defaults();
}

static void
test_tenant_providers_check(void **state)
{
	static const struct {
		const char *json;
		int ok;
	} cases[] = {
		{ "{\"providers\":{\"stripe\":\"acme\"}}", 1 },
		{ "{\"providers\":{}}", 1 },
		{ "{\"providers\":{\"stripe\":\"Acme\"}}", 0 },
		{ "{\"providers\":{\"stripe\":\"\"}}", 0 },
		{ "{\"providers\":{\"stripe\":1}}", 0 },
		{ "{\"providers\":[\"stripe\"]}", 0 },
		{ "{\"providers\":{\"str ipe\":\"acme\"}}", 0 },
		{ "{\"providers\":{\"a\":\"x\",\"b\":\"x\",\"c\":\"x\",\"d\":\"x\",\"e\":\"x\"}}",
		    0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = json_loads(cases[i].json, 0, NULL);

		json_object_set_new(j, "name", json_string("Acme"));
		json_object_set_new(j, "domains", json_pack("[s]", "acme.localhost"));
		if ((tenancy_config_check(j, "acme") == NULL) != cases[i].ok)
			fail_msg(
			    "%s: want %s", cases[i].json, cases[i].ok ? "accepted" : "refused");
		json_decref(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_should_retry),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_mask_header),
		cmocka_unit_test(test_verify_stripe),
		cmocka_unit_test(test_verify_standard),
		cmocka_unit_test(test_conf_provider_keys),
		cmocka_unit_test(test_conf_provider_env),
		cmocka_unit_test(test_provider_resolution),
		cmocka_unit_test(test_tenant_providers_check),
	};

	if (sodium_init() < 0)
		return 1;
	log_init("test", LOG_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
