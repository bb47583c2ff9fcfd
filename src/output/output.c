/*
 * output.c - atomic, buffered, locale-free output files; running gnuplot.
 *
 * A dj_out writes into "DIR/.NAME.XXXXXX" (create_temp, same folder, so the
 * final rename is atomic) and renames it to "DIR/NAME" only once every
 * write and the close have succeeded. A failed or abandoned output is
 * unlinked; the previous file of that name is never touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "dejure/output.h"
#include "output/output_impl.h"

#define OUT_BUF 65536

/* ---- temporaries a signal handler must unlink ---- */

#define TEMP_SLOTS 64
static _Atomic(const char *) temp_slot[TEMP_SLOTS];
static atomic_int gnuplot_pid; /* running child, 0 when none */

int dj_temp_register(const char *path)
{
    for (int i = 0; i < TEMP_SLOTS; i++) {
        const char *expect = NULL;
        if (atomic_compare_exchange_strong(&temp_slot[i], &expect, path))
            return i;
    }
    return -1;
}

void dj_temp_unregister(int slot)
{
    if (slot >= 0 && slot < TEMP_SLOTS)
        atomic_store(&temp_slot[slot], NULL);
}

/* folders of temporaries (a chart's private render folder), removed
   once their files are */
#define TEMP_DIR_SLOTS 8
static _Atomic(const char *) temp_dir_slot[TEMP_DIR_SLOTS];

int dj_temp_register_dir(const char *path)
{
    for (int i = 0; i < TEMP_DIR_SLOTS; i++) {
        const char *expect = NULL;
        if (atomic_compare_exchange_strong(&temp_dir_slot[i], &expect, path))
            return i;
    }
    return -1;
}

void dj_temp_unregister_dir(int slot)
{
    if (slot >= 0 && slot < TEMP_DIR_SLOTS)
        atomic_store(&temp_dir_slot[slot], NULL);
}

void dj_out_cleanup_on_signal(void)
{
    /* only async-signal-safe calls: kill, waitpid, unlink, rmdir */
    int pid = atomic_exchange(&gnuplot_pid, 0);
    if (pid > 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (int i = 0; i < TEMP_SLOTS; i++) {
        const char *p = atomic_exchange(&temp_slot[i], NULL);
        if (p)
            unlink(p);
    }
    /* after their files: a folder goes only once it is empty */
    for (int i = 0; i < TEMP_DIR_SLOTS; i++) {
        const char *p = atomic_exchange(&temp_dir_slot[i], NULL);
        if (p)
            rmdir(p);
    }
}

/* ---- temporary names ---- */

/*
 * Replaces the last six characters of `tmp` (XXXXXX) and creates the file
 * (or, for create_temp_node's `folder`, the folder, like mkdtemp with 0777
 * less the umask), as mkstemp does: O_EXCL, so never an existing file and never through a
 * link, retried on a name that is taken. Unlike mkstemp, with the mode of
 * any new file (0666 less the umask, which the kernel applies): mkstemp's
 * 0600 would need a chmod, another metadata write per file, and reading
 * the umask means setting it, which threads writing files at once (a
 * report's curve files) must not do. Close-on-exec, so gnuplot never
 * inherits an output.
 */
static int create_temp_node(char *tmp, int folder)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static atomic_uint_fast64_t counter;
    size_t n = strlen(tmp);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = ((uint64_t)getpid() << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20);
    for (int attempt = 0; attempt < 100; attempt++) {
        /* splitmix64 of the seed and a process-wide count: threads and
           retries each get another name */
        uint64_t x = seed + (atomic_fetch_add(&counter, 1) + 1) * 0x9E3779B97F4A7C15u;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
        x ^= x >> 31;
        for (size_t i = n - 6; i < n; i++, x /= 62)
            tmp[i] = alphabet[x % 62];
        int fd = folder ? mkdir(tmp, 0777) : open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

static int create_temp(char *tmp)
{
    return create_temp_node(tmp, 0);
}

int dj_temp_dir_create(char *tmpl)
{
    return create_temp_node(tmpl, 1);
}

/* ---- names that must stay inside the output folder ---- */

int dj_out_name_check(const char *name, dj_error *err)
{
    size_t n = strlen(name);
    if (n == 0)
        return dj_error_set(err, DJ_EINVALID, "expected a file name, found an empty one");
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return dj_error_set(err, DJ_EINVALID,
                            "expected a file name inside the output folder, found '%s'", name);
    if (n > DJ_OUT_NAME_MAX)
        return dj_error_set(err, DJ_EINVALID,
                            "expected a file name of at most %d bytes, found %zu bytes",
                            DJ_OUT_NAME_MAX, n);
    if (name[0] == '.' || name[0] == '-')
        return dj_error_set(err, DJ_EINVALID,
                            "expected a file name not starting with '%c', found '%.64s'",
                            name[0], name);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '/' || c == '\\')
            return dj_error_set(err, DJ_EINVALID,
                                "expected a file name without '%c', found '%.64s'", c, name);
        if (c < 0x20 || c == 0x7f)
            return dj_error_set(err, DJ_EINVALID,
                                "expected a file name, found a control character at byte %zu",
                                i + 1);
    }
    return 0;
}

