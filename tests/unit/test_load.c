/*
 * test_load.c - the loader: every malformed input gets its
 * file:line:column message; accepted oddities (BOM, CRLF, quoted commas)
 * load as expected.
 */
#include <unistd.h>

#include "check.h"

#define HDR "date,actor,subject,type,disputed,source,note\n"

typedef struct bad_case {
    const char *what;
    const char *events;
    long line, column;
    const char *msg;       /* substring of the message */
} bad_case;

static const bad_case bad_events[] = {
    {"invalid day", HDR "2013-02-30,USA,XKX,recognize,,s,\n", 2, 1, "day out of range"},
    {"invalid month", HDR "2013-13-01,USA,XKX,recognize,,s,\n", 2, 1, "month out of range"},
    {"unpadded date", HDR "2013-2-3,USA,XKX,recognize,,s,\n", 2, 1, "found '2013-2-3'"},
    {"year zero", HDR "0000,USA,XKX,recognize,,s,\n", 2, 1, "year out of range"},
    {"five-digit year", HDR "99999-01-01,USA,XKX,recognize,,s,\n", 2, 1, "expected a date"},
    {"unknown type", HDR "2008-02-18,USA,XKX,recognise,,s,\n", 2, 20, "did you mean 'recognize'"},
    {"extra field", HDR "2008-02-18,USA,XKX,recognize,,s,,extra\n", 2, 34, "expected 7 fields as in the header, found 8"},
    {"missing field", HDR "2008-02-18,USA,XKX,recognize\n", 2, 28, "expected 7 fields as in the header, found 4"},
    {"unknown column", "date,actor,subject,type,colour\n2008-02-18,USA,XKX,recognize,red\n", 1, 25,
     "unknown column 'colour'"},
    {"missing column", "date,actor,type\n2008-02-18,USA,recognize\n", 1, 1, "missing column 'subject'"},
    {"repeated column", "date,actor,subject,type,date\n", 1, 25, "appears twice"},
    {"empty file", "", 1, 1, "found an empty file"},
    {"header alone", HDR, 2, 1, "only the header"},
    {"unterminated quote", HDR "2008-02-18,USA,XKX,recognize,,\"http://x,\n", 2, 31,
     "expected a closing quote"},
    {"quote inside a field", HDR "2008-02-18,US\"A,XKX,recognize,,s,\n", 2, 14, "found one inside an unquoted field"},
    {"text after a closing quote", HDR "2008-02-18,\"US\"A,XKX,recognize,,s,\n", 2, 16,
     "after a quote, found 'A'"},
    {"line break in a field", HDR "2008-02-18,USA,XKX,recognize,,s,\"two\nlines\"\n", 2, 33,
     "a line break inside a field"},
    {"NUL byte", HDR "2008-02-18,USA,XKX,recognize,,s,a\0b\n", 2, 33, "a NUL byte"},
    {"invalid UTF-8", HDR "2008-02-18,USA,XKX,recognize,,s,caf\xe9\n", 2, 33, "invalid UTF-8"},
    {"empty actor", HDR "2008-02-18,,XKX,recognize,,s,\n", 2, 12, "found an empty field"},
    {"bad code characters", HDR "2008-02-18,U S,XKX,recognize,,s,\n", 2, 12, "found 'U S'"},
    {"duplicate event", HDR "2008-02-18,USA,XKX,recognize,,s,\n2008-02-18,USA,XKX,recognize,,t,\n",
     3, 1, "duplicate event"},
    {"actor is the subject", HDR "2008-02-18,XKX,XKX,recognize,,s,\n", 2, 12, "other than the subject"},
    {"error on a later line", HDR "2008-02-18,USA,XKX,recognize,,s,\n\n2008-02-19,FRA,XKX,withdrawn,,s,\n",
     4, 20, "did you mean 'withdraw'"},
};

