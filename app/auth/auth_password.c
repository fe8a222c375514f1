/* Passwords: policy, Argon2id hashing under host-wide concurrency bounds. */
#include "auth.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

static char lock_dir[512] = "var/run";
static char **common;
static size_t ncommon;
static int common_loaded;

void
auth_init(const char *lockdir)
{
	snprintf(lock_dir, sizeof(lock_dir), "%s", lockdir);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The list (one password per line, '#!comment' lines skipped) is read once
 * per process, lowercased and sorted for binary search. */
static void
load_common(void)
{
	FILE *f;
	char line[256];
	size_t cap = 0;

	common_loaded = 1;
	if ((f = fopen(conf.common_passwords, "r")) == NULL) {
		log_warn("common password list %s: %s", conf.common_passwords, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (n == 0 || strncmp(line, "#!comment", 9) == 0)
			continue;
		if (ncommon == cap) {
			char **nv = realloc(common, (cap = cap ? cap * 2 : 4096) * sizeof(*nv));

			if (nv == NULL)
				break;
			common = nv;
		}
		common[ncommon++] = util_lower(strdup(line));
	}
	fclose(f);
	qsort(common, ncommon, sizeof(*common), cmp_str);
}

static int
in_common(const char *lower)
{
	if (!common_loaded)
		load_common();
	return ncommon && bsearch(&lower, common, ncommon, sizeof(*common), cmp_str) != NULL;
}

/* Common if the password, lowercased, is on the list, or is a listed word with
 * digits and punctuation around it ("password2024!", "!!monkey123"). */
int
auth_password_common(const char *pw)
{
	char buf[256], *s, *e;

	if (strlen(pw) >= sizeof(buf))
		return 0;
	snprintf(buf, sizeof(buf), "%s", pw);
	util_lower(buf);
	if (in_common(buf))
		return 1;
	s = buf;
	e = buf + strlen(buf);
	while (e > s && (isdigit((unsigned char)e[-1]) || ispunct((unsigned char)e[-1])))
		*--e = '\0';
	while (*s && (isdigit((unsigned char)*s) || ispunct((unsigned char)*s)))
		s++;
	return e - s >= 4 && in_common(s);
}

static int
monotonous(const char *pw)
{
	size_t n = strlen(pw), same = 1, seq = 1;

	for (size_t i = 1; i < n; i++) {
		same += pw[i] == pw[0];
		seq += pw[i] == pw[i - 1] + 1 || pw[i] == pw[i - 1] - 1;
	}
	return n > 0 && (same == n || seq == n);
}

const char *
auth_password_policy(const char *pw, const char *username, const char *email)
{
	size_t n = 0;
	char lw[256];

	for (const char *p = pw; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	if (n < 10)
		return "must be at least 10 characters";
	if (n > 128)
		return "must be at most 128 characters";
	if (monotonous(pw))
		return "is too easy to guess";
	if (auth_password_common(pw))
		return "is too common; choose something less predictable";
	if (strlen(pw) < sizeof(lw)) {
		snprintf(lw, sizeof(lw), "%s", pw);
		util_lower(lw);
		if (username != NULL && strlen(username) >= 3 && strlen(username) < sizeof(lw)) {
			char lu[256];

			snprintf(lu, sizeof(lu), "%s", username);
			if (strstr(lw, util_lower(lu)) != NULL)
				return "must not contain your username";
		}
		if (email != NULL && *email) {
			char local[128];
			size_t at = strcspn(email, "@");

			if (at >= 3 && at < sizeof(local)) {
				memcpy(local, email, at);
				local[at] = '\0';
				if (strstr(lw, util_lower(local)) != NULL)
					return "must not contain your email address";
			}
		}
	}
	return NULL;
}

/*
 * Hashing slots: two pools of lock files, so that sign-ins never queue
 * behind sign-ups. New hashes (sign-ups, password changes) take one of
 * conf.pwhash_concurrency "pwhash.N" slots; checking a password at sign-in
 * (and rehashing it there) takes one of conf.pwhash_signin_concurrency
 * "pwhash-signin.N" slots. A flock dies with its process, so a killed worker
 * never leaks a slot.
 */
enum pool { POOL_NEW, POOL_SIGNIN };

/* Takes a slot of the pool; returns its fd, -1 after ~3 s, -2 when the lock
 * files cannot be opened (then the hash runs unbounded rather than never). */
static int
slot_take(enum pool pool)
{
	int n = pool == POOL_NEW ? conf.pwhash_concurrency : conf.pwhash_signin_concurrency;
	const char *name = pool == POOL_NEW ? "pwhash" : "pwhash-signin";
	int slots = n > 0 ? n : 1;
	struct timespec nap = { 0, 5 * 1000 * 1000 };

	for (int tries = 0; tries < 600; tries++) {
		for (int i = 0; i < slots; i++) {
			char path[600];
			int fd;

			snprintf(path, sizeof(path), "%s/%s.%d.lock", lock_dir, name, i);
			if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
				return -2;
			if (flock(fd, LOCK_EX | LOCK_NB) == 0)
				return fd;
			close(fd);
		}
		nanosleep(&nap, NULL);
	}
	return -1;
}

static int
hash_in(enum pool pool, const char *pw, char out[128])
{
	int fd = slot_take(pool), rc;

	static int warned;

	if (fd == -1)
		return -2;
	if (fd == -2 && !warned++)
		log_warn("auth: the hashing slots in %s cannot be opened (%s); hashing without "
		         "the concurrency limit",
		    lock_dir, strerror(errno));
	rc = crypto_pwhash_str(out, pw, strlen(pw), (unsigned long long)conf.pwhash_ops,
	         (size_t)conf.pwhash_mem) == 0
	    ? 0
	    : -1;
	if (fd >= 0)
		close(fd);
	return rc;
}

int
auth_password_hash(const char *pw, char out[128])
{
	return hash_in(POOL_NEW, pw, out);
}

int
auth_password_rehash(const char *pw, char out[128])
{
	return hash_in(POOL_SIGNIN, pw, out);
}

int
auth_password_verify(const char *hash, const char *pw)
{
	int fd, rc;

	if (hash == NULL || *hash == '\0')
		return 0;
	if ((fd = slot_take(POOL_SIGNIN)) == -1)
		return -2;
	rc = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	if (fd >= 0)
		close(fd);
	return rc;
}

int
auth_password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(
	           hash, (unsigned long long)conf.pwhash_ops, (size_t)conf.pwhash_mem) != 0;
}

const char *
auth_username_check(const char *u)
{
	size_t n = strlen(u);

	if (n < 3 || n > 30)
		return "must be 3 to 30 characters";
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '_'))
			return "may contain only letters a-z, digits and underscores";
	return NULL;
}

const char *
auth_email_check(const char *e)
{
	const char *at = strchr(e, '@'), *dot;

	if (strlen(e) > 254)
		return "is too long";
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL)
		return "is not a valid email address";
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return "is not a valid email address";
	for (const char *p = e; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return "is not a valid email address";
	return NULL;
}
