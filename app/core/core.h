/*
 * core: the primitives every other module stands on.
 *
 *   arena_*  per-request bump allocator with cleanups (nginx's pool idea):
 *            everything a request needs comes from one arena that is reset
 *            in one call; non-memory resources register a cleanup.
 *   buf_*    growable byte buffer (malloc-backed; output bodies, SQL-free
 *            text building).
 *   log_*    leveled logging to stderr, one line per event.
 *   conf_*   configuration: compiled defaults, one file, environment overrides.
 *   money_*, odds_*, line_*  money, odds and lines as exact integers.
 *   util_*   UUIDv7, hex/base64url, UTF-8 validation, clocks.
 *
 * Each primitive keeps its own short prefix; this header is the module's one
 * public face (docs/decisions.md).
 */
#ifndef TG_CORE_H
#define TG_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define TG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TG_NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* ---- results ----
 * One vocabulary for what a domain function reports (docs/architecture.md).
 * A function returns a struct tg_err by value; code TG_OK means success. The
 * web layer renders any other value once, as a page or as
 * {"error":{"code","message","fields"}}, with the status tg_status() maps. */
enum tg_code {
	TG_OK = 0,
	TG_BAD_REQUEST,     /* 400: malformed input */
	TG_UNAUTHENTICATED, /* 401: sign in first */
	TG_FORBIDDEN,       /* 403: this actor may not */
	TG_NOT_FOUND,       /* 404: no such thing (or not visible to this actor) */
	TG_CONFLICT,        /* 409: the current state does not allow it */
	TG_INVALID,         /* 422: a rule about the input; field names which */
	TG_LIMITED,         /* 429: too many attempts */
	TG_UNAVAILABLE,     /* 503: a dependency is down; retrying may succeed */
	TG_INTERNAL,        /* 500: unexpected; logged where it happened */
};

/* Several field errors at once (a form's, a settings document's), in input
 * order; the arrays belong to the caller (an arena, or http's req->errors). */
struct tg_fields {
	size_t n;
	const char *const *field;
	const char *const *msg;
};

struct tg_err {
	enum tg_code code;
	const char *reason; /* stable machine word for JSON ("insufficient_funds"); NULL: by code */
	const char *message;            /* human sentence; NULL: the code's default */
	const char *field;              /* the input field at fault, when one is */
	const struct tg_fields *fields; /* more field errors, when there are (NULL: none) */
};

#define TG_OK_VAL ((struct tg_err){ .code = TG_OK })
#define TG_ERR(c, r, m) ((struct tg_err){ .code = (c), .reason = (r), .message = (m) })
#define TG_FIELD_ERR(f, m) \
	((struct tg_err){  \
	    .code = TG_INVALID, .reason = "validation_failed", .message = (m), .field = (f) })

/* The HTTP status of a code (200 for TG_OK; 500 for an unknown code). Pure. */
int tg_status(enum tg_code);
/* The code for an HTTP status a lower layer still speaks (4xx/5xx; anything
 * unknown is TG_INTERNAL), so old status results map once. Pure. */
enum tg_code tg_code_of_status(int status);
/* The machine word: e->reason, or the code's default ("not_found"). */
const char *tg_reason(const struct tg_err *);
/* The sentence: e->message, or the code's default. */
const char *tg_message(const struct tg_err *);
/* Is it a refusal (4xx: the caller's to fix) rather than success or a fault? */
int tg_is_refusal(const struct tg_err *);

/* ---- arena ---- */
struct arena;
typedef void (*arena_cleanup_fn)(void *);

struct arena *arena_new(size_t chunk);
void arena_free(struct arena *);
/* Runs the cleanups (last registered first) and releases all but the first chunk. */
void arena_reset(struct arena *);
void *arena_alloc(struct arena *, size_t);
void *arena_calloc(struct arena *, size_t n, size_t sz);
char *arena_strdup(struct arena *, const char *);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_printf(struct arena *, const char *fmt, ...) TG_PRINTF(2, 3);
/* Registers fn(arg) to run at reset/free. Returns 0, or -1 when out of memory
 * (in which case fn(arg) has already been called). */
int arena_cleanup(struct arena *, arena_cleanup_fn fn, void *arg);
size_t arena_used(const struct arena *);

/* ---- buf ---- */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_init(struct buf *);
void buf_free(struct buf *);
void buf_reset(struct buf *);
int buf_reserve(struct buf *, size_t extra);
int buf_append(struct buf *, const void *, size_t);
int buf_puts(struct buf *, const char *);
int buf_printf(struct buf *, const char *fmt, ...) TG_PRINTF(2, 3);
int buf_vprintf(struct buf *, const char *fmt, va_list);
/* NUL-terminated view of the contents (never NULL). */
const char *buf_cstr(struct buf *);

/* ---- log ---- */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };
void log_init(const char *ident, enum log_level min);
void log_msg(enum log_level, const char *fmt, ...) TG_PRINTF(2, 3);
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
enum log_level log_level_parse(const char *);

