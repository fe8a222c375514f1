/*
 * app_wire: the listeners of the modules' events, registered once per
 * process before any request, job or command runs (app/main.c calls it first
 * thing). A lower module announces an event (bets placed, bets settled, the
 * social graph changed, a result recorded) without knowing who listens; the
 * order here is the order the listeners run in, inside the event's
 * transaction. docs/architecture.md describes the pattern.
 */
#ifndef TG_APP_WIRE_H
#define TG_APP_WIRE_H

void app_wire(void);

#endif
