/*
 * test_output.c - number formats, CSV quoting, gnuplot strings, atomic
 * files that never leave half-written output, and the pool that frees
 * the files they replace.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
/* the release pool is internal to the library (white-box test) */
#include "output/output_impl.h"

static char tmpdir[256];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 21];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char *render(void (*fn)(dj_out *, const void *), const void *arg)
{
    char path[300];
    dj_out *o;
    snprintf(path, sizeof path, "%s/render.txt", tmpdir);
    CU_ASSERT_EQUAL_FATAL(dj_out_open(&o, path, NULL), 0);
    fn(o, arg);
    CU_ASSERT_EQUAL_FATAL(dj_out_commit(o, NULL), 0);
    return slurp(path);
}

static void all_percents(dj_out *o, const void *arg)
{
    (void)arg;
    for (unsigned den = 1; den <= 400; den++)
        for (unsigned num = 0; num <= den; num++) {
            dj_out_percent(o, num, den);
            dj_out_char(o, '\n');
        }
}

static void percent_matches_printf_two_decimals(void)
{
    const char *got = render(all_percents, NULL);
    /* compare with the C library, line by line (C locale) */
    const char *p = got;
    int bad = 0;
    for (unsigned den = 1; den <= 400; den++)
        for (unsigned num = 0; num <= den; num++) {
            char want[32];
            int n = snprintf(want, sizeof want, "%.2f\n", 100.0 * num / den);
            if (strncmp(p, want, (size_t)n) != 0 && bad++ < 5)
                fprintf(stderr, "%u/%u: want %s", num, den, want);
            p = strchr(p, '\n');
            if (!p)
                break;
            p++;
        }
    CU_ASSERT_EQUAL(bad, 0);
}

static void small_shares(dj_out *o, const void *arg)
{
    (void)arg;
    dj_out_percent(o, 1, 20000); /* 0.005 exactly, a hair above in binary */
    dj_out_char(o, ' ');
    dj_out_percent(o, 1, 32);    /* 3.125: a binary tie, to even */
    dj_out_char(o, ' ');
    dj_out_percent(o, 5, 0);     /* no members: empty */
}

static void percent_rounds_the_binary_value_as_printf_does(void)
{
    CU_ASSERT_STRING_EQUAL(render(small_shares, NULL), "0.01 3.12 ");
}

/* Whole numbers around every power of ten up to 2^64 - 1: each length of
   digits, and each edge between two lengths. */
static void powers_of_ten(dj_out *o, const void *arg)
{
    (void)arg;
    dj_out_u64(o, 0);
    dj_out_char(o, ' ');
    for (uint64_t p = 10;; p *= 10) {
        dj_out_u64(o, p - 1);
        dj_out_char(o, ' ');
        dj_out_u64(o, p);
        dj_out_char(o, ' ');
        if (p > UINT64_MAX / 10)
            break;
    }
    dj_out_u64(o, UINT64_MAX);
}

static void whole_numbers_have_every_digit(void)
{
    char want[1024];
    size_t n = (size_t)snprintf(want, sizeof want, "0 ");
    for (uint64_t p = 10;; p *= 10) {
        n += (size_t)snprintf(want + n, sizeof want - n, "%llu %llu ",
                              (unsigned long long)(p - 1), (unsigned long long)p);
        if (p > UINT64_MAX / 10)
            break;
    }
    snprintf(want + n, sizeof want - n, "%llu", (unsigned long long)UINT64_MAX);
    CU_ASSERT_STRING_EQUAL(render(powers_of_ten, NULL), want);
}

/* Values to format at every number of decimals: a spread of magnitudes
   and signs, decimal fractions (not exact in binary), and exact binary
   ties such as 2.5 and 0.125 that printf rounds to even. */