size_t dj_out_name_sanitize(char *buf, size_t size, const char *name)
{
    if (size < 2) {
        if (size)
            buf[0] = '\0';
        return 0;
    }
    size_t max = size - 1, n = 0;
    if (max > DJ_OUT_NAME_MAX)
        max = DJ_OUT_NAME_MAX;
    for (const char *p = name; *p && n < max; p++) {
        char c = *p;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (n == 0 && (c == '.' || c == '-'))
            keep = 0;
        buf[n++] = keep ? c : '_';
    }
    if (n == 0)
        buf[n++] = '_';
    buf[n] = '\0';
    return n;
}

int dj_out_path_join(char *buf, size_t size, const char *dir, const char *rel,
                     dj_error *err)
{
    char part[DJ_OUT_NAME_MAX + 2];
    if (rel[0] == '/')
        return dj_error_set(err, DJ_EINVALID,
                            "expected a path inside the output folder, found the absolute path '%.200s'",
                            rel);
    const char *p = rel;
    do {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n > DJ_OUT_NAME_MAX)
            return dj_error_set(err, DJ_EINVALID,
                                "expected names of at most %d bytes, found one of %zu in '%.200s'",
                                DJ_OUT_NAME_MAX, n, rel);
        memcpy(part, p, n);
        part[n] = '\0';
        if (dj_out_name_check(part, err)) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err ? err->msg : "");
            return dj_error_set(err, DJ_EINVALID, "output path '%.200s': %s", rel, why);
        }
        p = slash ? slash + 1 : NULL;
    } while (p);
    int w = snprintf(buf, size, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] != '/' ? "/" : "", rel);
    if (w < 0 || (size_t)w >= size)
        return dj_error_set(err, DJ_EINVALID, "output path '%.200s' too long", rel);
    return 0;
}

/* ---- the atomic writer ---- */

struct dj_out {
    int fd;
    int slot;            /* in the temporaries registry, -1 when none */
    int is_stdout;
    int err_no;          /* first write error, 0 when none */
    char *path;          /* final name; NULL for stdout */
    char *tmp;           /* temporary name */
    size_t len;
    char buf[OUT_BUF];
};