static void loader_reports_each_malformed_input_with_line_and_column(void)
{
    for (size_t i = 0; i < sizeof bad_events / sizeof *bad_events; i++) {
        const bad_case *c = &bad_events[i];
        dj_error err;
        size_t len = strlen(c->events);
        if (strstr(c->what, "NUL"))
            len = strlen(HDR) + 33 + 4; /* the text holds a NUL: give its length */
        dj_memfile f = {"events.csv", c->events, len};
        dj_dataset *ds = NULL;
        int rc = dj_dataset_load_mem(&ds, "t", &f, 1, NULL, NULL, &err);
        int ok = rc == DJ_EPARSE && ds == NULL && strcmp(err.path, "t/events.csv") == 0 &&
                 err.line == c->line && err.column == c->column && strstr(err.msg, c->msg);
        if (!ok)
            fprintf(stderr, "\n  %s: rc %d, %s:%ld:%ld: %s\n", c->what, rc, err.path, err.line,
                    err.column, err.msg);
        CU_ASSERT_TRUE(ok);
        dj_dataset_free(ds);
    }
}

static void loader_accepts_bom_crlf_and_quoted_commas(void)
{
    const char *text = "\xef\xbb\xbf" "date,actor,subject,type,disputed,source,note\r\n"
                       "2008-02-18,USA,XKX,recognize,,\"http://a.example/x,y\",\"said \"\"yes\"\"\"\r\n"
                       "2008-02,FRA,XKX,recognize,,s,\r\n";
    dj_memfile f = {"events.csv", text, strlen(text)};
    dj_dataset *ds;
    dj_error err;
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_mem(&ds, "t", &f, 1, NULL, NULL, &err), 0);
    CU_ASSERT_EQUAL(dj_dataset_event_count(ds), 2);
    dj_event_info ev;
    dj_dataset_event(ds, 0, &ev);
    CU_ASSERT_STRING_EQUAL(ev.source, "http://a.example/x,y");
    CU_ASSERT_STRING_EQUAL(ev.note, "said \"yes\"");
    CU_ASSERT_EQUAL(ev.line, 2);
    dj_dataset_event(ds, 1, &ev);
    CU_ASSERT_EQUAL(ev.precision, DJ_PREC_MONTH);
    CU_ASSERT_EQUAL(ev.line, 3);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_code(ds, ev.actor), "FRA");
    dj_dataset_free(ds);
}

static void loader_warns_about_unknown_codes_with_a_suggestion(void)
{
    dj_diagnostics d;
    dj_error err;
    dj_diagnostics_init(&d);
    dj_dataset *ds = dj_test_dataset(HDR "2008-02-18,USB,XKX,recognize,,s,\n",
                                     "code,name\nUSA,United States\nXKX,Kosovo\n", NULL, NULL, &d, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(d.warnings, 1);
    CU_ASSERT_EQUAL(d.items[0].line, 2);
    CU_ASSERT_EQUAL(d.items[0].column, 12);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.items[0].msg, "did you mean 'USA'"));
    dj_dataset_free(ds);
    dj_diagnostics_dispose(&d);
}

/* Codes a user types (--bloc, --subject, a batch file's keys) match in
   any case; the files of a dataset match exactly. */
static void typed_codes_match_in_any_case_data_codes_exactly(void)
{
    dj_dataset *ds = NULL;
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_default(&ds, NULL, NULL, NULL), 0);
    uint32_t nato = dj_dataset_bloc_find(ds, "NATO"), xkx = dj_dataset_entity_find(ds, "XKX");
    CU_ASSERT_NOT_EQUAL_FATAL(nato, DJ_NONE);
    CU_ASSERT_EQUAL(dj_dataset_bloc_find(ds, "nato"), nato);
    CU_ASSERT_EQUAL(dj_dataset_bloc_find(ds, "Nato"), nato);
    CU_ASSERT_EQUAL(dj_dataset_bloc_find(ds, "natoo"), DJ_NONE);
    CU_ASSERT_EQUAL(dj_dataset_entity_find(ds, "xkx"), DJ_NONE);
    CU_ASSERT_EQUAL(dj_dataset_entity_lookup(ds, "xkx"), xkx);
    CU_ASSERT_EQUAL(dj_dataset_entity_lookup(ds, "XKX"), xkx);
    CU_ASSERT_EQUAL(dj_dataset_entity_lookup(ds, "xkxx"), DJ_NONE);
    dj_dataset_free(ds);
}

