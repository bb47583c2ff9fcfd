/*
 * test_batch.c - SHA-256 against the standard's test vectors, the batch
 * file syntax and its file:line:column errors, the meaning of analyses,
 * and hostile input (every byte, random bytes, allocation failures).
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "dejure/testing.h"

/* ---- SHA-256 ---- */

static void sha_is(const char *msg, size_t n, const char *want)
{
    char hex[DJ_SHA256_HEX];
    dj_sha256_hex(hex, msg, n);
    CU_ASSERT_STRING_EQUAL(hex, want);
}

static void sha256_matches_the_fips_180_examples(void)
{
    sha_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_is(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    sha_is(four, strlen(four), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void sha256_of_a_million_a_fed_in_uneven_pieces(void)
{
    static char a[1000000];
    memset(a, 'a', sizeof a);
    dj_sha256 s;
    unsigned char d[DJ_SHA256_BYTES];
    dj_sha256_init(&s);
    size_t off = 0, step = 1;
    while (off < sizeof a) {
        size_t n = step < sizeof a - off ? step : sizeof a - off;
        dj_sha256_update(&s, a + off, n);
        off += n;
        step = step * 7 % 1013 + 1;
    }
    dj_sha256_final(&s, d);
    static const unsigned char want[DJ_SHA256_BYTES] = {
        0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
        0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    CU_ASSERT_EQUAL(memcmp(d, want, sizeof want), 0);
}

static void sha256_lengths_around_the_padding_boundary_agree_streamed_and_whole(void)
{
    char buf[200];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 31 + 7);
    for (size_t n = 50; n < 140; n++) {
        char whole[DJ_SHA256_HEX], parts[DJ_SHA256_HEX];
        dj_sha256_hex(whole, buf, n);
        dj_sha256 s;
        unsigned char d[DJ_SHA256_BYTES];
        dj_sha256_init(&s);
        for (size_t i = 0; i < n; i++)
            dj_sha256_update(&s, buf + i, 1);
        dj_sha256_final(&s, d);
        for (int i = 0; i < DJ_SHA256_BYTES; i++)
            snprintf(parts + 2 * i, 3, "%02x", d[i]);
        CU_ASSERT_STRING_EQUAL(whole, parts);
    }
    /* 55 and 56 bytes straddle the length field: known digests */
    char a56[57];
    memset(a56, 'a', 56);
    sha_is(a56, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    sha_is(a56, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

/* ---- syntax ---- */

static dj_batch_doc *parse(const char *text, dj_error *err)
{
    dj_batch_doc *d = NULL;
    dj_batch_parse(&d, "t.batch", text, strlen(text), err);
    return d;
}

static void parse_reads_sections_keys_values_and_comments(void)
{
    dj_error err;
    dj_batch_doc *d = parse("\xef\xbb\xbf; a comment\r\n"
                            "to = 2013-02-17   ; why this date\r\n"
                            "\n"
                            "  [first]  # the first analysis\n"
                            "blocs=NATO, EU\n"
                            "data = a;b#c\n"
                            "empty = ; only a comment\n"
                            "[second]\n",
                            &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->nsections, 3);
    CU_ASSERT_STRING_EQUAL(d->sections[0].name, "");
    CU_ASSERT_EQUAL(d->sections[0].count, 1);
    CU_ASSERT_STRING_EQUAL(d->entries[0].key, "to");
    CU_ASSERT_STRING_EQUAL(d->entries[0].value, "2013-02-17");
    CU_ASSERT_EQUAL(d->entries[0].line, 2);
    CU_ASSERT_EQUAL(d->entries[0].value_column, 6);
    CU_ASSERT_STRING_EQUAL(d->sections[1].name, "first");
    CU_ASSERT_EQUAL(d->sections[1].line, 4);
    CU_ASSERT_EQUAL(d->sections[1].column, 3);
    CU_ASSERT_EQUAL(d->sections[1].count, 3);
    CU_ASSERT_STRING_EQUAL(d->entries[1].value, "NATO, EU");
    CU_ASSERT_STRING_EQUAL(d->entries[2].value, "a;b#c"); /* no space before: not a comment */
    CU_ASSERT_STRING_EQUAL(d->entries[3].value, "");
    CU_ASSERT_STRING_EQUAL(d->sections[2].name, "second");
    CU_ASSERT_EQUAL(d->sections[2].count, 0);
    dj_batch_doc_free(d);
}

static void expect_error(const char *text, int code, long line, long column, const char *words)
{
    dj_error err;
    dj_batch_doc *d = NULL;
    int rc = dj_batch_parse(&d, "t.batch", text, strlen(text), &err);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT_STRING_EQUAL(err.path, "t.batch");
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    if (!strstr(err.msg, words))
        fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, words);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, words));
    dj_batch_doc_free(d);
}

static void parse_errors_name_line_column_expected_and_found(void)
{
    expect_error("[a]\nkey value\n", DJ_EPARSE, 2, 5, "expected '=' after the key, found 'v'");
    expect_error("[a\n", DJ_EPARSE, 1, 3, "and then ']', found end of line");
    expect_error("[]\n", DJ_EPARSE, 1, 2, "expected a section name, found ']'");
    expect_error("[.hidden]\n", DJ_EPARSE, 1, 2, "may not start with '.'");
    expect_error("[a] x\n", DJ_EPARSE, 1, 5, "expected the end of the line after ']', found 'x'");
    expect_error("[a]\n= 3\n", DJ_EPARSE, 2, 1, "expected 'key = value', '[section]' or a comment, found '='");
    expect_error("[a]\n[b]\n[a]\n", DJ_EPARSE, 3, 2, "section [a] repeats the one at line 1");
    expect_error("[a]\nk = v\x01\n", DJ_EPARSE, 2, 6, "control character 0x01");
    expect_error("[a]\nk = caf\xc3\n", DJ_EPARSE, 2, 8, "expected UTF-8 text, found byte 0xc3");
    expect_error("[a]\nk = \xed\xa0\x80\n", DJ_EPARSE, 2, 5, "UTF-8"); /* a surrogate */
    expect_error("[a]\nk = v\rw\n", DJ_EPARSE, 2, 6, "control character 0x0d");
    /* a NUL byte inside the buffer */
    dj_error err;
    dj_batch_doc *d = NULL;
    CU_ASSERT_EQUAL(dj_batch_parse(&d, "t.batch", "[a]\nk = v\0w\n", 12, &err), DJ_EPARSE);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 6);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "NUL"));
}

