/*
 * radix_sort.h - one stable sort for every array the library sorts by a
 * 32-bit key (dates, actor indices): an insertion sort for short arrays,
 * else an LSD radix sort on the key's bytes, skipping a byte that is the
 * same everywhere. One definition, instantiated per element type and key:
 *
 *     DJ_DEFINE_RADIX_SORT(sort_by_date, dj_pair_item, DJ_SORT_KEY_DATE)
 *
 * defines `static void sort_by_date(dj_pair_item *v, size_t n,
 * dj_pair_item *tmp)`, tmp holding n items. Stable: equal keys keep their
 * order (order.c relies on it for file order). A key maps an element to
 * a uint32_t whose order is the order wanted: a date with its sign bit
 * flipped (so that days before 1970 come first), an index as it is.
 */
#ifndef DJ_RADIX_SORT_H
#define DJ_RADIX_SORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DJ_RADIX_SORT_SHORT 48 /* below: insertion sort */

#define DJ_SORT_KEY_DATE(x) ((uint32_t)(x).date ^ 0x80000000u)  /* a struct's `date` */
#define DJ_SORT_KEY_DATE_SELF(x) ((uint32_t)(x) ^ 0x80000000u)  /* a bare dj_date */
#define DJ_SORT_KEY_U32(x) (x)
#define DJ_RADIX_DIGIT(k, shift) (((k) >> (shift)) & 0xffu)

#define DJ_DEFINE_RADIX_SORT(name, type, key)                                   \
    static void name(type *v, size_t n, type *tmp)                              \
    {                                                                           \
        if (n < DJ_RADIX_SORT_SHORT) {                                          \
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
                count[DJ_RADIX_DIGIT(key(src[i]), shift)]++;                    \
            if (count[DJ_RADIX_DIGIT(key(src[0]), shift)] == n)                 \
                continue; /* one byte everywhere */                             \
            size_t sum = 0;                                                     \
            for (size_t d = 0; d < 256; d++) {                                  \
                size_t c = count[d];                                            \
                count[d] = sum;                                                 \
                sum += c;                                                       \
            }                                                                   \
            for (size_t i = 0; i < n; i++)                                      \
                dst[count[DJ_RADIX_DIGIT(key(src[i]), shift)]++] = src[i];      \
            type *t = src;                                                      \
            src = dst;                                                          \
            dst = t;                                                            \
        }                                                                       \
        if (src != v)                                                           \
            memcpy(v, src, n * sizeof *v);                                      \
    }

#endif
