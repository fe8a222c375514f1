/*
 * How a post is shown: its JSON shape (the spec's BetPost names plus
 * post_type, title, shares_count, mentions, author) and its page view. The
 * bet summary is built here from the bet's live row, never from typed text.
 */
#include "posts_int.h"

#include <string.h>

#include "../bets/bets.h"
#include "../db/db.h"
#include "../social/social.h"

static json_t *
str_or_null(const PGresult *r, int i, int col)
{
	const char *v = db_val(r, i, col);

	return v && v[0] ? json_string(v) : json_null();
}

static json_t *
int_or_null(const PGresult *r, int i, int col)
{
	return db_val(r, i, col) ? json_integer(db_ll(r, i, col)) : json_null();
}

static json_t *
list_or_empty(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	return j ? j : json_array();
}

static const char *
market_label(const char *kind)
{
	return strcmp(kind, "1x2") == 0      ? "Match result"
	    : strcmp(kind, "moneyline") == 0 ? "Moneyline"
	    : strcmp(kind, "handicap") == 0  ? "Handicap"
	                                     : "Total";
}

static json_t *
author_json(const PGresult *r, int i, int username, int display, int followers)
{
	return json_pack("{s:s, s:s, s:s}", "username", db_val(r, i, username), "display_name",
	    db_val(r, i, display), "tier", social_tier(db_ll(r, i, followers)));
}

json_t *
posts_row_json(struct arena *a, const PGresult *r, int i, int signed_in)
{
	int bet = db_val(r, i, PV_BET_ID) != NULL;
	const char *status = bet ? db_val(r, i, PV_STATUS) : NULL;
	int open = bet && strcmp(status, "open") == 0;
	json_t *j, *summary = json_null();

	if (bet) {
		const char *kind = db_val(r, i, PV_KIND);

		summary = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:I, s:I, s:s, "
		                    "s:o, s:o, s:o}",
		    "event_id", db_val(r, i, PV_EVENT_ID), "event",
		    arena_printf(a, "%s v %s", db_val(r, i, PV_HOME), db_val(r, i, PV_AWAY)),
		    "home_team", db_val(r, i, PV_HOME), "away_team", db_val(r, i, PV_AWAY),
		    "competition", db_val(r, i, PV_COMPETITION), "starts_at",
		    db_val(r, i, PV_STARTS_AT), "market", market_label(kind), "selection",
		    bets_selection_label(a, kind, (int)db_ll(r, i, PV_LINE),
		        db_val(r, i, PV_OUTCOME), db_val(r, i, PV_HOME), db_val(r, i, PV_AWAY)),
		    "odds", db_ll(r, i, PV_ODDS) / 1000.0, "stake",
		    (json_int_t)db_ll(r, i, PV_STAKE), "potential_payout",
		    (json_int_t)db_ll(r, i, PV_POTENTIAL), "status", status, "payout",
		    int_or_null(r, i, PV_PAYOUT), "score",
		    db_val(r, i, PV_HOME_SCORE)
		        ? json_pack("{s:I, s:I}", "home", (json_int_t)db_ll(r, i, PV_HOME_SCORE),
		              "away", (json_int_t)db_ll(r, i, PV_AWAY_SCORE))
		        : json_null(),
		    "copied_from", bets_copied_json(r, i, PV_COPIED));
	}
	j = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	              "s:o, s:I, s:I, s:I, s:I, s:o, s:o, s:s, s:s, s:b, s:o, s:b, s:o}",
	    "post_id", db_val(r, i, PV_ID), "user_id", db_val(r, i, PV_USER_ID), "post_type",
	    db_val(r, i, PV_TYPE), "title", str_or_null(r, i, PV_TITLE), "content",
	    db_val(r, i, PV_CONTENT), "bet_id", str_or_null(r, i, PV_BET_ID), "bet_summary",
	    summary, "sport", str_or_null(r, i, PV_SPORT), "bet_type",
	    bet ? json_string(db_val(r, i, PV_KIND)) : json_null(), "odds",
	    bet ? json_real(db_ll(r, i, PV_ODDS) / 1000.0) : json_null(), "stake",
	    bet ? int_or_null(r, i, PV_STAKE) : json_null(), "potential_payout",
	    bet ? int_or_null(r, i, PV_POTENTIAL) : json_null(), "confidence_level",
	    int_or_null(r, i, PV_CONFIDENCE), "tags", list_or_empty(db_val(r, i, PV_TAGS)),
	    "mentions", list_or_empty(db_val(r, i, PV_MENTIONS)), "likes_count",
	    (json_int_t)db_ll(r, i, PV_LIKES), "comments_count",
	    (json_int_t)db_ll(r, i, PV_COMMENTS), "shares_count",
	    (json_int_t)db_ll(r, i, PV_SHARES), "copies_count", (json_int_t)db_ll(r, i, PV_COPIES),
	    "bet_result", bet ? json_string(open ? "pending" : status) : json_null(),
	    "actual_payout", bet && !open ? int_or_null(r, i, PV_PAYOUT) : json_null(),
	    "created_at", db_val(r, i, PV_CREATED), "updated_at", db_val(r, i, PV_UPDATED),
	    "edited", db_val(r, i, PV_EDITED) != NULL, "edited_at", str_or_null(r, i, PV_EDITED),
	    "is_featured", db_val(r, i, PV_FEATURED)[0] == 't', "author",
	    author_json(r, i, PV_USERNAME, PV_DISPLAY, PV_FOLLOWERS));
	if (signed_in)
		json_object_set_new(j, "viewer",
		    json_pack("{s:b, s:b}", "liked", db_val(r, i, PV_LIKED)[0] == 't', "shared",
		        db_val(r, i, PV_SHARED)[0] == 't'));
	return j;
}