static void parse_limits_are_errors_not_crashes(void)
{
    static char big[DJ_BATCH_MAX_LINE + 64];
    memset(big, 'x', sizeof big - 1);
    memcpy(big, "[a]\nk = ", 8);
    big[sizeof big - 1] = '\0';
    expect_error(big, DJ_ELIMIT, 2, DJ_BATCH_MAX_LINE + 1, "line longer than");
    char name[100];
    snprintf(name, sizeof name, "[%065d]\n", 0);
    expect_error(name, DJ_ELIMIT, 1, 2, "section name longer");
    dj_error err;
    dj_batch_doc *d = NULL;
    CU_ASSERT_EQUAL(dj_batch_parse(&d, "t", big, DJ_BATCH_MAX_BYTES + 1u, &err), DJ_ELIMIT);
}

/* A tiny deterministic generator, so that a failure can be replayed. */
static uint32_t next_random(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void parse_survives_every_byte_and_random_input(void)
{
    char buf[600];
    dj_error err;
    for (int c = 0; c < 256; c++) {
        for (int where = 0; where < 4; where++) {
            /* the byte alone, in a section name, in a key, in a value */
            static const char *const pre[] = {"", "[a", "[a]\nk", "[a]\nk = v"};
            static const char *const post[] = {"", "]\n", " = v\n", "\n"};
            size_t n = strlen(pre[where]);
            memcpy(buf, pre[where], n);
            buf[n++] = (char)c;
            memcpy(buf + n, post[where], strlen(post[where]));
            n += strlen(post[where]);
            dj_batch_doc *d = NULL;
            int rc = dj_batch_parse(&d, "t", buf, n, &err);
            CU_ASSERT(rc == 0 || rc == DJ_EPARSE);
            CU_ASSERT((rc == 0) == (d != NULL));
            dj_batch_doc_free(d);
        }
    }
    static const char alphabet[] = "[]=;# \t\r\nab.-_\xc3\xa9\x80\xff\x00" "0123";
    uint32_t seed = 20261126;
    for (int round = 0; round < 20000; round++) {
        size_t n = next_random(&seed) % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
        dj_batch_doc *d = NULL;
        int rc = dj_batch_parse(&d, "t", buf, n, &err);
        CU_ASSERT(rc == 0 || rc == DJ_EPARSE || rc == DJ_ELIMIT);
        if (rc == 0) {
            for (size_t e = 0; e < d->nentries; e++)
                CU_ASSERT(d->entries[e].line >= 1 && d->entries[e].key[0]);
        } else {
            CU_ASSERT(err.line >= 1 && err.column >= 1);
        }
        dj_batch_doc_free(d);
        dj_batch *b = NULL;
        rc = dj_batch_new(&b, "t", buf, n, round & 1 ? DJ_BATCH_MANIFEST : 0, &err);
        CU_ASSERT((rc == 0) == (b != NULL));
        dj_batch_free(b);
    }
}

/* ---- analyses ---- */

static const char good[] =
    "data = data/kosovo\n"
    "to = 2020-12-31\n"
    "[cov]\n"
    "blocs = NATO , EU\n"
    "tables = coverage, holdouts\n"
    "at = 2013-02-17\n"
    "[charts]\n"
    "data =\n"
    "charts = cumulative, per-year\n"
    "formats = png, svg\n"
    "size = 800x600\n"
    "output = charts/kosovo\n"
    "[years]\n"
    "by = year\n"
    "from = 2008-01-01\n"
    "tables = timeline\n"
    "thresholds = 50, 66.67\n"
    "[fits]\n"
    "tables = fit, curve, medians\n"
    "until = 2030-01-01\n";

static void analyses_take_defaults_and_check_values(void)
{
    dj_error err;
    dj_batch *b = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_batch_new(&b, "t.batch", good, strlen(good), 0, &err), 0);
    CU_ASSERT_EQUAL_FATAL(b->count, 4);
    CU_ASSERT_EQUAL(b->analyses[3].tables, DJ_TABLE_FIT | DJ_TABLE_CURVE | DJ_TABLE_MEDIANS);
    CU_ASSERT_EQUAL(b->analyses[3].models, 1u << DJ_MODEL_LOGISTIC); /* the default model */
    CU_ASSERT_EQUAL(b->analyses[3].until, D("2030-01-01"));
    const dj_batch_analysis *a = &b->analyses[0];
    CU_ASSERT_STRING_EQUAL(a->name, "cov");
    CU_ASSERT_STRING_EQUAL(a->text[DJ_BK_DATA], "data/kosovo");
    CU_ASSERT_EQUAL(a->at, D("2013-02-17"));
    CU_ASSERT_EQUAL(a->to, D("2013-02-17")); /* `at` in the section beats the default `to` */
    CU_ASSERT_EQUAL(a->tables, DJ_TABLE_COVERAGE | DJ_TABLE_HOLDOUTS);
    CU_ASSERT_EQUAL(a->formats, DJ_FORMAT_SVG);
    CU_ASSERT_STRING_EQUAL(a->output, "cov");
    a = &b->analyses[1];
    CU_ASSERT_STRING_EQUAL(a->text[DJ_BK_DATA], "");
    CU_ASSERT_EQUAL(a->charts, DJ_CHART_CUMULATIVE | DJ_CHART_PER_YEAR);
    CU_ASSERT_EQUAL(a->formats, DJ_FORMAT_PNG | DJ_FORMAT_SVG);
    CU_ASSERT_EQUAL(a->width, 800);
    CU_ASSERT_EQUAL(a->height, 600);
    CU_ASSERT_EQUAL(a->to, D("2020-12-31"));
    CU_ASSERT_STRING_EQUAL(a->output, "charts/kosovo");
    a = &b->analyses[2];
    CU_ASSERT_EQUAL(a->grid, DJ_GRID_YEAR);
    CU_ASSERT_EQUAL(a->from, D("2008-01-01"));
    CU_ASSERT_EQUAL(a->nthresholds, 2);
    CU_ASSERT_EQUAL(a->models, 0); /* no fit asked for */
    CU_ASSERT_DOUBLE_EQUAL(a->thresholds[1], 66.67, 1e-9);
    dj_batch_free(b);
}

