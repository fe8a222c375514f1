/*
 * tenancy: which brand a request belongs to, and the brands' lifecycle.
 *
 * Workers keep every tenant and domain in memory. The cache is checked
 * against platform.tenancy_version (bumped by triggers on any change), which
 * is read in the same round trip as each request's BEGIN, so a change is seen
 * on the next request. An unknown host triggers at most one reload per second
 * and never touches tenant data.
 */
#ifndef TG_TENANCY_H
#define TG_TENANCY_H

#include <stdio.h>

#include <jansson.h>

#include "../core/core.h"

#define TENANCY_FEATURES_MAX 16 /* switches a brand can turn off */
#define TENANCY_PROVIDERS_MAX 4

struct tenancy_tenant {
	char slug[40];
	char schema[48];
	char name[128];
	char tagline[256];
	char logo[256];
	char primary[16], accent[16], background[16], surface[16], text[16];
	char profit[16], loss[16]; /* gains and losses, apart from the brand's colours */
	char font[64];
	char money_mode[8]; /* "play" or "real" */
	char currency[8];
	int64_t signup_credit;        /* minor units credited to a new member (play money) */
	int64_t min_stake, max_stake; /* per bet, minor units ("limits" in tenant.json) */
	/* sign-ups an hour per address and for the brand ("limits":
	 * "signups_per_address_per_hour", "signups_per_hour"); 0: the server's */
	int signup_ip_limit, signup_brand_limit;
	/* copy trading ("features": {"copy_trading"}, "copy" in tenant.json) */
	int copy_trading;     /* offered at all (default on) */
	int copy_hard_cap_bp; /* a copy's cap, of the follower's bankroll: 500 */
	int copy_min_settled; /* a trader's settled bets before anyone may copy: 10 */
	/* switches turned off in "features" (each name set to false); a route
	 * whose .feature is one of them answers 404 (tenancy_feature_on) */
	char features_off[TENANCY_FEATURES_MAX][32];
	int nfeatures_off;
	/* The brand's own provider accounts ("providers" in tenant.json, e.g.
	 * {"stripe": "acme"}): the account names the server configuration's
	 * provider.<provider>.<account>.* keys, so secrets never sit in tenant.json
	 * (nor in the database that stores it). Empty provider: unused slot. */
	struct {
		char provider[25], account[25];
	} providers[TENANCY_PROVIDERS_MAX];
	int active;
};

#define TENANCY_LIMIT_MAX 1000000 /* largest count limit in tenant.json */

/* Worker side (application connection, outside any transaction). */
int tenancy_load(void);
const struct tenancy_tenant *tenancy_resolve(const char *host);
const struct tenancy_tenant *tenancy_by_slug(const char *slug);
/* Seen version from db_begin(); reloads after the request when it moved. */
void tenancy_note_version(long long v);
int tenancy_reload_if_stale(void);
size_t tenancy_count(void);
const struct tenancy_tenant *tenancy_at(size_t i);

/* Pure helpers (tenancy_config.c; unit-tested and fuzzed). */
int tenancy_color_valid(const char *);
/* WCAG 2 contrast ratio of two valid colours: 1 (the same) to 21. */
double tenancy_color_contrast(const char *a, const char *b);
/* Text readable on a valid colour: white or near-black, whichever contrasts more. */
const char *tenancy_color_ink(const char *bg);
/* "Demo.LocalHost:8080" -> "demo.localhost"; NULL if not a plausible host. */
char *tenancy_host_normalise(struct arena *, const char *host);
/* Why a parsed tenant.json cannot be used for the tenant slug, or NULL. */
const char *tenancy_config_check(json_t *config, const char *slug);
/* A stored configuration (JSON text; NULL: none) over the defaults into t's
 * branding, money, limits and copy-trading fields (not slug, name, active). */
void tenancy_config_apply(struct tenancy_tenant *t, const char *config);

/* Is a feature on for the brand? Every feature is, unless the brand's
 * "features" set its name to false (pure). */
int tenancy_feature_on(const struct tenancy_tenant *, const char *feature);
/* For commands: the play-money welcome credit of a brand (outside a
 * transaction; 0 when unknown), and BEGIN in a brand's schema by slug
 * (0, or -1 with "tailgate CMD: ..." on stderr). */
int64_t tenancy_signup_credit(const char *slug);
int tenancy_cli_begin(const char *cmd, const char *slug);

/* Lifecycle (admin connection). */
int tenancy_add(const char *root, const char *slug);
int tenancy_set_status(const char *slug, int active);
int tenancy_list(FILE *);
/* nginx `map $host $tenant_slug` lines for every domain. */
int tenancy_nginx_map(FILE *);
/* Slugs of all tenants (admin connection); malloc'd array of malloc'd strings. */
int tenancy_slugs(char ***out);

#endif
