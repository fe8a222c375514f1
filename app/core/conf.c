/*
 * Configuration: compiled defaults (the same values, documented, are in
 * scripts/tailgate.conf), then one `key = value` file, then environment
 * variables TAILGATE_<KEY> with dots as underscores (TAILGATE_DB_URL).
 * Keys marked secret are masked whenever the configuration is printed.
 */
#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct conf conf;

enum ctype { C_STR, C_INT, C_LONG, C_BOOL };

struct conf_key {
	const char *name;
	enum ctype type;
	size_t off;
	size_t size;
	const char *def;
	int secret; /* 1: value masked; 2: conninfo, password masked */
};

#define S(n, f, d, s)                                                    \
	{                                                                \
		n, C_STR, offsetof(struct conf, f), sizeof(conf.f), d, s \
	}
#define I(n, f, d)                                                    \
	{                                                             \
		n, C_INT, offsetof(struct conf, f), sizeof(int), d, 0 \
	}
#define L(n, f, d)                                                      \
	{                                                               \
		n, C_LONG, offsetof(struct conf, f), sizeof(long), d, 0 \
	}
#define B(n, f, d)                                                     \
	{                                                              \
		n, C_BOOL, offsetof(struct conf, f), sizeof(int), d, 0 \
	}

static const struct conf_key keys[] = {
	S("root", root, ".", 0),
	S("socket", socket, "var/run/app/tailgate.sock", 0),
	S("socket_group", socket_group, "", 0),
	S("user", user, "tailgate", 0),
	I("workers", workers, "0"),
	S("db.url", db_url, "host=var/run/pg dbname=tailgate user=tailgate_app", 2),
	S("db.admin_url", db_admin_url, "host=var/run/pg dbname=tailgate user=tailgate_admin", 2),
	S("log.level", log_level, "info", 0),
	L("http.body_max", body_max, "1048576"),
	I("http.fields_max", fields_max, "200"),
	L("http.field_len_max", field_len_max, "65536"),
	I("session.idle_seconds", session_idle, "43200"),
	I("session.absolute_seconds", session_absolute, "2592000"),
	B("session.cookie_secure", cookie_secure, "1"),
	L("auth.pwhash_ops", pwhash_ops, "2"),
	L("auth.pwhash_mem", pwhash_mem, "67108864"),
	I("auth.pwhash_concurrency", pwhash_concurrency, "1"),
	S("auth.common_passwords", common_passwords, "/usr/share/john/password.lst", 0),
	I("auth.pwhash_signin_concurrency", pwhash_signin_concurrency, "1"),
	I("auth.login_user_limit", login_user_limit, "5"),
	I("auth.login_ip_limit", login_ip_limit, "30"),
	I("auth.signup_ip_limit", signup_ip_limit, "10"),
	I("auth.signup_brand_limit", signup_brand_limit, "500"),
	S("live.publish_socket", live_publish, "var/run/nchan/nchan.sock", 0),
	I("jobs.max_attempts", job_max_attempts, "8"),
};

/*
 * The provider section: `provider.<name>.<field>` and, for a brand with its
 * own provider account (tenant.json "providers"), `provider.<name>.<account>.
 * <field>`. Kept apart from struct conf (a table of strings read through
 * conf_provider()); the fields are the ones below, the names are free.
 */
static const struct {
	const char *field;
	int secret;
} provider_fields[] = {
	{ "base_url", 0 },
	{ "secret_key", 1 },
	{ "webhook_secret", 1 },
	{ "webhook_scheme", 0 },
	{ "ca_file", 0 },
	{ "connect_timeout_ms", 0 },
	{ "timeout_ms", 0 },
	{ "max_attempts", 0 },
	{ "max_response_bytes", 0 },
	{ "idempotency_header", 0 },
};

#define PROVIDER_KEYS_MAX 64
struct provider_kv {
	char key[96]; /* "stripe.secret_key", "stripe.acme.secret_key" */
	char val[512];
	int secret;
};
static struct provider_tab {
	size_t n;
	struct provider_kv kv[PROVIDER_KEYS_MAX];
} providers;

