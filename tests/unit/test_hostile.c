/*
 * test_hostile.c - input files written by strangers: every class of bad
 * input named in tests/README.md gets its message at the right file, line
 * and column, every limit is enforced with an error, and the files that
 * are not files (folders, FIFOs, devices, unreadable or huge ones) are
 * refused without reading or blocking.
 */
#define _GNU_SOURCE /* mkdtemp */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "dejure/testing.h"

#define HDR "date,actor,subject,type,disputed,source,note\n"
#define EV1 HDR "2008-02-18,USA,XKX,recognize,,s,\n"

/* One file of a dataset, the others fixed and valid. */
typedef struct hostile_case {
    const char *what;
    const char *file;      /* which file holds the bad text */
    const char *text;
    size_t len;            /* 0: strlen(text) */
    int code;              /* DJ_EPARSE or DJ_ELIMIT */
    long line, column;
    const char *msg;       /* substring of the message */
} hostile_case;

static const char entities_ok[] = "code,name\nUSA,United States\nFRA,France\nXKX,Kosovo\n";
static const char subjects_ok[] = "code,name,declared\nXKX,Kosovo,2008-02-17\n";
static const char bloc_names_ok[] = "bloc,name\nNATO,North Atlantic Treaty Organization\n";
static const char blocs_ok[] = "bloc,member,joined\nNATO,USA,1949-08-24\nNATO,FRA,1949-08-24\n";

static const hostile_case cases[] = {
    /* names */
    {"invalid UTF-8 in a name", "entities.csv", "code,name\nUSA,Unit\xff" "ed\n", 0, DJ_EPARSE, 2, 5,
     "expected text, found invalid UTF-8 in column 'name'"},
    {"overlong UTF-8 in a name", "entities.csv", "code,name\nUSA,a\xc0\xaf\n", 0, DJ_EPARSE, 2, 5,
     "invalid UTF-8"},
    {"UTF-16 surrogate in a name", "entities.csv", "code,name\nUSA,a\xed\xa0\x80\n", 0, DJ_EPARSE, 2, 5,
     "invalid UTF-8"},
    {"truncated UTF-8 at the end of a name", "entities.csv", "code,name\nUSA,\"a\xe2\x82\"\n", 0, DJ_EPARSE, 2, 5,
     "invalid UTF-8"},
    {"NUL byte in a name", "entities.csv", "code,name\nUSA,Uni\0ted\n", 22, DJ_EPARSE, 2, 5,
     "expected text, found a NUL byte in column 'name'"},
    {"terminal escape in a name", "entities.csv", "code,name\nUSA,\x1b[31mred\n", 0, DJ_EPARSE, 2, 5,
     "found a control character in column 'name'"},
    {"line break in a code", "entities.csv", "code,name\n\"US\nA\",x\n", 0, DJ_EPARSE, 2, 1,
     "found a line break inside a field in column 'code'"},
    {"unterminated quote in a name", "entities.csv", "code,name\nUSA,\"United\nStates\nFRA,France\n", 0,
     DJ_EPARSE, 2, 5, "expected a closing quote, found the end of the file"},
    {"entity listed twice", "entities.csv", "code,name\nUSA,a\nUSA,b\n", 0, DJ_EPARSE, 3, 1,
     "entity 'USA' is listed twice"},
    {"empty entities file", "entities.csv", "", 0, DJ_EPARSE, 1, 1, "expected a header row 'code,name'"},
    {"million columns in a header", "entities.csv", NULL, 0, DJ_ELIMIT, 1, 129,
     "expected at most 64 columns (the limit), found more"},
    {"terminal escape in a column name", "entities.csv", "code,\x1b]0;pwned\x07\nUSA,x\n", 0, DJ_EPARSE, 1, 6,
     "expected a column name, found a control character or NUL"},
    /* events */
    {"line break in a note", "events.csv", HDR "2008-02-18,USA,XKX,recognize,,s,\"a\r\nb\"\n", 0,
     DJ_EPARSE, 2, 33, "found a line break inside a field in column 'note'"},
    {"unknown subject is an error under --strict", "events.csv", HDR "2008-02-18,USA,XKV,recognize,,s,\n", 0,
     DJ_EPARSE, 2, 16, "unknown subject 'XKV', not in subjects.csv (did you mean 'XKX'?)"},
    {"unknown disputing party", "events.csv", HDR "2008-02-18,USA,XKX,recognize,SRV,s,\n", 0,
     DJ_EPARSE, 2, 30, "unknown disputing party 'SRV'"},
    {"bad disputed list", "events.csv", HDR "2008-02-18,USA,XKX,recognize,USA;;FRA,s,\n", 0,
     DJ_EPARSE, 2, 30, "expected entity codes separated by ';', found 'USA;;FRA'"},
    {"code longer than 32 characters", "events.csv",
     HDR "2008-02-18,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh,XKX,recognize,,s,\n", 0,
     DJ_EPARSE, 2, 12, "at most 32 characters, found 34"},
    {"10 MB field", "events.csv", NULL, 0, DJ_ELIMIT, 2, 33,
     "expected a field of at most 65536 bytes (the limit), found a longer one"},
    {"10 MB quoted field over many lines", "events.csv", NULL, 0, DJ_ELIMIT, 2, 33,
     "expected a field of at most 65536 bytes (the limit), found a longer one"},
    /* blocs */
    {"unknown bloc is an error under --strict", "blocs.csv", "bloc,member,joined\nNAT0,FRA,1949-08-24\n", 0,
     DJ_EPARSE, 2, 1, "unknown bloc 'NAT0', not in bloc_names.csv (did you mean 'NATO'?)"},
    {"unknown member is an error under --strict", "blocs.csv", "bloc,member,joined\nNATO,FRB,1949-08-24\n", 0,
     DJ_EPARSE, 2, 6, "unknown member code 'FRB', not in entities.csv (did you mean 'FRA'?)"},
    {"left on the day joined", "blocs.csv", "bloc,member,joined,left\nNATO,FRA,1949-08-24,1949-08-24\n", 0,
     DJ_EPARSE, 2, 21, "expected 'left' after 'joined' (1949-08-24), found '1949-08-24'"},
    {"bloc listed twice", "bloc_names.csv", "bloc,name\nNATO,a\nNATO,b\n", 0, DJ_EPARSE, 3, 1,
     "bloc 'NATO' is listed twice"},
    {"population not a number", "population.csv", "code,population,year\nUSA,3e8,2020\n", 0, DJ_EPARSE, 2, 5,
     "expected a whole number from 0 to 100000000000, found '3e8'"},
};