int dj_out_open(dj_out **out, const char *path, dj_error *err)
{
    dj_out *o = dj_malloc(sizeof *o);
    *out = NULL;
    if (!o)
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    o->fd = -1;
    o->slot = -1;
    o->is_stdout = 0;
    o->err_no = 0;
    o->path = o->tmp = NULL;
    o->len = 0;
    if (!path || strcmp(path, "-") == 0) {
        o->fd = STDOUT_FILENO;
        o->is_stdout = 1;
        *out = o;
        return 0;
    }
    if (!path[0]) {
        dj_free(o);
        return dj_error_set(err, DJ_EINVALID, "expected an output file name, found an empty one");
    }
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        dj_free(o);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "expected a file, found a directory");
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* a FIFO would block the open until a reader comes, a device
           takes bytes that are then neither a file nor replaceable by a
           rename; standard output is "-" */
        dj_free(o);
        return dj_error_at(err, DJ_EIO, path, 0, 0,
                           "expected a regular file, found a device, FIFO or socket");
    }
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    o->path = dj_malloc(n + 1);
    o->tmp = dj_malloc(n + 16);
    if (!o->path || !o->tmp) {
        dj_out_abort(o);
        return dj_error_set(err, DJ_ENOMEM, "out of memory");
    }
    memcpy(o->path, path, n + 1);
    memcpy(o->tmp, path, dirlen);
    snprintf(o->tmp + dirlen, n + 16 - dirlen, ".%s.XXXXXX", path + dirlen);
    /* registered before it exists, so no signal can come between */
    o->slot = dj_temp_register(o->tmp);
    o->fd = create_temp(o->tmp);
    if (o->fd < 0) {
        int e = errno;
        dj_temp_unregister(o->slot);
        o->slot = -1;
        dj_free(o->tmp);
        o->tmp = NULL;
        dj_out_abort(o);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot create: %s", strerror(e));
    }
    *out = o;
    return 0;
}

static void flush(dj_out *o)
{
    size_t off = 0;
    while (off < o->len && !o->err_no) {
        ssize_t w = write(o->fd, o->buf + off, o->len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            o->err_no = errno;
            break;
        }
        off += (size_t)w;
    }
    o->len = 0;
}