/* ---- conf ---- */
struct conf {
	char root[512];          /* project root: templates/, tenants/, migrations/ */
	char socket[512];        /* FastCGI unix socket path */
	char socket_group[64];   /* group given to the socket (empty: leave as is) */
	char user[64];           /* serve and worker started as root switch to it */
	int workers;             /* 0: four per core */
	char db_url[1024];       /* application login role (tenant roles only) */
	char db_admin_url[1024]; /* migrations and tenant lifecycle */
	char log_level[16];
	long body_max; /* bytes */
	int fields_max;
	long field_len_max;   /* bytes */
	int session_idle;     /* seconds */
	int session_absolute; /* seconds */
	int cookie_secure;    /* __Host- prefix and Secure attribute */
	long pwhash_ops;
	long pwhash_mem;        /* bytes */
	int pwhash_concurrency; /* simultaneous Argon2id computations per host */
	char common_passwords[512];
	int pwhash_signin_concurrency; /* ... and sign-in checks, apart from those */
	int login_user_limit;          /* failures before an account is slowed down */
	int login_ip_limit;
	int signup_ip_limit;    /* sign-ups per address and hour */
	int signup_brand_limit; /* sign-ups per brand and hour */
	char live_publish[512]; /* unix socket of nginx's nchan publisher */
	int job_max_attempts;
};
extern struct conf conf;

/* Applies defaults, then the file (if path is non-NULL), then TAILGATE_* env.
 * Returns 0, or -1 with a message logged and the previous configuration kept. */
int conf_load(const char *path);
void conf_defaults(void);
int conf_set(const char *key, const char *value);
/* Writes the effective configuration with secrets masked. */
void conf_dump(struct buf *);
/* The provider section (provider.<name>[.<account>].<field>, see
 * scripts/tailgate.conf): the value, or NULL when unset or empty. */
const char *conf_provider(const char *name, const char *account, const char *field);
/* A provider or account name: 1..24 of [a-z0-9-]. */
int conf_provider_name_ok(const char *s, size_t n);
/* A secret for printing: its kind prefix (sk_test_, whsec_) and "***". */
void conf_mask_secret(const char *in, char *out, size_t outsz);
/* Masks password=... in a libpq conninfo for logging. */
void conf_mask_conninfo(const char *in, char *out, size_t outsz);

/* ---- money and odds (money.c) ---- */
#define MONEY_MAX INT64_C(100000000000000) /* 10^12 major units, in minor units */
#define ODDS_MIN 1001                      /* decimal 1.001, in thousandths */
#define ODDS_MAX 1000000                   /* decimal 1000.000 */
/* "12.34" -> 1234 minor units; at most two decimals; never negative. 0 or -1. */
int money_parse(const char *s, int64_t *out);
void money_format(int64_t minor, char *out, size_t n);
/* Non-negative decimal with at most `scale` decimals, times 10^scale:
 * ("0.55", 4) -> 5500. Rejects more decimals, junk and values above max. */
int money_fixed_parse(const char *s, int scale, int64_t max, int64_t *out);
/* "2.10" -> 2100; at most three decimals; within ODDS_MIN..ODDS_MAX. 0 or -1. */
int odds_parse(const char *s, int32_t *out);
void odds_format(int32_t odds, char *out, size_t n);
/* American to decimal thousandths: +150 -> 2500 exactly; -110 -> 1909
 * (1.90909..., nearest thousandth, half up). 0 or -1. */
int odds_from_american(int32_t american, int32_t *out);
/* Handicap/total line "-0.25" -> -25 hundredths; quarter steps only. 0 or -1. */
int odds_line_parse(const char *s, int32_t *out);
/* The same, as strings in the arena (pages and messages). */
const char *money_str(struct arena *, int64_t minor);
const char *odds_str(struct arena *, int32_t odds);
/* The CSS class of an amount or a rate: "credit", "debit" or "even". */
const char *money_sign_class(double v);
/* -25 -> "-0.25", 250 -> "2.5", 100 -> "+1" when plus (handicaps), "1" otherwise. */
void odds_line_format(int32_t line, int plus, char *out, size_t n);
/* Stake x odds in minor units, rounded down. */
int64_t money_payout(int64_t stake, int32_t odds);

/* ---- util ---- */
#define UUID_STRLEN 36
void util_uuid7(char out[UUID_STRLEN + 1]);
int util_uuid_valid(const char *);
void util_hex(const unsigned char *in, size_t n, char *out /* 2n+1 */);
int util_utf8_valid(const char *, size_t);
/* Monotonic microseconds. */
uint64_t util_now_us(void);
int util_parse_ll(const char *s, long long *out);
int util_slug_valid(const char *s);
int util_ident_valid(const char *s);
/* Lowercases ASCII in place; returns s. */
char *util_lower(char *s);
int util_cpu_count(void);
/* A command's argv asks for help: --help or -h after argv[0]. */
int util_help_requested(int argc, char **argv);
/* n random bytes as 2n hex digits in the arena (form keys); NULL when out of memory. */
char *util_random_hex(struct arena *, size_t n);

/* ---- listeners ----
 * A lower module announces an event to the modules above it without knowing
 * them: it keeps a tg_listeners list, exports <mod>_listen_<event>(fn), and
 * runs the functions in registration order where it used to call them.
 * app_init() (app/app.c) registers every listener once at start, before
 * any request, job or command runs. The functions are stored as the generic
 * function type and cast back to the event's own type by the module. */
#define TG_LISTENERS_MAX 8
typedef void (*tg_listener_fn)(void);
struct tg_listeners {
	tg_listener_fn fn[TG_LISTENERS_MAX];
	size_t n;
};
/* Appends fn; aborts the process when the list is full (a wiring bug). */
void tg_listeners_add(struct tg_listeners *, tg_listener_fn fn);
/* _exit(status) for a forked child (no atexit handlers, no stdio flush of
 * the parent's buffers) that, in a sanitizer build, first runs
 * LeakSanitizer: a worker that frees what it owns before it ends is checked
 * like a process that returns from main. */
__attribute__((noreturn)) void util_exit(int status);

#endif
