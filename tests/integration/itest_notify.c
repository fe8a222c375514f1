/*
 * The outbox and the periodic jobs (app/notify, app/jobs): a row is
 * delivered after the transaction that wrote it commits, never when it rolls
 * back, once, and again after a failure (with backoff) until it gives up; a
 * periodic job runs when its slot falls due and queues the next slot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Everything nchan holds for the member's channel: it replays its buffer to
 * a new subscriber (nchan_subscriber_first_message oldest); read until as
 * many events came as nchan says it holds. */
static void
channel_read(const struct h_member *m, char *out, size_t outsz)
{
	struct h_sse sse;
	int held = -1;

	out[0] = '\0';
	if (!h_sse_open(&sse, &m->c, m->id))
		return;
	H_UNTIL((held = h_sse_held(&sse)) >= 0 && h_sse_count(&sse, "\nid: ") >= held,
	    "nchan replayed the %d messages it holds: %s", held, h_sse_text(&sse, out, outsz));
	h_sse_text(&sse, out, outsz);
	h_sse_close(&sse);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

ITEST(t_outbox_after_commit,
    "notify/outbox: delivered after commit, once; a rollback delivers nothing")
static void
t_outbox_after_commit(void)
{
	struct h_member m;
	char q[1024], out[16384], kept[64], gone[64], idq[256];

	h_member_new(&m, "ob");
	h_unique(kept, sizeof(kept), "kept-");
	h_unique(gone, sizeof(gone), "gone-");
	/* rolled back: no row, nothing pushed */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; BEGIN; "
	    "INSERT INTO t_demo.outbox (kind, payload) VALUES ('live', jsonb_build_object("
	    "'channel', '%s', 'event', 'notification', 'data', jsonb_build_object('id', '%s'))); "
	    "ROLLBACK;",
	    m.id, gone);
	CHECK(h_sql(0, out, sizeof(out), q) == 0, "rolled back: %s", out);
	/* committed after a second in the transaction: delivered only then (the
	 * pause is the behaviour under test: delivery waits for the commit) */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; BEGIN; "
	    "INSERT INTO t_demo.outbox (kind, payload) VALUES ('live', jsonb_build_object("
	    "'channel', '%s', 'event', 'notification', 'data', jsonb_build_object('id', '%s'))); "
	    "SELECT pg_sleep(1); COMMIT;",
	    m.id, kept);
	CHECK(h_sql(0, out, sizeof(out), q) == 0, "committed: %s", out);
	snprintf(idq, sizeof(idq),
	    "SELECT state || ' ' || attempts FROM t_demo.outbox "
	    "WHERE payload->'data'->>'id' = '%s';",
	    kept);
	H_UNTIL(h_sql_is(idq, "done 1", out, sizeof(out)), "delivered once: %s", out);
	snprintf(q, sizeof(q),
	    "SELECT finished_at >= created_at + interval '1 second' "
	    "FROM t_demo.outbox WHERE payload->'data'->>'id' = '%s';",
	    kept);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "t") == 0,
	    "not before the commit: %s", out);
	snprintf(q, sizeof(q),
	    "SELECT count(*) FROM t_demo.outbox WHERE payload->'data'->>'id' = '%s';", gone);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "0") == 0, "no rolled-back row: %s",
	    out);
	channel_read(&m, out, sizeof(out));
	CHECK(count(out, kept) == 1, "the member got it once: %s", out);
	CHECK(count(out, gone) == 0, "and never the rolled-back one: %s", out);
	/* the welcome notification went the same way */
	CHECK(strstr(out, "event: notification") && strstr(out, "Welcome to Tailgate Demo"),
	    "the welcome notification came through the outbox: %s", out);
}

ITEST(t_outbox_lanes, "notify/outbox: every worker lane delivers the rows its own jobs wrote")
static void
t_outbox_lanes(void)
{
	static const char *lanes[] = { "live", "bulk", "copy" };
	struct h_member m;
	char q[1024], out[16384], tag[64];

	h_member_new(&m, "obl");
	h_unique(tag, sizeof(tag), "lane-");
	for (size_t i = 0; i < sizeof(lanes) / sizeof(lanes[0]); i++) {
		snprintf(q, sizeof(q),
		    "SET ROLE t_demo; INSERT INTO t_demo.outbox (kind, lane, payload) VALUES ('live', "
		    "'%s', jsonb_build_object('channel', '%s', 'event', 'notification', "
		    "'data', jsonb_build_object('id', '%s-%s')));",
		    lanes[i], m.id, tag, lanes[i]);
		CHECK(h_sql(0, out, sizeof(out), q) == 0, "queued on %s: %s", lanes[i], out);
	}
	snprintf(q, sizeof(q),
	    "SELECT string_agg(lane || ' ' || state || ' ' || attempts, ',' ORDER BY lane) "
	    "FROM t_demo.outbox WHERE payload->'data'->>'id' LIKE '%s-%%';",
	    tag);
	H_UNTIL(h_sql_is(q, "bulk done 1,copy done 1,live done 1", out, sizeof(out)),
	    "each lane delivered its row once: %s", out);
	channel_read(&m, out, sizeof(out));
	for (size_t i = 0; i < sizeof(lanes) / sizeof(lanes[0]); i++) {
		char id[96];

		snprintf(id, sizeof(id), "%s-%s", tag, lanes[i]);
		CHECK(count(out, id) == 1, "the member got the %s lane's push once: %s", lanes[i],
		    out);
	}
	CHECK(h_sql(0, out, sizeof(out),
	          "SET ROLE t_demo; INSERT INTO t_demo.outbox (kind, lane) "
	          "VALUES ('live', 'nowhere');") != 0,
	    "a lane that does not exist is refused: %s", out);
}