static double fixed_value(unsigned long i)
{
    unsigned long long h = (i + 1) * 0x9e3779b97f4a7c15ULL; /* a hash of i */
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    double r = (double)(h >> 11) / 9007199254740992.0; /* [0, 1) */
    switch (i % 6) {
    case 0: return (r - 0.5) * pow(10.0, (double)(i % 31) - 15);
    case 1: return (double)(i % 100000) / 1000.0;
    case 2: return (double)(i % 4096) / 8.0 + 0.0625;
    case 3: return -(double)(i % 2000) / 16.0;
    case 4: return 104.0 + r;
    default: return (double)(i % 1000) / pow(10.0, (double)(i % 9)) - 1e-7 * r;
    }
}

#define FIXED_COUNT 60000
static void all_fixed(dj_out *o, const void *arg)
{
    (void)arg;
    for (unsigned long i = 0; i < FIXED_COUNT; i++) {
        dj_out_fixed(o, fixed_value(i), (int)(i % 10));
        dj_out_char(o, '\n');
    }
    static const double odd[] = {0.0, -0.0, -0.0004, 0.5, 1.5, 2.5, 999999999999999.0, 1e15, 0.125};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        for (int d = 0; d <= 9; d++) {
            dj_out_fixed(o, odd[i], d);
            dj_out_char(o, '\n');
        }
}

