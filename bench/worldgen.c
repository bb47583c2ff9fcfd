/*
 * worldgen.c - dejure-worldgen SEED N DIR: the synthetic-world inputs.
 *
 * Writes DIR/events.csv (N events) and DIR/blocs.csv with the
 * distributions of the benchmark workload: 200 actor codes of three
 * capital letters, max(1, N / 2000) subjects S00001.., event dates uniform
 * over 1950-01-01..2025-12-31, 90 % recognitions; 12 blocs B01..B12 of
 * 20..150 actors each, membership chains with 80 % open rows. The same
 * SEED and N give the same bytes (its own generator: the bytes differ from
 * other generators' of the same workload). The blocs are drawn before the
 * events, so one seed gives the same blocs.csv at every N.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NACTORS 200
#define NBLOCS 12
#define OPEN LONG_MIN /* days can be negative (before 1970) */

/* splitmix64: small, fast, and good enough for uniform draws. */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), by rejection so that no value is favoured. */
static uint64_t rng_below(uint64_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n, x;
    do
        x = rng_next();
    while (x >= lim);
    return x % n;
}

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* "YYYY-MM-DD" into p (10 bytes, no NUL). */
static char *put_date(char *p, long days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    p[0] = (char)('0' + y / 1000);
    p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10);
    p[3] = (char)('0' + y % 10);
    p[4] = '-';
    p[5] = (char)('0' + m / 10);
    p[6] = (char)('0' + m % 10);
    p[7] = '-';
    p[8] = (char)('0' + d / 10);
    p[9] = (char)('0' + d % 10);
    return p + 10;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        fprintf(stderr, "dejure-worldgen: path too long\n");
        exit(3);
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "dejure-worldgen: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    return f;
}

static void close_out(FILE *f, const char *name)
{
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "dejure-worldgen: cannot write %s\n", name);
        exit(3);
    }
}

typedef struct row {
    int bloc;
    int member;
    long joined, left; /* left == OPEN: still a member */
} row;

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: dejure-worldgen SEED N DIR\n");
        return 1;
    }
    char *end;
    errno = 0;
    unsigned long long seed = strtoull(argv[1], &end, 10);
    if (errno || *end || !argv[1][0]) {
        fprintf(stderr, "dejure-worldgen: SEED must be a whole number, found '%s'\n", argv[1]);
        return 1;
    }
    long long n = strtoll(argv[2], &end, 10);
    if (errno || *end || n < 0 || n > 100000000) {
        fprintf(stderr, "dejure-worldgen: N must be 0..100000000, found '%s'\n", argv[2]);
        return 1;
    }
    const char *dir = argv[3];
    char path[4096];
    size_t dl = strlen(dir);
    if (dl >= sizeof path) {
        fprintf(stderr, "dejure-worldgen: path too long\n");
        return 3;
    }
    memcpy(path, dir, dl + 1);
    for (size_t i = 1; i <= dl; i++) /* mkdir -p */
        if (path[i] == '/' || path[i] == '\0') {
            char c = path[i];
            path[i] = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "dejure-worldgen: %s: %s\n", path, strerror(errno));
                return 3;
            }
            path[i] = c;
        }
    rng_state = seed * 0x2545f4914f6cdd1dull + 1;

    /* 200 distinct actor codes */
    char actors[NACTORS][4];
    for (int i = 0; i < NACTORS; i++) {
        for (;;) {
            for (int k = 0; k < 3; k++)
                actors[i][k] = (char)('A' + rng_below(26));
            actors[i][3] = '\0';
            int dup = 0;
            for (int j = 0; j < i && !dup; j++)
                dup = memcmp(actors[i], actors[j], 3) == 0;
            if (!dup)
                break;
        }
    }

    /* blocs: membership chains, then shuffled */
    const long j_lo = days_from_civil(1940, 1, 1), j_hi = days_from_civil(2020, 12, 31);
    row *rows = NULL;
    size_t nrows = 0, caprows = 0;
    for (int b = 0; b < NBLOCS; b++) {
        int perm[NACTORS];
        for (int i = 0; i < NACTORS; i++)
            perm[i] = i;
        int size = 20 + (int)rng_below(131);
        for (int i = 0; i < size; i++) { /* partial Fisher-Yates */
            int j = i + (int)rng_below((uint64_t)(NACTORS - i));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < size; i++) {
            long joined = j_lo + (long)rng_below((uint64_t)(j_hi - j_lo + 1));
            for (;;) {
                if (nrows == caprows) {
                    caprows = caprows ? 2 * caprows : 1024;
                    rows = realloc(rows, caprows * sizeof *rows);
                    if (!rows) {
                        fprintf(stderr, "dejure-worldgen: out of memory\n");
                        return 3;
                    }
                }
                row *r = &rows[nrows++];
                r->bloc = b;
                r->member = perm[i];
                r->joined = joined;
                r->left = OPEN;
                if (rng_below(10) < 8)
                    break; /* open row: the chain ends */
                r->left = joined + 1 + (long)rng_below(10957);
                if (rng_below(2))
                    break;
                joined = r->left + (long)rng_below(3653);
                if (joined > j_hi)
                    break;
            }
        }
    }
    for (size_t i = nrows; i > 1; i--) {
        size_t j = (size_t)rng_below(i);
        row t = rows[i - 1];
        rows[i - 1] = rows[j];
        rows[j] = t;
    }
    FILE *f = open_out(dir, "blocs.csv");
    fputs("bloc,member,joined,left\n", f);
    for (size_t i = 0; i < nrows; i++) {
        char d1[11], d2[11] = "";
        *put_date(d1, rows[i].joined) = '\0';
        if (rows[i].left != OPEN)
            *put_date(d2, rows[i].left) = '\0';
        fprintf(f, "B%02d,%s,%s,%s\n", rows[i].bloc + 1, actors[rows[i].member], d1, d2);
    }
    close_out(f, "blocs.csv");
    free(rows);

    /* events, formatted by hand into a large buffer */
    long nsubj = n / 2000 > 1 ? (long)(n / 2000) : 1;
    const long e_lo = days_from_civil(1950, 1, 1), e_hi = days_from_civil(2025, 12, 31);
    f = open_out(dir, "events.csv");
    static char buf[1 << 20];
    size_t len = 0;
    len += (size_t)sprintf(buf, "date,actor,subject,type\n");
    for (long long i = 0; i < n; i++) {
        if (len > sizeof buf - 64) {
            fwrite(buf, 1, len, f);
            len = 0;
        }
        char *p = put_date(buf + len, e_lo + (long)rng_below((uint64_t)(e_hi - e_lo + 1)));
        const char *a = actors[rng_below(NACTORS)];
        long s = 1 + (long)rng_below((uint64_t)nsubj);
        *p++ = ',';
        memcpy(p, a, 3);
        p += 3;
        *p++ = ',';
        *p++ = 'S';
        p += sprintf(p, "%05ld", s);
        if (rng_below(10) == 0) {
            memcpy(p, ",withdraw\n", 10);
            p += 10;
        } else {
            memcpy(p, ",recognize\n", 11);
            p += 11;
        }
        len = (size_t)(p - buf);
    }
    fwrite(buf, 1, len, f);
    close_out(f, "events.csv");
    return 0;
}