static void expect_batch_error(const char *text, long line, long column, const char *words)
{
    dj_error err;
    dj_batch *b = NULL;
    int rc = dj_batch_new(&b, "t.batch", text, strlen(text), 0, &err);
    CU_ASSERT_EQUAL(rc, DJ_EPARSE);
    CU_ASSERT_PTR_NULL(b);
    CU_ASSERT_EQUAL(err.line, line);
    CU_ASSERT_EQUAL(err.column, column);
    if (!strstr(err.msg, words))
        fprintf(stderr, "\n  message '%s' lacks '%s'\n", err.msg, words);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, words));
}

static void analysis_errors_point_at_the_value(void)
{
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\noutput = ../up\n", 4, 10,
                       "no '..' and no absolute path");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\noutput = /etc\n", 4, 10,
                       "inside the output root");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\noutput = a/./b\n", 4, 10,
                       "inside the output root");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\n[b]\ntables = timeline\noutput = a\n",
                       6, 10, "output folder 'a' is also the folder 'a' of [a] at line 2");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\n[b]\ntables = timeline\noutput = a/x\n",
                       6, 10, "is inside folder 'a'");
    expect_batch_error("[a]\ntables = timeline\n", 1, 1, "needs a fixed date");
    expect_batch_error("to = 2013-02-30\n[a]\ntables = timeline\n", 1, 6,
                       "day out of range for that month, found '2013-02-30'");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline, cov\n", 3, 20,
                       "expected tables (timeline, coverage, holdouts, milestones, thresholds, per-year, per-month, "
                       "delays, survival, medians, population, fit, curve or none), found 'cov'");
    expect_batch_error("to = 2013-02-17\n[a]\ntabels = timeline\n", 3, 1,
                       "unknown key 'tabels' (did you mean 'tables'?)");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\ntables = coverage\n", 4, 1,
                       "key 'tables' repeats the one at line 3");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\ncharts = all\n", 4, 10,
                       "put the tables in a section of their own");
    expect_batch_error("to = 2013-02-17\n[a]\nview = all\n", 2, 1, "writes nothing");
    expect_batch_error("to = 2013-02-17\n[a]\ncharts = all\nsize = 10x10\n", 4, 8, "WIDTHxHEIGHT");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\nby = week\n", 4, 6,
                       "expected day, month or year, found 'week'");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = milestones\nthresholds = 50, 1e3\n", 4, 18,
                       "percentages in (0, 100]");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = coverage\nblocs = NATO,,EU\n", 4, 14,
                       "expected a code between commas");
    expect_batch_error("to = 2013-02-17\noutput = x\n[a]\ntables = timeline\n", 2, 1,
                       "cannot be a default");
    expect_batch_error("; nothing but a comment\n", 1, 1, "expected at least one analysis");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = fit\nmodels = logistic, weibull\n", 4, 20,
                       "expected models (logistic, gompertz, bass or none), found 'weibull'");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = curve\nuntil = 2012-01-01\n", 4, 9,
                       "'until' is before the analysis's date");
    expect_batch_error("to = 2013-02-17\n[a]\ntables = timeline\ninput = 00 x\n", 4, 1, "unknown key 'input'");
}