void dj_out_write(dj_out *o, const char *s, size_t n)
{
    if (o->err_no)
        return;
    if (n > OUT_BUF - o->len) {
        flush(o);
        if (n >= OUT_BUF) {
            size_t off = 0;
            while (off < n && !o->err_no) {
                ssize_t w = write(o->fd, s + off, n - off);
                if (w < 0) {
                    if (errno != EINTR)
                        o->err_no = errno;
                    continue;
                }
                off += (size_t)w;
            }
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

int dj_out_commit(dj_out *o, dj_error *err)
{
    int rc = 0;
    flush(o);
    if (o->is_stdout) {
        if (o->fd != STDOUT_FILENO && close(o->fd) != 0 && !o->err_no)
            o->err_no = errno;
        if (o->err_no)
            rc = dj_error_at(err, DJ_EIO, o->path ? o->path : "<stdout>", 0, 0,
                             "write failed: %s", strerror(o->err_no));
        dj_free(o->path);
        dj_free(o);
        return rc;
    }
    if (close(o->fd) != 0 && !o->err_no)
        o->err_no = errno;
    o->fd = -1;
    if (o->err_no) {
        rc = dj_error_at(err, DJ_EIO, o->path, 0, 0, "write failed: %s", strerror(o->err_no));
        unlink(o->tmp);
    } else {
        if (rename(o->tmp, o->path) != 0) {
            rc = dj_error_at(err, DJ_EIO, o->path, 0, 0, "cannot rename into place: %s",
                             strerror(errno));
            unlink(o->tmp);
        }
    }
    dj_temp_unregister(o->slot);
    dj_free(o->path);
    dj_free(o->tmp);
    dj_free(o);
    return rc;
}

void dj_out_abort(dj_out *o)
{
    if (!o)
        return;
    if (!o->is_stdout) {
        if (o->fd >= 0)
            close(o->fd);
        if (o->tmp)
            unlink(o->tmp);
        dj_temp_unregister(o->slot);
    } else {
        flush(o);
        if (o->fd != STDOUT_FILENO)
            close(o->fd);
    }
    dj_free(o->path);
    dj_free(o->tmp);
    dj_free(o);
}

static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

/* The decimal digits of n, written backwards to end at `end`; returns
   where they start. */
static char *digits_before(char *end, uint64_t n)
{
    while (n >= 100) {
        end -= 2;
        memcpy(end, digit_pairs + 2 * (n % 100), 2);
        n /= 100;
    }
    if (n >= 10) {
        end -= 2;
        memcpy(end, digit_pairs + 2 * n, 2);
    } else {
        *--end = (char)('0' + n);
    }
    return end;
}

void dj_out_str(dj_out *o, const char *s)
{
    dj_out_write(o, s, strlen(s));
}

void dj_out_char(dj_out *o, char c)
{
    if (o->len == OUT_BUF)
        flush(o);
    o->buf[o->len++] = c;
}

/* ---- numbers written in place ---- */

char *dj_out_room(dj_out *o, size_t n)
{
    if (o->err_no || n > OUT_BUF)
        return NULL;
    if (OUT_BUF - o->len < n)
        flush(o);
    return o->err_no ? NULL : o->buf + o->len;
}

void dj_out_advance(dj_out *o, const char *end)
{
    o->len = (size_t)(end - o->buf);
}

static const uint64_t pow10_u64[20] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
    10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
    1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
    10000000000000000000u};

/* How many decimal digits v has (comparisons, not divisions). */
static int digit_count(uint64_t v)
{
    int nd = 1;
    while (nd < 20 && v >= pow10_u64[nd])
        nd++;
    return nd;
}

char *dj_fmt_u64(char *p, uint64_t v)
{
    int nd = digit_count(v); /* the length first, then the digits from the right */
    digits_before(p + nd, v);
    return p + nd;
}

void dj_out_u64(dj_out *o, uint64_t v)
{
    char *p = dj_out_room(o, 24);
    if (p)
        dj_out_advance(o, dj_fmt_u64(p, v));
}

void dj_out_i64(dj_out *o, int64_t v)
{
    if (v < 0) {
        dj_out_char(o, '-');
        dj_out_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        dj_out_u64(o, (uint64_t)v);
    }
}

void dj_out_date(dj_out *o, dj_date d)
{
    char b[DJ_DATE_BUFSIZE];
    dj_out_write(o, b, dj_date_format(b, d, DJ_PREC_DAY));
}

/*
 * Exactly printf("%.*f")'s digits - the binary value rounded to `decimals`
 * places - mostly without printf, which costs more than everything else
 * in writing a fitted curve. x = |v| 10^decimals takes one rounding (the
 * power of ten is exact), so it is within half an ulp of the exact product;
 * when x is more than two ulps away from a half-integer, the integer
 * nearest to x is the one nearest to the exact product, which is what
 * printf writes. Only near a half (where printf decides a tie on the exact
 * value) does snprintf do it. printf's sign is the sign bit: -0.0001 at
 * three places is "-0.000".
 */
/* x = |v| 10^decimals rounded as printf would, into *n; 0 where that
   takes printf: near a half, at 2^52 or beyond, or not a number (the
   comparison fails for NaN). */
static int round_scaled(double x, uint64_t *n)
{
    if (!(x < 4503599627370496.0)) /* 2^52: every integer below is exact */
        return 0;
    /* x >= 0 and below 2^52: the conversion truncates, as floor would,
       without a call; both parts exact */
    uint64_t k = (uint64_t)x;
    double frac = x - (double)k;
    if (!(fabs(frac - 0.5) > x * 4.5e-16)) /* 2 ulps of x at most */
        return 0;
    *n = k + (frac > 0.5);
    return 1;
}

static int fixed_fast(char *b, double v, int decimals)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    uint64_t n;
    if (!round_scaled(fabs(v) * p10[decimals], &n))
        return 0;
    /* the length first, then the digits from the right, straight into b:
       sign, integer part (at least one digit), point, decimals
       (zero-padded) */
    uint64_t whole;
    switch (decimals) { /* by constants: multiplications, not a division */
    case 0: whole = n; break;
    case 1: whole = n / 10; break;
    case 2: whole = n / 100; break;
    case 4: whole = n / 10000; break;
    case 5: whole = n / 100000; break;
    case 6: whole = n / 1000000; break;
    default: whole = n / pow10_u64[decimals]; break;
    }
    uint64_t part = n - whole * pow10_u64[decimals];
    int nd = digit_count(whole);
    int neg = signbit(v) != 0;
    int len = neg + nd + (decimals > 0 ? 1 + decimals : 0);
    char *p = b + len;
    if (decimals > 0) {
        for (int k = decimals; k >= 2; k -= 2) {
            p -= 2;
            memcpy(p, digit_pairs + 2 * (part % 100), 2);
            part /= 100;
        }
        if (decimals & 1)
            *--p = (char)('0' + part);
        *--p = '.';
    }
    digits_before(p, whole);
    if (neg)
        b[0] = '-';
    return len;
}

char *dj_fmt_fixed(char *p, double v, int decimals)
{
    if (!isfinite(v) || fabs(v) > 1e15)
        return p;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    int n = fixed_fast(p, v, decimals);
    if (n > 0)
        return p + n;
    char b[64];
    n = snprintf(b, sizeof b, "%.*f", decimals, v);
    /* whatever the locale's decimal separator, write a point */
    for (int i = 0; i < n; i++)
        if (!(b[i] >= '0' && b[i] <= '9') && !(i == 0 && b[i] == '-'))
            b[i] = '.';
    memcpy(p, b, (size_t)n);
    return p + n;
}

void dj_out_fixed(dj_out *o, double v, int decimals)
{
    /* at most 27 bytes: a sign, 16 digits, a point, 9 decimals */
    char *p = dj_out_room(o, 64);
    if (p)
        dj_out_advance(o, dj_fmt_fixed(p, v, decimals));
}

void dj_out_percent(dj_out *o, uint64_t num, uint64_t den)
{
    if (den == 0)
        return;
    /* Exactly what printf("%.2f") makes of the double 100 * num / den
       (its rounding of the binary value, not of the exact fraction:
       1/20000 is 0.005 exactly but 0.0050000000000000001 in binary, so
       "0.01"), which is what other tools compute from the same counts. */
    dj_out_fixed(o, 100.0 * (double)num / (double)den, 2);
}

void dj_out_csv(dj_out *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        dj_out_str(o, s);
        return;
    }
    dj_out_char(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            dj_out_char(o, '"');
        dj_out_char(o, *s);
    }
    dj_out_char(o, '"');
}