int
conf_provider_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 24)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

/* "stripe.secret_key" or "stripe.acme.secret_key" (after "provider.").
 * Returns the field's index, or -1 when the key is not a provider key. */
static int
provider_key_parse(const char *rest)
{
	const char *dot1 = strchr(rest, '.'), *field, *dot2;

	if (dot1 == NULL || !conf_provider_name_ok(rest, (size_t)(dot1 - rest)))
		return -1;
	field = dot1 + 1;
	if ((dot2 = strchr(field, '.')) != NULL) {
		if (!conf_provider_name_ok(field, (size_t)(dot2 - field)))
			return -1;
		field = dot2 + 1;
	}
	for (size_t i = 0; i < TG_NELEM(provider_fields); i++)
		if (strcmp(provider_fields[i].field, field) == 0)
			return (int)i;
	return -1;
}

static int
provider_set(const char *key, const char *v)
{
	const char *rest;
	int f;
	size_t i;

	if (strncmp(key, "provider.", 9) != 0)
		return -2;
	rest = key + 9;
	if ((f = provider_key_parse(rest)) < 0 || strlen(rest) >= sizeof(providers.kv[0].key) ||
	    strlen(v) >= sizeof(providers.kv[0].val))
		return -1;
	for (i = 0; i < providers.n; i++)
		if (strcmp(providers.kv[i].key, rest) == 0)
			break;
	if (i == providers.n) {
		if (providers.n == PROVIDER_KEYS_MAX)
			return -1;
		providers.n++;
	}
	snprintf(providers.kv[i].key, sizeof(providers.kv[i].key), "%s", rest);
	snprintf(providers.kv[i].val, sizeof(providers.kv[i].val), "%s", v);
	providers.kv[i].secret = provider_fields[f].secret;
	return 0;
}

const char *
conf_provider(const char *name, const char *account, const char *field)
{
	char key[96];

	if (account != NULL && *account)
		snprintf(key, sizeof(key), "%s.%s.%s", name, account, field);
	else
		snprintf(key, sizeof(key), "%s.%s", name, field);
	for (size_t i = 0; i < providers.n; i++)
		if (strcmp(providers.kv[i].key, key) == 0)
			return providers.kv[i].val[0] ? providers.kv[i].val : NULL;
	return NULL;
}

/* TAILGATE_PROVIDER_STRIPE_ACME_SECRET_KEY: the field is matched from the end
 * (field names hold underscores, provider and account names do not). */
static int
provider_env(const char *envname, const char *v)
{
	char lower[96], key[128];
	const char *rest = envname + strlen("TAILGATE_PROVIDER_");
	size_t n = strlen(rest);

	if (n >= sizeof(lower))
		return -1;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)rest[i]);
	for (size_t i = 0; i < TG_NELEM(provider_fields); i++) {
		size_t fl = strlen(provider_fields[i].field);
		char head[96];

		if (n <= fl + 1 || lower[n - fl - 1] != '_' ||
		    strcmp(lower + n - fl, provider_fields[i].field) != 0)
			continue;
		snprintf(head, sizeof(head), "%.*s", (int)(n - fl - 1), lower);
		for (char *c = head; *c; c++)
			if (*c == '_')
				*c = '.';
		snprintf(key, sizeof(key), "provider.%s.%s", head, provider_fields[i].field);
		return provider_set(key, v);
	}
	return -1;
}