static void dates_in_a_section_beat_conflicting_defaults(void)
{
    const char *t = "at = 2013-02-17\n"
                    "[years]\nby = year\nto = 2020-12-31\ntables = timeline\n"
                    "[day]\ntables = timeline\n";
    dj_error err;
    dj_batch *b = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_batch_new(&b, "t.batch", t, strlen(t), 0, &err), 0);
    CU_ASSERT_EQUAL(b->analyses[0].at, DJ_DATE_NONE);
    CU_ASSERT_EQUAL(b->analyses[0].grid, DJ_GRID_YEAR);
    CU_ASSERT_EQUAL(b->analyses[0].to, D("2020-12-31"));
    CU_ASSERT_STRING_EQUAL(b->analyses[0].text[DJ_BK_AT], "");
    CU_ASSERT_EQUAL(b->analyses[1].at, D("2013-02-17"));
    CU_ASSERT_EQUAL(b->analyses[1].to, D("2013-02-17"));
    dj_batch_free(b);
    expect_batch_error("[a]\nat = 2013-02-17\nto = 2014-01-01\ntables = timeline\n", 3, 6,
                       "'to' differs from 'at'");
    expect_batch_error("at = 2013-02-17\nby = year\n[a]\ntables = timeline\n", 2, 6,
                       "'by' and 'at' exclude each other");
}