/* Builds the text of the generated cases (NULL text above). */
static char *generated(const hostile_case *c, size_t *len)
{
    size_t big = 10u << 20;
    char *t = malloc(big + 256);
    size_t n = 0;
    if (!t)
        return NULL;
    if (strstr(c->what, "million columns")) {
        free(t);
        t = malloc(2000000 + 64);
        for (size_t i = 0; i < 1000000; i++) {
            t[n++] = 'c';
            t[n++] = ',';
        }
        t[n - 1] = '\n';
    } else {
        int quoted = strstr(c->what, "quoted") != NULL;
        n = (size_t)sprintf(t, HDR "2008-02-18,USA,XKX,recognize,,s,%s", quoted ? "\"" : "");
        for (size_t i = 0; i < big; i++)
            t[n++] = quoted && i % 80 == 79 ? '\n' : 'x';
        n += (size_t)sprintf(t + n, "%s\n", quoted ? "\"" : "");
    }
    *len = n;
    return t;
}

static int load_with(const char *file, const char *text, size_t len, unsigned flags,
                     dj_diagnostics *d, dj_error *err)
{
    dj_memfile files[] = {
        {"entities.csv", entities_ok, sizeof entities_ok - 1},
        {"subjects.csv", subjects_ok, sizeof subjects_ok - 1},
        {"bloc_names.csv", bloc_names_ok, sizeof bloc_names_ok - 1},
        {"events.csv", EV1, sizeof EV1 - 1},
        {"blocs.csv", blocs_ok, sizeof blocs_ok - 1},
        {"population.csv", "code,population,year\n", 21},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strcmp(files[i].name, file) == 0) {
            files[i].data = text;
            files[i].size = len;
        }
    dj_load_options o = {flags};
    dj_dataset *ds = NULL;
    int rc = dj_dataset_load_mem(&ds, "t", files, sizeof files / sizeof *files, &o, d, err);
    if (rc == 0 && ds == NULL)
        rc = 99; /* success must come with a dataset */
    dj_dataset_free(ds);
    return rc;
}

