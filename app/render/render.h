/*
 * render: HTML through Google ctemplate (auto-escaping, one thin C++ file)
 * and JSON through jansson.
 *
 * Templates live in templates/; a brand may replace any of them with
 * tenants/<slug>/templates/<same path>. Each tenant gets its own template
 * cache whose search path is [tenant dir, default dir], so includes are
 * overridden the same way. Caches live for the worker's lifetime; SIGHUP
 * replaces workers, which reloads templates.
 */
#ifndef TG_RENDER_H
#define TG_RENDER_H

#include <jansson.h>

#include "../core/core.h"

typedef struct render_dict render_dict;

int render_init(const char *root);
/* A top-level dictionary freed when the arena is reset. */
render_dict *render_dict_new(struct arena *);
void render_set(render_dict *, const char *key, const char *value);
void render_setf(render_dict *, const char *key, const char *fmt, ...) TG_PRINTF(3, 4);
void render_set_int(render_dict *, const char *key, long long v);
/* Adds one iteration of section `name` and shows it. */
render_dict *render_section(render_dict *, const char *name);
void render_show(render_dict *, const char *name);
/* {{>name}} expands `file` with the returned dictionary (which sees its parent's values). */
render_dict *render_include(render_dict *, const char *name, const char *file);
/* Expands file for the tenant (NULL: defaults only) into out. 0 or -1. */
int render_expand(const char *tenant_slug, const char *file, render_dict *, struct buf *out);

/*
 * Rendered fragments cached per worker process: a fragment is served only
 * while the caller presents the version of the data it was rendered from
 * (an empty version is never cached). Templates do not change during a
 * worker's life (SIGHUP replaces workers), so they are not part of the
 * version. At most RENDER_CACHE_SLOTS fragments of RENDER_CACHE_MAX bytes.
 * get returns the fragment (valid until the next put) or NULL.
 */
#define RENDER_CACHE_SLOTS 256
#define RENDER_CACHE_MAX (64 * 1024)
const char *render_cache_get(const char *key, const char *version);
void render_cache_put(const char *key, const char *version, const char *html, size_t len);
void render_cache_clear(void);

/* Serialises JSON (steals the reference). 0 or -1. */
int render_json_dump(json_t *, struct buf *out);

#endif
