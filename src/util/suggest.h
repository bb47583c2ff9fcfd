/*
 * suggest.h - the one edit distance of dejure, behind every "did you
 * mean": codes of a dataset, batch file keys, commands and views.
 */
#ifndef DJ_SUGGEST_H
#define DJ_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/alloc.h"
#include "dejure/error.h"

/* Levenshtein distance of a and b, ASCII letters compared ignoring case;
   INT_MAX when either is longer than 32 bytes (long words are never
   close, and the cost stays bounded). */
DJ_HIDDEN int dj_edit_distance(const char *a, const char *b);

/* dj_suggest over words[idx[i]] (words[i] when idx is NULL), i < n. */
DJ_HIDDEN const char *dj_suggest_among(const char *word, const char *const *words,
                                       const uint32_t *idx, size_t n);

#endif