static void every_hostile_input_gets_its_message_line_and_column(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const hostile_case *c = &cases[i];
        char *gen = NULL;
        size_t len = c->len ? c->len : c->text ? strlen(c->text) : 0;
        const char *text = c->text;
        if (!text)
            text = gen = generated(c, &len);
        dj_error err;
        char path[64];
        snprintf(path, sizeof path, "t/%s", c->file);
        int rc = load_with(c->file, text, len, DJ_LOAD_STRICT, NULL, &err);
        int ok = rc == c->code && strcmp(err.path, path) == 0 && err.line == c->line &&
                 err.column == c->column && strstr(err.msg, c->msg);
        if (!ok)
            fprintf(stderr, "\n  %s: rc %d, %s:%ld:%ld: %s\n", c->what, rc, err.path, err.line,
                    err.column, err.msg);
        CU_ASSERT_TRUE(ok);
        free(gen);
    }
}

static void without_strict_unknown_codes_are_warnings_with_a_suggestion(void)
{
    static const struct { const char *file, *text; long line, column; const char *msg; } warn[] = {
        {"events.csv", HDR "2008-02-18,USA,XKV,recognize,,s,\n", 2, 16, "did you mean 'XKX'?"},
        {"events.csv", HDR "2008-02-18,UAS,XKX,recognize,,s,\n", 2, 12, "did you mean 'USA'?"},
        {"blocs.csv", "bloc,member,joined\nNAT0,FRA,1949-08-24\n", 2, 1, "did you mean 'NATO'?"},
        {"events.csv", HDR "2008-02-18,USA,XKX,withdraw,,s,\n", 2, 1,
         "USA withdraws recognition of XKX on 2008-02-18 without an earlier recognition"},
        {"events.csv", HDR "2008-02-18,USA,XKX,recognize,,,\n", 2, 31,
         "expected a source for this event, found an empty field"},
    };
    for (size_t i = 0; i < sizeof warn / sizeof *warn; i++) {
        dj_diagnostics d;
        dj_error err;
        dj_diagnostics_init(&d);
        int rc = load_with(warn[i].file, warn[i].text, strlen(warn[i].text), 0, &d, &err);
        int ok = rc == 0 && d.errors == 0 && d.warnings == 1 && d.items[0].severity == DJ_WARNING &&
                 d.items[0].line == warn[i].line && d.items[0].column == warn[i].column &&
                 strstr(d.items[0].msg, warn[i].msg);
        if (!ok)
            fprintf(stderr, "\n  warning %zu: rc %d, %zu warnings, %ld:%ld: %s\n", i, rc, d.warnings,
                    d.count ? d.items[0].line : 0, d.count ? d.items[0].column : 0,
                    d.count ? d.items[0].msg : "");
        CU_ASSERT_TRUE(ok);
        dj_diagnostics_dispose(&d);

        /* and the same problem fails a strict load, at the same place */
        rc = load_with(warn[i].file, warn[i].text, strlen(warn[i].text), DJ_LOAD_STRICT, NULL, &err);
        CU_ASSERT_EQUAL(rc, DJ_EPARSE);
        CU_ASSERT_EQUAL(err.line, warn[i].line);
        CU_ASSERT_EQUAL(err.column, warn[i].column);
    }
}

static void names_may_span_lines_when_quoted(void)
{
    const char ent[] = "code,name\nUSA,\"United\r\nStates\"\nFRA,France\nXKX,Kosovo\n";
    const char ev[] = HDR "2008-02-18,USA,XKX,recognize,,s,\n2008-02-18,FRA,XKX,recognize,,s,\n";
    dj_memfile files[] = {{"entities.csv", ent, sizeof ent - 1}, {"events.csv", ev, sizeof ev - 1}};
    dj_dataset *ds;
    dj_error err;
    dj_diagnostics d;
    dj_diagnostics_init(&d);
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_mem(&ds, "t", files, 2, NULL, &d, &err), 0);
    CU_ASSERT_EQUAL(d.warnings + d.errors, 0);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_name(ds, dj_dataset_entity_find(ds, "USA")),
                           "United\r\nStates");
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_name(ds, dj_dataset_entity_find(ds, "FRA")), "France");
    dj_diagnostics_dispose(&d);
    dj_dataset_free(ds);

    /* a problem after a two-line name is reported on its own line */
    const char ent2[] = "code,name\nUSA,\"United\nStates\"\nF A,France\n";
    files[0] = (dj_memfile){"entities.csv", ent2, sizeof ent2 - 1};
    CU_ASSERT_EQUAL(dj_dataset_load_mem(&ds, "t", files, 2, NULL, NULL, &err), DJ_EPARSE);
    CU_ASSERT_EQUAL(err.line, 4);
    CU_ASSERT_EQUAL(err.column, 1);
}

