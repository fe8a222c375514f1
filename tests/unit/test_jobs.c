/*
 * Unit tests for the periodic jobs' schedules (app/jobs) and the outbox's
 * retry delays, and the notification kinds' stored names (app/notify).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "jobs/jobs.h"
#include "notify/notify.h"

static void
test_schedule_parse(void **state)
{
	static const struct {
		const char *s;
		int64_t period, offset;
	} ok[] = {
		{ "every 10 minutes", 600, 0 },
		{ "every 5 minutes", 300, 0 },
		{ "every minute", 60, 0 },
		{ "every 1 minute", 60, 0 },
		{ "every hour", 3600, 0 },
		{ "every 1 hour", 3600, 0 },
		{ "every 6 hours", 21600, 0 },
		{ "every 30 seconds", 30, 0 },
		{ "every day", 86400, 0 },
		{ "every 2 days", 172800, 0 },
		{ "daily at 00:05 UTC", 86400, 300 },
		{ "daily at 23:59 UTC", 86400, 86340 },
		{ "daily at 12:00 UTC", 86400, 43200 },
	};
	static const char *const bad[] = {
		"",
		"every",
		"every ",
		"every 0 minutes",
		"every -5 minutes",
		"every 10",
		"every 10 minute",
		"every 1 minutes",
		"every minutes",
		"every 10 fortnights",
		"every 10 minutes ",
		" every 10 minutes",
		"every 10  minutes",
		"every 010 minutes",
		"every 10 Minutes",
		"every 400 days",
		"every 99999999999999999999 seconds",
		"daily at 24:00 UTC",
		"daily at 12:60 UTC",
		"daily at 1:05 UTC",
		"daily at 00:05",
		"daily at 00:05 CET",
		"daily at 00:05 UTC ",
		"daily at 00:5 UTC",
		"hourly",
		"daily",
	};
	struct jobs_schedule sc;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(ok); i++) {
		memset(&sc, 0, sizeof(sc));
		if (jobs_schedule_parse(ok[i].s, &sc) != 0)
			fail_msg("'%s' refused", ok[i].s);
		if (sc.period != ok[i].period || sc.offset != ok[i].offset)
			fail_msg("'%s': period %lld offset %lld", ok[i].s, (long long)sc.period,
			    (long long)sc.offset);
	}
	for (size_t i = 0; i < TG_NELEM(bad); i++)
		if (jobs_schedule_parse(bad[i], &sc) == 0)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(jobs_schedule_parse(NULL, &sc), -1);
}

static void
test_schedule_next(void **state)
{
	/* 2026-12-06 04:25:13 UTC */
	const int64_t now = 1796531113, midnight = 1796515200;
	struct jobs_schedule sc;

	(void)state;
	assert_int_equal(jobs_schedule_parse("every 10 minutes", &sc), 0);
	assert_int_equal(jobs_schedule_next(&sc, now), midnight + 4 * 3600 + 30 * 60);
	/* strictly after: a run at its own slot queues the next one */
	assert_int_equal(jobs_schedule_next(&sc, midnight + 600), midnight + 1200);
	assert_int_equal(jobs_schedule_next(&sc, midnight + 599), midnight + 600);

	assert_int_equal(jobs_schedule_parse("daily at 00:05 UTC", &sc), 0);
	assert_int_equal(jobs_schedule_next(&sc, now), midnight + 86400 + 300);
	assert_int_equal(jobs_schedule_next(&sc, midnight), midnight + 300);
	assert_int_equal(jobs_schedule_next(&sc, midnight + 300), midnight + 86400 + 300);
	assert_int_equal(jobs_schedule_next(&sc, midnight + 299), midnight + 300);

	assert_int_equal(jobs_schedule_parse("every 1 hour", &sc), 0);
	assert_int_equal(jobs_schedule_next(&sc, now), midnight + 5 * 3600);
	/* before the epoch too (the remainder of a negative number) */
	assert_int_equal(jobs_schedule_next(&sc, -1), 0);
	assert_int_equal(jobs_schedule_next(&sc, -3600), 0);
}

/* The outbox retries on jobs_backoff: growing delays, capped at an hour. */
static void
test_outbox_backoff(void **state)
{
	int prev = 0;

	(void)state;
	for (int n = 1; n < 20; n++) {
		int s = jobs_backoff(n);

		assert_true(s >= prev);
		assert_true(s > 0 && s <= 3600);
		prev = s;
	}
	assert_int_equal(jobs_backoff(1), 2);
	assert_int_equal(jobs_backoff(2), 4);
	assert_int_equal(jobs_backoff(19), 3600);
}

static void
test_notify_kind_names(void **state)
{
	(void)state;
	assert_string_equal(notify_kind_name(NOTIFY_FOLLOW), "follow");
	assert_string_equal(notify_kind_name(NOTIFY_COPY_STOPPED), "copy_stopped");
	assert_string_equal(notify_kind_name(NOTIFY_COPY_STARTED), "copy_started");
	assert_string_equal(notify_kind_name(NOTIFY_WELCOME), "welcome");
	for (int k = 0; k < NOTIFY__COUNT; k++)
		assert_non_null(notify_kind_name((enum notify_kind)k));
	assert_null(notify_kind_name(NOTIFY__COUNT));
	assert_null(notify_kind_name((enum notify_kind) - 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_parse),
		cmocka_unit_test(test_schedule_next),
		cmocka_unit_test(test_outbox_backoff),
		cmocka_unit_test(test_notify_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