static void fixed_decimals_match_printf_digit_for_digit(void)
{
    const char *p = render(all_fixed, NULL);
    int bad = 0;
    char want[64];
    static const double odd[] = {0.0, -0.0, -0.0004, 0.5, 1.5, 2.5, 999999999999999.0, 1e15, 0.125};
    size_t total = FIXED_COUNT + 10 * sizeof odd / sizeof *odd;
    for (size_t i = 0; i < total && p; i++) {
        double v;
        int d;
        if (i < FIXED_COUNT)
            v = fixed_value(i), d = (int)(i % 10);
        else
            v = odd[(i - FIXED_COUNT) / 10], d = (int)((i - FIXED_COUNT) % 10);
        snprintf(want, sizeof want, "%.*f\n", d, v);
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        size_t len = (size_t)(nl - p) + 1;
        if ((len != strlen(want) || strncmp(p, want, len) != 0) && bad++ < 5)
            fprintf(stderr, "\n  %.17g at %d: want %s  got %.*s", v, d, want, (int)len, p);
        p = nl + 1;
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* Three decimals, the curves' format: values with every length of
   integer part (0 to 12 digits), both signs, and fractions near a
   rounding step, against printf. */
#define FIXED3_COUNT 40000
static double fixed3_value(unsigned long i)
{
    unsigned long long h = (i + 7) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    double r = (double)(h >> 11) / 9007199254740992.0;      /* [0, 1) */
    double v = r * pow(10.0, (double)(i % 13));              /* 0 to 12 digits */
    if (i % 5 == 1)
        v = floor(v * 1000.0) / 1000.0 + 0.0005 * (i % 3);  /* near a step */
    return i % 2 ? -v : v;
}

static void three_decimals(dj_out *o, const void *arg)
{
    (void)arg;
    for (unsigned long i = 0; i < FIXED3_COUNT; i++) {
        dj_out_fixed(o, fixed3_value(i), 3);
        dj_out_char(o, '\n');
    }
}

static void three_decimals_match_printf_at_every_length(void)
{
    const char *p = render(three_decimals, NULL);
    char want[64];
    int bad = 0;
    for (unsigned long i = 0; i < FIXED3_COUNT && p; i++) {
        double v = fixed3_value(i);
        snprintf(want, sizeof want, "%.3f\n", v);
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        size_t len = (size_t)(nl - p) + 1;
        if ((len != strlen(want) || strncmp(p, want, len) != 0) && bad++ < 5)
            fprintf(stderr, "\n  %.17g: want %s  got %.*s", v, want, (int)len, p);
        p = nl + 1;
    }
    CU_ASSERT_EQUAL(bad, 0);
}

static void gp(dj_out *o, const void *arg)
{
    dj_out_gp_string(o, arg);
}

static void gnuplot_strings_escape_everything_active(void)
{
    CU_ASSERT_STRING_EQUAL(render(gp, "C\xc3\xb4te d'Ivoire"), "\"C\xc3\xb4te d'Ivoire\"");
    CU_ASSERT_STRING_EQUAL(render(gp, "a\"b\\c"), "\"a\\\"b\\\\c\"");
    CU_ASSERT_STRING_EQUAL(render(gp, "`touch CANARY`"), "\"\\140touch CANARY\\140\"");
    CU_ASSERT_STRING_EQUAL(render(gp, "@macro"), "\"\\100macro\"");
    CU_ASSERT_STRING_EQUAL(render(gp, "two\nlines"), "\"two lines\"");
}

static void csv(dj_out *o, const void *arg)
{
    dj_out_csv(o, arg);
}

static void csv_fields_are_quoted_only_when_needed(void)
{
    CU_ASSERT_STRING_EQUAL(render(csv, "Kosovo"), "Kosovo");
    CU_ASSERT_STRING_EQUAL(render(csv, "Korea, South"), "\"Korea, South\"");
    CU_ASSERT_STRING_EQUAL(render(csv, "say \"hi\""), "\"say \"\"hi\"\"\"");
}

static void aborted_output_leaves_the_previous_file_untouched(void)
{
    char path[300];
    dj_out *o;
    snprintf(path, sizeof path, "%s/table.csv", tmpdir);
    CU_ASSERT_EQUAL(dj_write_file(path, "old\n", 4, NULL), 0);
    CU_ASSERT_EQUAL_FATAL(dj_out_open(&o, path, NULL), 0);
    dj_out_str(o, "new, half-writ");
    dj_out_abort(o);
    CU_ASSERT_STRING_EQUAL(slurp(path), "old\n");
    /* no temporary file is left behind */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | grep -c '^\\.') -eq 0", tmpdir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static void output_into_a_missing_folder_is_an_io_error(void)
{
    dj_out *o;
    dj_error err;
    CU_ASSERT_EQUAL(dj_out_open(&o, "/nonexistent/dejure/x.csv", &err), DJ_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot create"));
}

/* An output being written is a file of its own, with the mode any new
   file gets (0666 less the umask) and closed on exec, so that a gnuplot
   started meanwhile does not hold it. */
static void outputs_being_written_are_closed_on_exec_with_the_umask_mode(void)
{
    char path[300], want[320], link[400], fdpath[64];
    dj_out *o;
    snprintf(path, sizeof path, "%s/modes.csv", tmpdir);
    mode_t old = umask(027);
    int rc = dj_out_open(&o, path, NULL);
    umask(old);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    dj_out_str(o, "a,b\n");
    /* find its descriptor among the process's: the temporary beside it */
    snprintf(want, sizeof want, "%s/.modes.csv.", tmpdir);
    int found = 0;
    for (int fd = 3; fd < 1024 && !found; fd++) {
        snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(fdpath, link, sizeof link - 1);
        if (n <= 0)
            continue;
        link[n] = '\0';
        if (strncmp(link, want, strlen(want)) != 0)
            continue;
        found = 1;
        struct stat st;
        CU_ASSERT_EQUAL(fstat(fd, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 0777, 0640);
        CU_ASSERT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    }
    CU_ASSERT_TRUE(found);
    CU_ASSERT_EQUAL(dj_out_commit(o, NULL), 0);
    struct stat st;
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0640);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(percent_matches_printf_two_decimals),
        DJ_TEST(percent_rounds_the_binary_value_as_printf_does),
        DJ_TEST(whole_numbers_have_every_digit),
        DJ_TEST(fixed_decimals_match_printf_digit_for_digit),
        DJ_TEST(three_decimals_match_printf_at_every_length),
        DJ_TEST(gnuplot_strings_escape_everything_active),
        DJ_TEST(csv_fields_are_quoted_only_when_needed),
        DJ_TEST(aborted_output_leaves_the_previous_file_untouched),
        DJ_TEST(output_into_a_missing_folder_is_an_io_error),
        DJ_TEST(outputs_being_written_are_closed_on_exec_with_the_umask_mode),
        {NULL, NULL}};
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dejure-test-output-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    int rc = dj_run_tests("output", tests);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        rc++;
    return rc;
}