/* dj_suggest is the measure behind the dataset's suggestions, over any
   words: close ones (case aside) are offered, far ones not. */
static void suggest_offers_only_close_words(void)
{
    static const char *const words[] = {"timeline", "coverage", "holdouts", "all"};
    CU_ASSERT_STRING_EQUAL(dj_suggest("timelin", words, 4), "timeline");
    CU_ASSERT_STRING_EQUAL(dj_suggest("COVERAGE", words, 4), "coverage");
    CU_ASSERT_STRING_EQUAL(dj_suggest("al", words, 4), "all");
    CU_ASSERT_PTR_NULL(dj_suggest("frobnicate", words, 4));
    CU_ASSERT_PTR_NULL(dj_suggest("x", words, 4));
    CU_ASSERT_PTR_NULL(dj_suggest("timeline", words, 0));
}

static void loader_warns_about_event_order(void)
{
    dj_diagnostics d;
    dj_error err;
    dj_diagnostics_init(&d);
    dj_dataset *ds = dj_test_dataset(HDR "2008-02-18,USA,XKX,withdraw,,s,\n"
                                         "2008-02-19,USA,XKX,recognize,,s,\n"
                                         "2008-02-20,USA,XKX,recognize,,s,\n",
                                     NULL, "code,name,declared\nXKX,Kosovo,2008-02-17\n", NULL, &d, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(d.warnings, 2);
    CU_ASSERT_EQUAL(d.items[0].line, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.items[0].msg, "without an earlier recognition"));
    CU_ASSERT_EQUAL(d.items[1].line, 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.items[1].msg, "again"));
    dj_dataset_free(ds);
    dj_diagnostics_dispose(&d);

    /* --strict: the same warnings are errors */
    dj_diagnostics_init(&d);
    dj_memfile f = {"events.csv", HDR "2008-02-18,USA,XKX,withdraw,,s,\n", 0};
    f.size = strlen(f.data);
    dj_load_options strict = {DJ_LOAD_STRICT};
    CU_ASSERT_EQUAL(dj_dataset_load_mem(&ds, "t", &f, 1, &strict, &d, &err), DJ_EPARSE);
    CU_ASSERT_EQUAL(err.line, 2);
    dj_diagnostics_dispose(&d);
}

static void loader_warns_about_events_before_the_declaration(void)
{
    dj_diagnostics d;
    dj_error err;
    dj_diagnostics_init(&d);
    dj_dataset *ds = dj_test_dataset(HDR "2008-02-16,USA,XKX,recognize,,s,\n"
                                         "2008-02,FRA,XKX,recognize,,s,\n"
                                         "2008,DEU,XKX,recognize,,s,\n"
                                         "2007-12,ITA,XKX,recognize,,s,\n",
                                     NULL, "code,name,declared\nXKX,Kosovo,2008-02-17\n", NULL, &d, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    /* the day before, and a month wholly before; 2008-02 and 2008 may
       well fall after the declaration */
    CU_ASSERT_EQUAL(d.warnings, 2);
    CU_ASSERT_EQUAL(d.items[0].line, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.items[0].msg, "before XKX declared"));
    CU_ASSERT_EQUAL(d.items[1].line, 5);
    dj_dataset_free(ds);
    dj_diagnostics_dispose(&d);
}