static void output_paths_are_checked_component_by_component(void)
{
    CU_ASSERT(dj_batch_path_is_safe("a"));
    CU_ASSERT(dj_batch_path_is_safe("a/b-c/d_e.f"));
    CU_ASSERT(!dj_batch_path_is_safe(""));
    CU_ASSERT(!dj_batch_path_is_safe(".."));
    CU_ASSERT(!dj_batch_path_is_safe("a/../b"));
    CU_ASSERT(!dj_batch_path_is_safe("a/.."));
    CU_ASSERT(!dj_batch_path_is_safe("/a"));
    CU_ASSERT(!dj_batch_path_is_safe("a//b"));
    CU_ASSERT(!dj_batch_path_is_safe("a/"));
    CU_ASSERT(!dj_batch_path_is_safe(".hidden"));
    CU_ASSERT(!dj_batch_path_is_safe("a/-rf"));
    CU_ASSERT(!dj_batch_path_is_safe("a b"));
    CU_ASSERT(!dj_batch_path_is_safe("a\\b"));
}

static void manifests_read_back_their_records(void)
{
    const char *m =
        "dejure = 0.1.0\n"
        "batch = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ../x.batch\n"
        "[a]\nto = 2013-02-17\ntables = timeline\n"
        "input = 1111111111111111111111111111111111111111111111111111111111111111 ../d/events.csv\n"
        "file = 2222222222222222222222222222222222222222222222222222222222222222 a/timeline.csv\n";
    dj_error err;
    dj_batch *b = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_batch_new(&b, "manifest.ini", m, strlen(m), DJ_BATCH_MANIFEST, &err), 0);
    CU_ASSERT_STRING_EQUAL(b->version, "0.1.0");
    CU_ASSERT_STRING_EQUAL(b->source.path, "../x.batch");
    CU_ASSERT_EQUAL(b->analyses[0].ninputs, 1);
    CU_ASSERT_STRING_EQUAL(b->analyses[0].inputs[0].path, "../d/events.csv");
    CU_ASSERT_EQUAL(b->analyses[0].nfiles, 1);
    CU_ASSERT_STRING_EQUAL(b->analyses[0].files[0].path, "a/timeline.csv");
    CU_ASSERT_EQUAL(strlen(b->analyses[0].files[0].sha256), 64);
    dj_batch_free(b);
    /* a recorded output outside its analysis's folder is refused */
    const char *evil =
        "dejure = 0.1.0\n[a]\nto = 2013-02-17\ntables = timeline\n"
        "file = 2222222222222222222222222222222222222222222222222222222222222222 ../etc/passwd\n";
    CU_ASSERT_EQUAL(dj_batch_new(&b, "manifest.ini", evil, strlen(evil), DJ_BATCH_MANIFEST, &err), DJ_EPARSE);
    CU_ASSERT_EQUAL(err.line, 5);
    CU_ASSERT_EQUAL(err.column, 73);
}

/* Real batch files and manifests with bytes flipped, inserted and cut:
   the checks behind the syntax must hold as well as the parser. */
static void mutated_batch_files_end_in_a_batch_or_a_positioned_error(void)
{
    static const char manifest[] =
        "dejure = 0.1.0\ngnuplot = gnuplot 5.4 patchlevel 4\n"
        "batch = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ../x.batch\n"
        "[a]\ndata = ../d\nto = 2013-02-17\ntables = timeline, coverage\nblocs = EU, NATO\n"
        "input = 1111111111111111111111111111111111111111111111111111111111111111 ../d/events.csv\n"
        "file = 2222222222222222222222222222222222222222222222222222222222222222 a/timeline.csv\n"
        "[b]\ncharts = all\nformats = png, svg\nsize = 800x600\noutput = b/c\nto = 2014-01-01\n";
    static const char bytes[] = "[]=,;# \t\n.-x0129/\xc3\xa9";
    const char *seeds[2] = {good, manifest};
    char buf[1200];
    uint32_t seed = 7;
    dj_error err;
    for (int round = 0; round < 20000; round++) {
        const char *src = seeds[round & 1];
        size_t n = strlen(src);
        memcpy(buf, src, n);
        int edits = 1 + (int)(next_random(&seed) % 4);
        for (int k = 0; k < edits; k++) {
            size_t at = next_random(&seed) % (n + 1);
            char c = bytes[next_random(&seed) % (sizeof bytes - 1)];
            switch (next_random(&seed) % 3) {
            case 0: if (at < n) buf[at] = c; break;
            case 1: if (n + 1 < sizeof buf) { memmove(buf + at + 1, buf + at, n - at); buf[at] = c; n++; } break;
            default: if (at < n) { memmove(buf + at, buf + at + 1, n - at - 1); n--; } break;
            }
        }
        dj_batch *b = NULL;
        int rc = dj_batch_new(&b, "m.ini", buf, n, (round & 1) ? DJ_BATCH_MANIFEST : 0, &err);
        CU_ASSERT((rc == 0) == (b != NULL));
        if (rc) {
            CU_ASSERT(rc == DJ_EPARSE || rc == DJ_ELIMIT);
            CU_ASSERT(err.line >= 1 && err.column >= 1);
        } else {
            for (size_t i = 0; i < b->count; i++) {
                CU_ASSERT(dj_batch_path_is_safe(b->analyses[i].output));
                CU_ASSERT(b->analyses[i].to != DJ_DATE_NONE);
                CU_ASSERT((b->analyses[i].tables != 0) != (b->analyses[i].charts != 0));
            }
        }
        dj_batch_free(b);
    }
}

