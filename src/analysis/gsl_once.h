/*
 * gsl_once.h - call dj_gsl_init() before any GSL call (gsl_once.c).
 */
#ifndef DJ_GSL_ONCE_H
#define DJ_GSL_ONCE_H

#include "util/alloc.h" /* DJ_HIDDEN */

DJ_HIDDEN void dj_gsl_init(void);

#endif
