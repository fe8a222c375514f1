/*
 * Listener lists: how a lower module announces an event to the modules above
 * it without including them (docs/architecture.md, "Events and listeners").
 */
#include <stdlib.h>

#include "core.h"

void
tg_listeners_add(struct tg_listeners *l, tg_listener_fn fn)
{
	if (l->n >= TG_LISTENERS_MAX) {
		log_error("listeners: more than %d for one event", TG_LISTENERS_MAX);
		abort();
	}
	l->fn[l->n++] = fn;
}
