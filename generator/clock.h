/*
 * clock.h: a monotonic clock, to time builds and to wait for a quiet
 * moment.  It never jumps when the computer's date is set.  Owns
 * nothing.
 */
#ifndef PAMPHLET_CLOCK_H
#define PAMPHLET_CLOCK_H

/* Milliseconds since some fixed moment in the past (CLOCK_MONOTONIC):
 * only differences between two calls mean something. */
double clock_ms(void);

#endif