static void first_error_keeps_its_position_after_many_warnings(void)
{
    /* 1500 withdrawals without a recognition fill the kept warnings;
       the bad date after them must still be named with its line */
    size_t rows = 1500;
    char *text = malloc(strlen(HDR) + rows * 64 + 128);
    char *p = text + sprintf(text, "%s", HDR);
    for (size_t i = 0; i < rows; i++)
        p += sprintf(p, "2009-01-01,A%zu,XKX,withdraw,,s,\n", i);
    sprintf(p, "2013-02-30,USA,XKX,recognize,,s,\n");
    dj_memfile f = {"events.csv", text, strlen(text)};
    dj_dataset *ds;
    dj_error err;
    dj_diagnostics d;
    dj_diagnostics_init(&d);
    CU_ASSERT_EQUAL(dj_dataset_load_mem(&ds, "t", &f, 1, NULL, &d, &err), DJ_EPARSE);
    CU_ASSERT_EQUAL(err.line, (long)rows + 2);
    CU_ASSERT_EQUAL(err.column, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "day out of range"));
    CU_ASSERT_EQUAL(d.errors, 1);
    CU_ASSERT_EQUAL(d.warnings, rows);
    dj_diagnostics_dispose(&d);
    free(text);
}

static void loader_rejects_bad_memberships(void)
{
    static const struct { const char *blocs; long line, column; const char *msg; } cases[] = {
        {"bloc,member,joined,left\nEU,FRA,1958-01-01,1950-01-01\n", 2, 19, "expected 'left' after 'joined'"},
        {"bloc,member,joined,left\nEU,FRA,1958-01-01,\nEU,FRA,1990-01-01,2000-01-01\n", 3, 1, "overlaps the one on line 2"},
        {"bloc,member,joined,left\nEU,FRA,1958-01-01,1960-01-01\nEU,FRA,1959-12-31,\n", 3, 1, "overlaps"},
        {"bloc,member,joined\nEU,FRA,1958-13-01\n", 2, 8, "month out of range"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dj_error err;
        dj_dataset *ds = dj_test_dataset(HDR "2008-02-18,FRA,XKX,recognize,,s,\n", NULL, NULL,
                                         cases[i].blocs, NULL, &err);
        int ok = !ds && strcmp(err.path, "t/blocs.csv") == 0 && err.line == cases[i].line &&
                 err.column == cases[i].column && strstr(err.msg, cases[i].msg);
        if (!ok)
            fprintf(stderr, "\n  case %zu: %s:%ld:%ld: %s\n", i, err.path, err.line, err.column, err.msg);
        CU_ASSERT_TRUE(ok);
        dj_dataset_free(ds);
    }
    /* rejoining on the day of leaving is not an overlap */
    dj_error err;
    dj_dataset *ds = dj_test_dataset(HDR "2008-02-18,FRA,XKX,recognize,,s,\n", NULL, NULL,
                                     "bloc,member,joined,left\nEU,FRA,1958-01-01,1960-01-01\nEU,FRA,1960-01-01,\n",
                                     NULL, &err);
    CU_ASSERT_PTR_NOT_NULL(ds);
    dj_dataset_free(ds);
}

static void loader_enforces_field_and_column_limits(void)
{
    /* a field longer than the limit */
    size_t big = DJ_MAX_FIELD_BYTES + 10;
    char *text = malloc(strlen(HDR) + big + 64);
    strcpy(text, HDR "2008-02-18,USA,XKX,recognize,,");
    size_t n = strlen(text);
    memset(text + n, 'x', big);
    strcpy(text + n + big, ",\n");
    dj_memfile f = {"events.csv", text, strlen(text)};
    dj_dataset *ds;
    dj_error err;
    CU_ASSERT_EQUAL(dj_dataset_load_mem(&ds, "t", &f, 1, NULL, NULL, &err), DJ_ELIMIT);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_EQUAL(err.column, 31);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a field of at most 65536 bytes"));
    free(text);

    /* a line of a million columns */
    size_t cols = 1000000;
    text = malloc(strlen(HDR) + 2 * cols + 8);
    strcpy(text, HDR);
    n = strlen(text);
    for (size_t i = 0; i < cols; i++) {
        text[n++] = 'a';
        text[n++] = ',';
    }
    text[n - 1] = '\n';
    text[n] = '\0';
    f.data = text;
    f.size = n;
    CU_ASSERT_EQUAL(dj_dataset_load_mem(&ds, "t", &f, 1, NULL, NULL, &err), DJ_ELIMIT);
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "at most 64 columns"));
    free(text);
}