ITEST(
    t_outbox_retry, "notify/outbox: a failed delivery is retried with backoff, then kept as failed")
static void
t_outbox_retry(void)
{
	struct h_member m;
	char q[1024], out[1024], id[64];

	h_member_new(&m, "obr");
	/* nginx refuses a body over client_max_body_size (8m): nchan never takes it */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; INSERT INTO t_demo.outbox (kind, payload, "
	    "max_attempts) VALUES ('live', jsonb_build_object('channel', '%s', 'event', "
	    "'notification', 'data', jsonb_build_object('pad', repeat('x', 9000000))), 2) "
	    "RETURNING id;",
	    m.id);
	CHECK(h_sql(0, id, sizeof(id), q) == 0 && strlen(id) == 36, "queued: %s", id);
	snprintf(q, sizeof(q),
	    "SELECT state || ' ' || attempts || ' ' || last_error "
	    "FROM t_demo.outbox WHERE id = '%s';",
	    id);
	H_UNTIL(h_sql_is(q, "failed 2 nchan did not take the event", out, sizeof(out)),
	    "retried once more, then failed with its error: %s", out);
	/* the second attempt waited for jobs_backoff(1) = 2 s */
	snprintf(q, sizeof(q),
	    "SELECT finished_at >= created_at + interval '2 seconds' "
	    "FROM t_demo.outbox WHERE id = '%s';",
	    id);
	CHECK(
	    h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "t") == 0, "after backoff: %s", out);
	/* a row no handler takes, or one that can never be delivered, fails at once */
	CHECK(h_sql(0, id, sizeof(id),
	          "SET ROLE t_demo; INSERT INTO t_demo.outbox (kind) "
	          "VALUES ('no.such.delivery') RETURNING id;") == 0,
	    "queued: %s", id);
	snprintf(q, sizeof(q),
	    "SELECT state || ' ' || attempts || ' ' || last_error "
	    "FROM t_demo.outbox WHERE id = '%s';",
	    id);
	H_UNTIL(h_sql_is(q, "failed 1 no delivery for kind 'no.such.delivery'", out, sizeof(out)),
	    "unknown kind: %s", out);
	CHECK(h_sql(0, id, sizeof(id),
	          "SET ROLE t_demo; INSERT INTO t_demo.outbox (kind, payload) "
	          "VALUES ('live', '{\"channel\": \"not-a-member\"}') RETURNING id;") == 0,
	    "queued: %s", id);
	snprintf(q, sizeof(q),
	    "SELECT state || ' ' || attempts FROM t_demo.outbox WHERE id = '%s';", id);
	H_UNTIL(h_sql_is(q, "failed 1", out, sizeof(out)), "a payload without a channel: %s", out);
}

ITEST(t_periodic_job, "notify/periodic job: runs when its slot is due and queues the next slot")
static void
t_periodic_job(void)
{
	char out[256], id[64], q[512];

	/* the bulk lane keeps one run queued per periodic kind */
	H_UNTIL(h_sql_is("SELECT count(*) FROM t_demo.jobs WHERE dedup_key = 'every:maintenance' "
	                 "AND state = 'queued' AND kind = 'maintenance';",
	            "1", out, sizeof(out)),
	    "one maintenance run queued: %s", out);
	CHECK(h_sql(0, out, sizeof(out),
	          "SELECT extract(epoch FROM run_at)::bigint % 3600 = 0 "
	          "AND run_at > now() FROM t_demo.jobs WHERE dedup_key = 'every:maintenance' "
	          "AND state = 'queued';") == 0 &&
	        strcmp(out, "t") == 0,
	    "at the next hour: %s", out);
	/* its slot falls due now (the clock driven through the database) */
	CHECK(h_sql(0, id, sizeof(id),
	          "UPDATE t_demo.jobs SET run_at = now() "
	          "WHERE dedup_key = 'every:maintenance' AND state = 'queued' RETURNING id; "
	          "SELECT pg_notify('tailgate_jobs', 't_demo');") == 0,
	    "brought forward: %s", id);
	id[strcspn(id, "\n")] = '\0';
	snprintf(q, sizeof(q), "SELECT state FROM t_demo.jobs WHERE id = %ld;", atol(id));
	H_UNTIL(h_sql_is(q, "done", out, sizeof(out)), "ran: %s", out);
	snprintf(q, sizeof(q),
	    "SELECT count(*) FILTER (WHERE extract(epoch FROM run_at)::bigint "
	    "%% 3600 = 0 AND run_at > now() AND id > %ld) || ' ' || count(*) FROM t_demo.jobs "
	    "WHERE dedup_key = 'every:maintenance' AND state = 'queued';",
	    atol(id));
	H_UNTIL(h_sql_is(q, "1 1", out, sizeof(out)), "the next slot queued, once: %s", out);
	/* the raw sweeps are periodic too */
	H_UNTIL(
	    h_sql_is(
	        "SELECT count(*) FROM t_demo.jobs WHERE state = 'queued' AND dedup_key IN "
	        "('every:profile_windows_sweep', 'every:trending_refresh', 'every:outbox_purge');",
	        "3", out, sizeof(out)),
	    "sweeps, trending and the purge scheduled: %s", out);
}
