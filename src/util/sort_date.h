/*
 * sort_date.h - a stable sort by date, for arrays of any struct with a
 * dj_date member `date`: an insertion sort for short arrays, else an LSD
 * radix sort on the bytes of the date (sign bit flipped, so that days
 * before 1970 come first), skipping a byte that is the same everywhere.
 * One definition, instantiated per element type:
 *
 *     DJ_DEFINE_SORT_BY_DATE(sort_by_date, dj_pair_item)
 *
 * defines `static void sort_by_date(dj_pair_item *v, size_t n,
 * dj_pair_item *tmp)`, tmp holding n items. Stable: equal dates keep
 * their order (order.c relies on it for file order).
 * DJ_DEFINE_SORT_BY_KEY(name, type, key) is the same for any type whose
 * date is key(x): the identity for a bare array of dj_date.
 */
#ifndef DJ_SORT_DATE_H
#define DJ_SORT_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DJ_SORT_DATE_SHORT 48 /* below: insertion sort */

#define DJ_SORT_DATE_DIGIT(d, shift) ((((uint32_t)(d) ^ 0x80000000u) >> (shift)) & 0xffu)
#define DJ_SORT_DATE_MEMBER(x) ((x).date)
#define DJ_SORT_DATE_SELF(x) (x)

#define DJ_DEFINE_SORT_BY_DATE(name, type) DJ_DEFINE_SORT_BY_KEY(name, type, DJ_SORT_DATE_MEMBER)

#define DJ_DEFINE_SORT_BY_KEY(name, type, key)                                  \
    static void name(type *v, size_t n, type *tmp)                              \
    {                                                                           \
        if (n < DJ_SORT_DATE_SHORT) {                                           \
            for (size_t i = 1; i < n; i++) {                                    \
                type x = v[i];                                                  \
                size_t j = i;                                                   \
                while (j > 0 && key(v[j - 1]) > key(x)) {                       \
                    v[j] = v[j - 1];                                            \
                    j--;                                                        \
                }                                                               \
                v[j] = x;                                                       \
            }                                                                   \
            return;                                                             \
        }                                                                       \
        type *src = v, *dst = tmp;                                              \
        for (int shift = 0; shift < 32; shift += 8) {                           \
            size_t count[256] = {0};                                            \
            for (size_t i = 0; i < n; i++)                                      \
                count[DJ_SORT_DATE_DIGIT(key(src[i]), shift)]++;                \
            if (count[DJ_SORT_DATE_DIGIT(key(src[0]), shift)] == n)             \
                continue; /* one byte everywhere */                             \
            size_t sum = 0;                                                     \
            for (size_t d = 0; d < 256; d++) {                                  \
                size_t c = count[d];                                            \
                count[d] = sum;                                                 \
                sum += c;                                                       \
            }                                                                   \
            for (size_t i = 0; i < n; i++)                                      \
                dst[count[DJ_SORT_DATE_DIGIT(key(src[i]), shift)]++] = src[i];  \
            type *t = src;                                                      \
            src = dst;                                                          \
            dst = t;                                                            \
        }                                                                       \
        if (src != v)                                                           \
            memcpy(v, src, n * sizeof *v);                                      \
    }

#endif