static void loader_reports_missing_and_unreadable_folders(void)
{
    dj_dataset *ds;
    dj_error err;
    CU_ASSERT_EQUAL(dj_dataset_load_dir(&ds, "/nonexistent/dejure", NULL, NULL, &err), DJ_EIO);
    CU_ASSERT_PTR_NULL(ds);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open dataset folder"));
}

static dj_dataset *with_annotations(const char *annotations, dj_error *err)
{
    static const char ev[] = HDR "2008-02-18,USA,XKX,recognize,,s,\n1971-10-25,USA,TWN,withdraw,,s,\n";
    dj_memfile f[2] = {{"events.csv", ev, sizeof ev - 1}, {"annotations.csv", annotations, strlen(annotations)}};
    dj_dataset *ds = NULL;
    dj_dataset_load_mem(&ds, "t", f, 2, NULL, NULL, err);
    return ds;
}

static void annotations_belong_to_a_subject_or_to_all(void)
{
    dj_error err;
    dj_dataset *ds = with_annotations("date,label,subject\n2008-02-17,Declaration,XKX\n"
                                      "2000-01-01,For every subject,\n1971-10-25,UN seat,TWN\n", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL_FATAL(dj_dataset_annotation_count(ds), 3);
    const dj_annotation *a = dj_dataset_annotations(ds);
    CU_ASSERT_EQUAL(a[0].subject, dj_dataset_entity_find(ds, "XKX"));
    CU_ASSERT_EQUAL(a[1].subject, DJ_NONE);
    CU_ASSERT_EQUAL(a[2].subject, dj_dataset_entity_find(ds, "TWN"));
    dj_dataset_free(ds);
    /* without the column, every annotation is every subject's */
    ds = with_annotations("date,label\n2008-02-17,Declaration\n", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(dj_dataset_annotations(ds)[0].subject, DJ_NONE);
    dj_dataset_free(ds);
    static const struct { const char *text; long line, column; const char *msg; } bad[] = {
        {"date,subject,label\n2008-02-17,XKX,a\n2008-02-18,XKZ,b\n", 3, 12,
         "unknown subject 'XKZ', not a subject of the dataset (did you mean 'XKX'?)"},
        {"date,subject,label\n2008-02-17,USA,a\n", 2, 12, "unknown subject 'USA'"},
        {"date,label,subject\n2008-02-17,a,X K\n", 2, 14, "expected a subject code"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ds = with_annotations(bad[i].text, &err);
        int ok = !ds && strcmp(err.path, "t/annotations.csv") == 0 && err.line == bad[i].line &&
                 err.column == bad[i].column && strstr(err.msg, bad[i].msg);
        if (!ok)
            fprintf(stderr, "\n  case %zu: %s:%ld:%ld: %s\n", i, err.path, err.line, err.column, err.msg);
        CU_ASSERT_TRUE(ok);
        dj_dataset_free(ds);
    }
}

static void dataset_is_named_by_its_folder_or_events_file_not_a_path(void)
{
    char dir[] = "/tmp/dejure-name-XXXXXX", path[80], slash[80];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/events.csv", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n", f);
    fclose(f);
    dj_dataset *ds;
    dj_error err;
    snprintf(slash, sizeof slash, "%s//", dir);
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_dir(&ds, slash, NULL, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(dj_dataset_name(ds), strrchr(dir, '/') + 1);
    dj_dataset_free(ds);
    snprintf(slash, sizeof slash, "%s/.", dir);
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_dir(&ds, slash, NULL, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(dj_dataset_name(ds), strrchr(dir, '/') + 1);
    dj_dataset_free(ds);
    const char *ev = "date,actor,subject,type\n2008-02-18,FRA,XKX,recognize\n";
    dj_file_override o = {"events.csv", "some/where/new-events.csv", ev, strlen(ev)};
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_with(&ds, dir, &o, 1, NULL, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(dj_dataset_name(ds), "new-events.csv");
    dj_dataset_free(ds);
    o.path = "<stdin>"; /* piped: still the folder's */
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_with(&ds, NULL, &o, 1, NULL, NULL, &err), 0);
    CU_ASSERT_STRING_EQUAL(dj_dataset_name(ds), "world");
    dj_dataset_free(ds);
    remove(path);
    rmdir(dir);
}

static void loader_takes_overridden_files_from_memory(void)
{
    dj_dataset *ds = NULL;
    dj_error err;
    const char *ev = "date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n"
                     "2008-02-18,FRA,XKX,recognize\n";
    dj_file_override o = {"events.csv", "<stdin>", ev, strlen(ev)};

    /* the built-in dataset keeps its blocs and names, with these events */
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_with(&ds, NULL, &o, 1, NULL, NULL, &err), 0);
    CU_ASSERT_EQUAL(dj_dataset_event_count(ds), 2);
    CU_ASSERT_NOT_EQUAL(dj_dataset_bloc_find(ds, "NATO"), DJ_NONE);
    CU_ASSERT_STRING_EQUAL(dj_dataset_entity_name(ds, dj_dataset_entity_find(ds, "FRA")), "France");
    dj_dataset_free(ds);

    /* a folder without events.csv gets one; messages name the override */
    char dir[] = "/tmp/dejure-load-with-XXXXXX", path[64];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/blocs.csv", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("bloc,member,joined,left\nPAIR,USA,2000-01-01,\nPAIR,DEU,2000-01-01,\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(dj_dataset_load_dir(&ds, dir, NULL, NULL, &err), DJ_EIO);
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_with(&ds, dir, &o, 1, NULL, NULL, &err), 0);
    CU_ASSERT_EQUAL(dj_dataset_event_count(ds), 2);
    CU_ASSERT_EQUAL(dj_dataset_membership_count(ds), 2);
    dj_dataset_free(ds);
    const char *bad = "date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n2008-02-30,FRA,XKX,recognize\n";
    o.data = bad;
    o.size = strlen(bad);
    CU_ASSERT_EQUAL(dj_dataset_load_with(&ds, dir, &o, 1, NULL, NULL, &err), DJ_EPARSE);
    CU_ASSERT_PTR_NULL(ds);
    CU_ASSERT_STRING_EQUAL(err.path, "<stdin>");
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_EQUAL(err.column, 1);
    remove(path);
    rmdir(dir);

    /* only dataset files can be overridden */
    o.name = "events.txt";
    CU_ASSERT_EQUAL(dj_dataset_load_with(&ds, NULL, &o, 1, NULL, NULL, &err), DJ_EINVALID);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'events.txt' is not a dataset file"));
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(loader_reports_each_malformed_input_with_line_and_column),
        DJ_TEST(loader_accepts_bom_crlf_and_quoted_commas),
        DJ_TEST(loader_warns_about_unknown_codes_with_a_suggestion),
        DJ_TEST(typed_codes_match_in_any_case_data_codes_exactly),
        DJ_TEST(suggest_offers_only_close_words),
        DJ_TEST(loader_warns_about_event_order),
        DJ_TEST(loader_warns_about_events_before_the_declaration),
        DJ_TEST(first_error_keeps_its_position_after_many_warnings),
        DJ_TEST(loader_rejects_bad_memberships),
        DJ_TEST(loader_enforces_field_and_column_limits),
        DJ_TEST(loader_reports_missing_and_unreadable_folders),
        DJ_TEST(loader_takes_overridden_files_from_memory),
        DJ_TEST(annotations_belong_to_a_subject_or_to_all),
        DJ_TEST(dataset_is_named_by_its_folder_or_events_file_not_a_path),
        {NULL, NULL}};
    return dj_run_tests("load", tests);
}
