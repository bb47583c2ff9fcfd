/*
 * suggest.c - the nearest word, for "did you mean" hints.
 */
#include <limits.h>
#include <string.h>

#include "util/suggest.h"

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

int dj_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return INT_MAX;
    int row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (upper(a[i - 1]) != upper(b[j - 1]));
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Words whose lengths differ by more than the allowed distance are
   skipped before the quadratic edit distance, so that a file of many
   unknown codes cannot make suggestions slow. */
const char *dj_suggest_among(const char *word, const char *const *words,
                             const uint32_t *idx, size_t n)
{
    const char *best = NULL;
    size_t len = strlen(word);
    /* close enough: at most a third of the word's letters differ */
    int allowed = (int)(len / 3 + 1);
    int bestd = INT_MAX;
    if (len > 32)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *w = words[idx ? idx[i] : i];
        size_t lw = strlen(w);
        if ((lw > len ? lw - len : len - lw) > (size_t)allowed)
            continue;
        int d = dj_edit_distance(word, w);
        if (d < bestd) {
            bestd = d;
            best = w;
        }
    }
    return best && bestd <= allowed && bestd < (int)len ? best : NULL;
}

const char *dj_suggest(const char *word, const char *const *words, size_t n)
{
    return dj_suggest_among(word, words, NULL, n);
}
