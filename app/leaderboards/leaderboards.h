/*
 * leaderboards: top performers and trending members (issue 4).
 *
 * Top performers are read from leaderboard_entries (migration 0009), rows
 * the profiles module keeps for every member, timeframe and sport: an index
 * walk in the asked order, never a scan of bets. Trending members are those
 * who gained the most followers in the timeframe (the recent follows,
 * through their own index).
 */
#ifndef TG_LEADERBOARDS_H
#define TG_LEADERBOARDS_H

#include "../http/http.h"

#define LEADERBOARDS_LIMIT_MAX 100
#define TRENDING_KEEP "100" /* members kept per timeframe */

extern const struct http_field leaderboards_fields[];
extern const struct http_field leaderboards_trending_fields[];

int leaderboards_page(struct http_req *);         /* GET /leaderboards */
int leaderboards_api_top(struct http_req *);      /* GET /social/leaderboards/top-performers */
int leaderboards_api_trending(struct http_req *); /* GET /social/leaderboards/trending */
struct tenancy_tenant;
int leaderboards_job_trending(
    struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* The module's routes, job kinds and commands (leaderboards_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module leaderboards_module;

#endif