void dj_out_gp_string(dj_out *o, const char *s)
{
    /* A double-quoted gnuplot string in which the characters that gnuplot
       would act on never appear raw: a backquote (command substitution,
       done even inside double quotes) and '@' (macro expansion) are
       written as octal escapes, quote and backslash are escaped, and
       control characters (a newline would end the command) become
       spaces. Single-quoted strings cannot be used: gnuplot misreads a
       doubled quote at their start. */
    dj_out_char(o, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            dj_out_char(o, '\\');
            dj_out_char(o, (char)c);
        } else if (c == '`') {
            dj_out_str(o, "\\140");
        } else if (c == '@') {
            dj_out_str(o, "\\100");
        } else if (c < 0x20 || c == 0x7f) {
            dj_out_char(o, ' ');
        } else {
            dj_out_char(o, (char)c);
        }
    }
    dj_out_char(o, '"');
}

void dj_out_printf(dj_out *o, const char *fmt, ...)
{
    char b[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    dj_out_write(o, b, (size_t)n < sizeof b ? (size_t)n : sizeof b - 1);
}

int dj_mkdir_p(const char *dir, dj_error *err)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "folder name empty or too long");
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return dj_error_at(err, DJ_EIO, buf, 0, 0, "cannot create folder: %s", strerror(errno));
            buf[i] = c;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return dj_error_at(err, DJ_EIO, dir, 0, 0, "expected a folder");
    return 0;
}

