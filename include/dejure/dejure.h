/*
 * dejure/dejure.h - the whole public API of libdejure.
 *
 * Flow: load (load.h) -> dataset (dataset.h) -> analyse (analysis.h) ->
 * write (tables.h, output.h, report.h). See README.md for an example.
 */
#ifndef DEJURE_DEJURE_H
#define DEJURE_DEJURE_H

#include "error.h"
#include "date.h"
#include "dataset.h"
#include "load.h"
#include "analysis.h"
#include "output.h"
#include "tables.h"
#include "report.h"
#include "sha256.h"
#include "batch.h"
#include "stats.h"
#include <dejure/version.h>

#endif