static const struct conf_key *
find_key(const char *name)
{
	for (size_t i = 0; i < TG_NELEM(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
set_key(const struct conf_key *k, const char *v)
{
	char *dst = (char *)&conf + k->off;
	long long n;

	switch (k->type) {
	case C_STR:
		if (strlen(v) >= k->size)
			return -1;
		memcpy(dst, v, strlen(v) + 1);
		return 0;
	case C_BOOL:
		if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
		    strcmp(v, "on") == 0)
			n = 1;
		else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
		    strcmp(v, "off") == 0)
			n = 0;
		else
			return -1;
		*(int *)dst = (int)n;
		return 0;
	case C_INT:
		if (util_parse_ll(v, &n) != 0 || n < 0 || n > 0x7fffffff)
			return -1;
		*(int *)dst = (int)n;
		return 0;
	case C_LONG:
		if (util_parse_ll(v, &n) != 0 || n < 0)
			return -1;
		*(long *)dst = (long)n;
		return 0;
	}
	return -1;
}

int
conf_set(const char *key, const char *value)
{
	const struct conf_key *k = find_key(key);
	int rc;

	if (k == NULL && (rc = provider_set(key, value)) != -2)
		return rc;
	if (k == NULL)
		return -1;
	return set_key(k, value);
}

void
conf_defaults(void)
{
	memset(&conf, 0, sizeof(conf));
	memset(&providers, 0, sizeof(providers));
	for (size_t i = 0; i < TG_NELEM(keys); i++)
		if (set_key(&keys[i], keys[i].def) != 0)
			abort();
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
load_file(const char *path)
{
	char line[2048];
	int lineno = 0, rc = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		log_error("config %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = trim(line), *eq;
		const struct conf_key *k;

		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			log_error("%s:%d: expected key = value", path, lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		if ((k = find_key(trim(s))) == NULL) {
			int p = provider_set(trim(s), trim(eq + 1));

			if (p == -2)
				log_error("%s:%d: unknown key '%s'", path, lineno, trim(s));
			else if (p != 0)
				log_error(
				    "%s:%d: bad provider key or value '%s'", path, lineno, trim(s));
			rc = p == 0 ? rc : -1;
		} else if (set_key(k, trim(eq + 1)) != 0) {
			log_error("%s:%d: bad value for '%s'", path, lineno, k->name);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

static void
env_name(const char *key, char *out, size_t outsz)
{
	size_t n = (size_t)snprintf(out, outsz, "TAILGATE_");

	for (; *key && n + 1 < outsz; key++)
		out[n++] = *key == '.' ? '_' : (char)toupper((unsigned char)*key);
	out[n] = '\0';
}

int
conf_load(const char *path)
{
	struct conf before = conf;
	struct provider_tab *pbefore = malloc(sizeof(*pbefore));
	int rc = 0;

	if (pbefore != NULL)
		*pbefore = providers;

	conf_defaults();
	if (path != NULL && load_file(path) != 0)
		rc = -1;
	for (size_t i = 0; i < TG_NELEM(keys); i++) {
		char name[96];
		const char *v;

		env_name(keys[i].name, name, sizeof(name));
		if ((v = getenv(name)) != NULL && set_key(&keys[i], v) != 0) {
			log_error("environment %s: bad value", name);
			rc = -1;
		}
	}
	for (char **e = environ; *e != NULL; e++) {
		const char *eq = strchr(*e, '=');
		char name[96];

		if (strncmp(*e, "TAILGATE_PROVIDER_", 18) != 0 || eq == NULL ||
		    (size_t)(eq - *e) >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(eq - *e), *e);
		if (provider_env(name, eq + 1) != 0) {
			log_error("environment %s: not a provider key, or a bad value", name);
			rc = -1;
		}
	}
	if (rc != 0) {
		/* all or nothing: a reload never leaves a half-read file */
		conf = before;
		if (pbefore != NULL)
			providers = *pbefore;
	}
	free(pbefore);
	return rc;
}

/* Output with truncation that always leaves room for the terminator. */
struct out {
	char *p;
	size_t n, cap;
};

static void
put(struct out *o, char c)
{
	if (o->n + 1 < o->cap)
		o->p[o->n++] = c;
}

static void
puts_out(struct out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

/* postgresql://user:SECRET@host/db?password=SECRET&... */
static void
mask_uri(const char *in, struct out *o)
{
	const char *auth = strstr(in, "://") + 3;
	const char *end = auth + strcspn(auth, "/?");
	const char *at = memchr(auth, '@', (size_t)(end - auth)), *p = in, *q;

	for (; p < auth; p++)
		put(o, *p);
	if (at != NULL) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));

		for (; p < (colon ? colon + 1 : at); p++)
			put(o, *p);
		if (colon != NULL)
			puts_out(o, "***");
		p = at;
	}
	q = strchr(p, '?');
	for (; *p && (q == NULL || p <= q); p++)
		put(o, *p);
	while (q != NULL && *p) {
		size_t len = strcspn(p, "&");

		if (strncmp(p, "password=", 9) == 0) {
			puts_out(o, "password=***");
		} else {
			for (size_t i = 0; i < len; i++)
				put(o, p[i]);
		}
		p += len;
		if (*p == '&')
			put(o, *p++);
	}
}

/* key = value pairs; values may be 'quoted' and use backslash escapes. */
static void
mask_keyvalue(const char *in, struct out *o)
{
	const char *p = in;

	while (*p) {
		if (strncasecmp(p, "password", 8) == 0 &&
		    (p == in || isspace((unsigned char)p[-1]))) {
			const char *v = p + 8;

			while (isspace((unsigned char)*v))
				v++;
			if (*v == '=') {
				v++;
				while (isspace((unsigned char)*v))
					v++;
				puts_out(o, "password=***");
				if (*v == '\'') {
					for (v++; *v && *v != '\''; v++)
						if (*v == '\\' && v[1])
							v++;
					if (*v == '\'')
						v++;
				} else {
					for (; *v && !isspace((unsigned char)*v); v++)
						if (*v == '\\' && v[1])
							v++;
				}
				p = v;
				continue;
			}
		}
		put(o, *p++);
	}
}

/* Masks passwords in a libpq conninfo in both of libpq's forms: a URI
 * (which libpq recognises only by its scheme prefix) or key = value text. */
void
conf_mask_conninfo(const char *in, char *out, size_t outsz)
{
	struct out o = { out, 0, outsz };

	if (outsz == 0)
		return;
	if (strncmp(in, "postgresql://", 13) == 0 || strncmp(in, "postgres://", 11) == 0)
		mask_uri(in, &o);
	else
		mask_keyvalue(in, &o);
	out[o.n] = '\0';
}

void
conf_mask_secret(const char *in, char *out, size_t outsz)
{
	/* Stripe-style keys say their kind and mode before the random part:
	 * sk_test_, rk_live_, whsec_. Show that much, never the rest. */
	size_t keep = 0;

	if (outsz == 0)
		return;
	for (size_t i = 0; in[i] && i < 8; i++)
		if (in[i] == '_')
			keep = i + 1;
	if (in[0] == '\0')
		keep = 0;
	snprintf(out, outsz, "%.*s%s", (int)keep, in, in[0] ? "***" : "");
}

void
conf_dump(struct buf *b)
{
	for (size_t i = 0; i < TG_NELEM(keys); i++) {
		const struct conf_key *k = &keys[i];
		const char *src = (const char *)&conf + k->off;
		char masked[1100];

		switch (k->type) {
		case C_STR:
			if (k->secret == 2) {
				conf_mask_conninfo(src, masked, sizeof(masked));
				buf_printf(b, "%s = %s\n", k->name, masked);
			} else
				buf_printf(b, "%s = %s\n", k->name, k->secret ? "***" : src);
			break;
		case C_INT:
		case C_BOOL:
			buf_printf(b, "%s = %d\n", k->name, *(const int *)src);
			break;
		case C_LONG:
			buf_printf(b, "%s = %ld\n", k->name, *(const long *)src);
			break;
		}
	}
	for (size_t i = 0; i < providers.n; i++) {
		char masked[600];

		if (providers.kv[i].secret)
			conf_mask_secret(providers.kv[i].val, masked, sizeof(masked));
		buf_printf(b, "provider.%s = %s\n", providers.kv[i].key,
		    providers.kv[i].secret ? masked : providers.kv[i].val);
	}
}