static void every_allocation_failure_ends_in_enomem_without_leaks(void)
{
    dj_error err;
    int done = 0;
    for (long k = 1; k < 10000 && !done; k++) {
        dj_batch *b = NULL;
        dj_alloc_fail_at(k);
        int rc = dj_batch_new(&b, "t.batch", good, strlen(good), 0, &err);
        dj_alloc_fail_at(0);
        if (rc == 0) {
            done = 1;
            dj_batch_free(b);
        } else {
            CU_ASSERT_EQUAL(rc, DJ_ENOMEM);
            CU_ASSERT_PTR_NULL(b);
        }
    }
    CU_ASSERT(done);
}

static void relative_paths_climb_out_of_the_manifest_folder(void)
{
    char tmpl[] = "/tmp/dejure-rel-XXXXXX", a[300], b[300], rel[300];
    dj_error err;
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
    snprintf(a, sizeof a, "%s/out/run", tmpl);
    snprintf(b, sizeof b, "%s/data/kosovo", tmpl);
    char p[300];
    snprintf(p, sizeof p, "%s/out", tmpl); mkdir(p, 0700);
    mkdir(a, 0700);
    snprintf(p, sizeof p, "%s/data", tmpl); mkdir(p, 0700);
    mkdir(b, 0700);
    CU_ASSERT_EQUAL(dj_path_relative(rel, sizeof rel, a, b, &err), 0);
    CU_ASSERT_STRING_EQUAL(rel, "../../data/kosovo");
    CU_ASSERT_EQUAL(dj_path_relative(rel, sizeof rel, a, a, &err), 0);
    CU_ASSERT_STRING_EQUAL(rel, ".");
    snprintf(p, sizeof p, "%s/out", tmpl);
    CU_ASSERT_EQUAL(dj_path_relative(rel, sizeof rel, p, a, &err), 0);
    CU_ASSERT_STRING_EQUAL(rel, "run");
    CU_ASSERT_EQUAL(dj_remove_tree(tmpl, &err), 0);
    CU_ASSERT_EQUAL(access(tmpl, F_OK), -1);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(sha256_matches_the_fips_180_examples),
        DJ_TEST(sha256_of_a_million_a_fed_in_uneven_pieces),
        DJ_TEST(sha256_lengths_around_the_padding_boundary_agree_streamed_and_whole),
        DJ_TEST(parse_reads_sections_keys_values_and_comments),
        DJ_TEST(parse_errors_name_line_column_expected_and_found),
        DJ_TEST(parse_limits_are_errors_not_crashes),
        DJ_TEST(parse_survives_every_byte_and_random_input),
        DJ_TEST(analyses_take_defaults_and_check_values),
        DJ_TEST(analysis_errors_point_at_the_value),
        DJ_TEST(dates_in_a_section_beat_conflicting_defaults),
        DJ_TEST(output_paths_are_checked_component_by_component),
        DJ_TEST(manifests_read_back_their_records),
        DJ_TEST(mutated_batch_files_end_in_a_batch_or_a_positioned_error),
        DJ_TEST(every_allocation_failure_ends_in_enomem_without_leaks),
        DJ_TEST(relative_paths_climb_out_of_the_manifest_folder),
        {NULL, NULL}};
    return dj_run_tests("batch", tests);
}
