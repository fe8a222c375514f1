/*
 * Bump allocator in linked chunks. The first chunk is kept across resets so a
 * worker that serves small requests never returns to malloc in steady state.
 * Cleanups run in reverse order of registration, before memory is released.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	arena_cleanup_fn fn;
	void *arg;
};

struct arena {
	struct chunk *head; /* current chunk; the first one is at the end of the list */
	struct cleanup *cleanups;
	size_t chunk_size;
	size_t total;
};

static struct chunk *
chunk_new(size_t size)
{
	struct chunk *c = malloc(sizeof(*c) + size);

	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

struct arena *
arena_new(size_t chunk)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->chunk_size = chunk ? chunk : 64 * 1024;
	if ((a->head = chunk_new(a->chunk_size)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

static void
run_cleanups(struct arena *a)
{
	while (a->cleanups != NULL) {
		struct cleanup *c = a->cleanups;

		a->cleanups = c->next;
		c->fn(c->arg);
	}
}

void
arena_reset(struct arena *a)
{
	run_cleanups(a);
	while (a->head->next != NULL) {
		struct chunk *c = a->head;

		a->head = c->next;
		free(c);
	}
	a->head->used = 0;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->head);
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t off = (c->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (n == 0)
		n = 1;
	if (off > c->size || n > c->size - off) {
		size_t sz = n > a->chunk_size ? n : a->chunk_size;

		if ((c = chunk_new(sz)) == NULL)
			return NULL;
		c->next = a->head;
		a->head = c;
		off = 0;
	}
	c->used = off + n;
	a->total += n;
	return c->data + off;
}

void *
arena_calloc(struct arena *a, size_t n, size_t sz)
{
	void *p;

	if (sz != 0 && n > SIZE_MAX / sz)
		return NULL;
	if ((p = arena_alloc(a, n * sz)) != NULL)
		memset(p, 0, n * sz);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_cleanup(struct arena *a, arena_cleanup_fn fn, void *arg)
{
	struct cleanup *c = arena_alloc(a, sizeof(*c));

	if (c == NULL) {
		fn(arg);
		return -1;
	}
	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
