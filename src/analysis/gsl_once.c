/*
 * gsl_once.c - GSL's error handler, switched off once for the process.
 *
 * GSL's default handler aborts on an error; the library must never abort
 * its caller, so every GSL status is checked instead and the handler is
 * turned off. The handler is one process-wide pointer: turning it off and
 * back around each call (as this library once did) races between two
 * threads, so it is turned off once, on first use, and never restored.
 * dejure.h documents this.
 */
#include <pthread.h>

#include <gsl/gsl_errno.h>

#include "analysis/gsl_once.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void handler_off(void)
{
    gsl_set_error_handler_off();
}

void dj_gsl_init(void)
{
    pthread_once(&once, handler_off);
}