json_t *
posts_comment_json(const PGresult *r, int i)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:s, s:o, s:s}", "comment_id", db_val(r, i, CV_ID),
	    "parent_id", str_or_null(r, i, CV_PARENT), "user_id", db_val(r, i, CV_USER_ID),
	    "author", author_json(r, i, CV_USERNAME, CV_DISPLAY, CV_FOLLOWERS), "content",
	    db_val(r, i, CV_CONTENT), "mentions", list_or_empty(db_val(r, i, CV_MENTIONS)),
	    "created_at", db_val(r, i, CV_CREATED));
}

json_t *
posts_edits_json(const PGresult *r)
{
	json_t *a = json_array();

	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(a,
		    json_pack("{s:o, s:s, s:o, s:o, s:s, s:b}", "title", str_or_null(r, i, 0),
		        "content", db_val(r, i, 1), "confidence_level", int_or_null(r, i, 2),
		        "sport", str_or_null(r, i, 3), "replaced_at", db_val(r, i, 4),
		        "after_event_start", db_val(r, i, 5)[0] == 't'));
	return a;
}

void
posts_row_dict(struct arena *a, render_dict *d, const PGresult *r, int i)
{
	static const char *const type_labels[][2] = { { "bet_post", "Bet" },
		{ "analysis", "Analysis" }, { "discussion", "Discussion" } };
	const char *type = db_val(r, i, PV_TYPE);
	json_t *tags = list_or_empty(db_val(r, i, PV_TAGS));
	size_t k;
	json_t *v;

	render_set(d, "POST_ID", db_val(r, i, PV_ID));
	render_set(d, "POST_TYPE", type);
	for (k = 0; k < 3; k++)
		if (strcmp(type, type_labels[k][0]) == 0)
			render_set(d, "TYPE_LABEL", type_labels[k][1]);
	if (db_val(r, i, PV_TITLE)[0])
		render_set(render_section(d, "TITLE"), "TEXT", db_val(r, i, PV_TITLE));
	render_set(d, "CONTENT", db_val(r, i, PV_CONTENT));
	render_set(d, "AUTHOR_USERNAME", db_val(r, i, PV_USERNAME));
	render_set(d, "AUTHOR_DISPLAY", db_val(r, i, PV_DISPLAY));
	render_set(d, "AUTHOR_TIER", social_tier(db_ll(r, i, PV_FOLLOWERS)));
	render_set(d, "CREATED_AT", db_val(r, i, PV_CREATED));
	render_set(d, "LIKES", db_val(r, i, PV_LIKES));
	render_set(d, "COMMENTS", db_val(r, i, PV_COMMENTS));
	render_set(d, "SHARES", db_val(r, i, PV_SHARES));
	render_set(d, "COPIES", db_val(r, i, PV_COPIES));
	if (db_val(r, i, PV_SPORT))
		render_set(render_section(d, "SPORT"), "NAME", db_val(r, i, PV_SPORT));
	if (db_val(r, i, PV_CONFIDENCE))
		render_set(render_section(d, "CONFIDENCE"), "VALUE", db_val(r, i, PV_CONFIDENCE));
	if (db_val(r, i, PV_EDITED))
		render_set(render_section(d, "EDITED"), "AT", db_val(r, i, PV_EDITED));
	json_array_foreach(tags, k, v)
	    render_set(render_section(d, "TAGS"), "TAG", json_string_value(v));
	json_decref(tags);
	if (db_val(r, i, PV_BET_ID) != NULL) {
		render_dict *b = render_section(d, "BET");
		const char *kind = db_val(r, i, PV_KIND), *status = db_val(r, i, PV_STATUS);

		render_set(b, "EVENT_ID", db_val(r, i, PV_EVENT_ID));
		render_setf(b, "EVENT", "%s v %s", db_val(r, i, PV_HOME), db_val(r, i, PV_AWAY));
		render_set(b, "COMPETITION", db_val(r, i, PV_COMPETITION));
		render_set(b, "STARTS_AT", db_val(r, i, PV_STARTS_AT));
		render_set(b, "MARKET", market_label(kind));
		render_set(b, "SELECTION",
		    bets_selection_label(a, kind, (int)db_ll(r, i, PV_LINE),
		        db_val(r, i, PV_OUTCOME), db_val(r, i, PV_HOME), db_val(r, i, PV_AWAY)));
		render_set(b, "ODDS", odds_str(a, (int32_t)db_ll(r, i, PV_ODDS)));
		render_set(b, "STAKE", money_str(a, db_ll(r, i, PV_STAKE)));
		render_set(b, "POTENTIAL", money_str(a, db_ll(r, i, PV_POTENTIAL)));
		render_set(b, "STATUS", status);
		render_set(b, "STATUS_LABEL",
		    strcmp(status, "open") == 0 ? "pending" : bets_status_label(status));
		bets_copied_dict(b, r, i, PV_COPIED);
		if (strcmp(status, "open") != 0) {
			render_dict *s = render_section(b, "SETTLED");

			render_set(s, "PAYOUT", money_str(a, db_ll(r, i, PV_PAYOUT)));
			if (db_val(r, i, PV_HOME_SCORE))
				render_setf(s, "SCORE", "%s–%s", db_val(r, i, PV_HOME_SCORE),
				    db_val(r, i, PV_AWAY_SCORE));
		}
	}
}

/* ---- lists (the feed) ---- */

int
posts_list_json(struct http_req *req, const char *ids, json_t *out)
{
	PGresult *r = posts_db_list(req->a, ids, req->user ? req->user->id : NULL);

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(out, posts_row_json(req->a, r, i, req->user != NULL));
	return 0;
}

int
posts_list_into(struct http_req *req, void *dict, const char *section, const char *ids)
{
	PGresult *r = posts_db_list(req->a, ids, req->user ? req->user->id : NULL);

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *p = render_section(dict, section);

		posts_row_dict(req->a, p, r, i);
		if (db_val(r, i, PV_LIKED)[0] == 't')
			render_show(p, "LIKED");
	}
	return db_rows(r);
}