int dj_write_file(const char *path, const void *data, size_t size, dj_error *err)
{
    dj_out *o;
    int rc = dj_out_open(&o, path, err);
    if (rc)
        return rc;
    dj_out_write(o, data, size);
    return dj_out_commit(o, err);
}

/* ---- gnuplot ---- */

int dj_gnuplot_available(void)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        char buf[4096];
        if (n > 0 && n < sizeof buf - 16) {
            memcpy(buf, path, n);
            memcpy(buf + n, "/gnuplot", 9);
            if (access(buf, X_OK) == 0)
                return 1;
        }
        path += n;
        if (*path == ':')
            path++;
    }
    return 0;
}

int dj_gnuplot_run(const char *dir, const char *script, const char *outprefix,
                   dj_error *err)
{
    char setvar[128];
    if (outprefix) {
        /* the prefix is ours, never from data; refuse anything odd: it
           may name a folder inside dir (a private render folder), never
           one outside it, nor a quote that would end the string */
        if (outprefix[0] == '/' || strstr(outprefix, "..") || strlen(outprefix) > 100)
            return dj_error_set(err, DJ_EINVALID, "bad output prefix");
        for (const char *p = outprefix; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                  *p == '.' || *p == '-' || *p == '_' || *p == '/'))
                return dj_error_set(err, DJ_EINVALID, "bad output prefix");
        snprintf(setvar, sizeof setvar, "outprefix='%s'", outprefix);
    }
    int pipefd[2];
    if (!dj_gnuplot_available())
        return dj_error_set(err, DJ_ENOTFOUND, "gnuplot is not installed");
    if (pipe(pipefd) != 0)
        return dj_error_set(err, DJ_EIO, "cannot run gnuplot: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return dj_error_set(err, DJ_EIO, "cannot run gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            dup2(devnull, STDOUT_FILENO);
        }
        dup2(pipefd[1], STDERR_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        if (chdir(dir) != 0)
            _exit(126);
        if (outprefix)
            execlp("gnuplot", "gnuplot", "-e", setvar, script, (char *)NULL);
        else
            execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    atomic_store(&gnuplot_pid, (int)pid);
    char msg[2048];
    size_t got = 0;
    for (;;) {
        char tmp[4096];
        ssize_t r = read(pipefd[0], tmp, sizeof tmp);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t take = (size_t)r;
        if (take > sizeof msg - 1 - got)
            take = sizeof msg - 1 - got;
        memcpy(msg + got, tmp, take);
        got += take;
    }
    close(pipefd[0]);
    msg[got] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            atomic_store(&gnuplot_pid, 0);
            return dj_error_set(err, DJ_EIO, "gnuplot: %s", strerror(errno));
        }
    atomic_store(&gnuplot_pid, 0);
    /* the GIF terminal reports "N frames in animation sequence" on
       standard error: a note, not a complaint */
    for (char *p = msg; *p;) {
        char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
        char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > p && strncmp(q, " frames in animation sequence", 29) == 0 && (q[29] == '\n' || q[29] == '\0'))
            memmove(p, p + n, strlen(p + n) + 1);
        else
            p += n;
    }
    /* first non-blank line of the complaint, on one line */
    char *line = msg;
    while (*line == '\n' || *line == ' ')
        line++;
    for (char *p = line; *p; p++)
        if (*p == '\n') {
            if (p[1] == '\0' || p - line > 300) {
                *p = '\0';
                break;
            }
            *p = ' ';
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return dj_error_set(err, DJ_EIO, "gnuplot %s/%s failed: %.400s", dir, script,
                            line[0] ? line : "no message");
    if (line[0])
        return dj_error_set(err, DJ_EIO, "gnuplot %s/%s warned: %.400s", dir, script, line);
    return 0;
}