static void row_limit_is_enforced(void)
{
    const char ev[] = HDR "2008-02-18,USA,XKX,recognize,,s,\n2008-02-18,FRA,XKX,recognize,,s,\n"
                          "2009-02-18,USA,XKX,withdraw,,s,\n2010-02-18,USA,XKX,recognize,,s,\n";
    dj_error err;
    dj_testing_row_limit(3);
    int rc = load_with("events.csv", ev, sizeof ev - 1, 0, NULL, &err);
    dj_testing_row_limit(0);
    CU_ASSERT_EQUAL(rc, DJ_ELIMIT);
    CU_ASSERT_EQUAL(err.line, 5);
    CU_ASSERT_EQUAL(err.column, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected at most 3 data rows (the limit), found more"));
    /* and four rows load under the real limit */
    CU_ASSERT_EQUAL(load_with("events.csv", ev, sizeof ev - 1, 0, NULL, &err), 0);
}

/* ---- files that are not readable files ---- */

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

static int load_dir_expect(const char *file, int code, const char *msg)
{
    dj_dataset *ds = (dj_dataset *)1;
    dj_error err;
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    int rc = dj_dataset_load_dir(&ds, dir, NULL, NULL, &err);
    int ok = rc == code && ds == NULL && strcmp(err.path, p) == 0 && err.line == 0 &&
             strstr(err.msg, msg);
    if (!ok)
        fprintf(stderr, "\n  %s: rc %d, %s: %s\n", file, rc, err.path, err.msg);
    return ok;
}

static void files_that_are_not_readable_files_are_refused(void)
{
    char p[128];
    strcpy(dir, "/tmp/dejure-hostile-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    put("events.csv", EV1);

    /* a folder where a file belongs */
    snprintf(p, sizeof p, "%s/entities.csv", dir);
    mkdir(p, 0777);
    CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_EIO, "expected a file, found a directory"));
    rmdir(p);

    /* a FIFO nobody writes to: refused at once, not waited on */
    mkfifo(p, 0666);
    CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_EIO, "expected a regular file, found a device, FIFO"));
    unlink(p);

    /* a device */
    CU_ASSERT_EQUAL(symlink("/dev/zero", p), 0);
    CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_EIO, "expected a regular file"));
    unlink(p);

    /* larger than DJ_MAX_FILE_BYTES (a sparse file: nothing is read) */
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    CU_ASSERT_TRUE(fd >= 0 && ftruncate(fd, (off_t)DJ_MAX_FILE_BYTES + 1) == 0);
    close(fd);
    CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_ELIMIT, "file larger than 4294967296 bytes"));
    unlink(p);

    /* unreadable (root reads everything, so only checked as a user) */
    put("entities.csv", entities_ok);
    chmod(p, 0);
    if (geteuid() != 0)
        CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_EIO, "cannot open: Permission denied"));
    unlink(p);

    /* a read that fails half-way (even root cannot read address 0 of its
       own memory): the error, not a short file */
    if (symlink("/proc/self/mem", p) == 0 && access("/proc/self/mem", R_OK) == 0)
        CU_ASSERT_TRUE(load_dir_expect("entities.csv", DJ_EIO, "cannot read: Input/output error"));
    unlink(p);

    /* the dataset folder itself a file */
    snprintf(p, sizeof p, "%s/events.csv", dir);
    dj_dataset *ds;
    dj_error err;
    CU_ASSERT_EQUAL(dj_dataset_load_dir(&ds, p, NULL, NULL, &err), DJ_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected a dataset folder, found a file"));

    /* no events.csv */
    unlink(p);
    CU_ASSERT_EQUAL(dj_dataset_load_dir(&ds, dir, NULL, NULL, &err), DJ_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no events.csv in the dataset"));
    rmdir(dir);
}

/* ---- output names from data or batch files ---- */

static void output_names_cannot_leave_the_output_folder(void)
{
    static const struct { const char *name, *msg; } bad[] = {
        {"", "found an empty one"},
        {".", "found '.'"},
        {"..", "found '..'"},
        {"../etc", "found '../etc'"},
        {"a/../etc", "without '/', found 'a/../etc'"},
        {"/etc/passwd", "without '/', found '/etc/passwd'"},
        {"a\\b", "without '\\', found 'a\\b'"},
        {".hidden", "not starting with '.'"},
        {"-rf", "not starting with '-'"},
        {"a\nb", "a control character at byte 2"},
    };
    dj_error err;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc = dj_out_name_check(bad[i].name, &err);
        int ok = rc == DJ_EINVALID && strstr(err.msg, bad[i].msg);
        if (!ok)
            fprintf(stderr, "\n  name '%s': rc %d, %s\n", bad[i].name, rc, err.msg);
        CU_ASSERT_TRUE(ok);
    }
    char longname[300];
    memset(longname, 'a', 256);
    longname[256] = '\0';
    CU_ASSERT_EQUAL(dj_out_name_check(longname, &err), DJ_EINVALID);
    CU_ASSERT_EQUAL(dj_out_name_check("kosovo-2013.v2_eu", &err), 0);
    CU_ASSERT_EQUAL(dj_out_name_check("C\xc3\xb4te d'Ivoire", &err), 0);

    static const struct { const char *in, *out; } clean[] = {
        {"../../etc/passwd", "_._.._etc_passwd"},
        {"/abs", "_abs"},
        {"..", "_."},
        {".", "_"},
        {"", "_"},
        {"-rf", "_rf"},
        {"C\xc3\xb4te d'Ivoire", "C__te_d_Ivoire"},
        {"`touch CANARY`", "_touch_CANARY_"},
        {"EU", "EU"},
    };
    for (size_t i = 0; i < sizeof clean / sizeof *clean; i++) {
        char buf[64];
        size_t n = dj_out_name_sanitize(buf, sizeof buf, clean[i].in);
        CU_ASSERT_STRING_EQUAL(buf, clean[i].out);
        CU_ASSERT_EQUAL(n, strlen(clean[i].out));
        CU_ASSERT_EQUAL(dj_out_name_check(buf, NULL), 0);
    }
    char small[4];
    CU_ASSERT_EQUAL(dj_out_name_sanitize(small, sizeof small, "abcdef"), 3);
    CU_ASSERT_STRING_EQUAL(small, "abc");
    char one[1] = {'x'};
    CU_ASSERT_EQUAL(dj_out_name_sanitize(one, 1, "abc"), 0);
    CU_ASSERT_EQUAL(one[0], '\0');
    char big[400];
    memset(longname, 'x', 299);
    longname[299] = '\0';
    CU_ASSERT_EQUAL(dj_out_name_sanitize(big, sizeof big, longname), DJ_OUT_NAME_MAX);

    char path[64];
    CU_ASSERT_EQUAL(dj_out_path_join(path, sizeof path, "out", "kosovo/eu", &err), 0);
    CU_ASSERT_STRING_EQUAL(path, "out/kosovo/eu");
    CU_ASSERT_EQUAL(dj_out_path_join(path, sizeof path, "out/", "x.csv", &err), 0);
    CU_ASSERT_STRING_EQUAL(path, "out/x.csv");
    static const char *const refused[] = {"/tmp/x", "a/../../x", "..", "a//b", "a/", "./a", "a/.b"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        int rc = dj_out_path_join(path, sizeof path, "out", refused[i], &err);
        CU_ASSERT_EQUAL(rc, DJ_EINVALID);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, refused[i]));
    }
    CU_ASSERT_EQUAL(dj_out_path_join(path, 8, "out", "abcdefgh", &err), DJ_EINVALID);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(every_hostile_input_gets_its_message_line_and_column),
        DJ_TEST(without_strict_unknown_codes_are_warnings_with_a_suggestion),
        DJ_TEST(names_may_span_lines_when_quoted),
        DJ_TEST(row_limit_is_enforced),
        DJ_TEST(files_that_are_not_readable_files_are_refused),
        DJ_TEST(output_names_cannot_leave_the_output_folder),
        {NULL, NULL}};
    return dj_run_tests("hostile", tests);
}
