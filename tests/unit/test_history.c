/*
 * test_history.c - the built-in world since 1945: each bloc's size on
 * dates across its history, as the organisation (or the press quoting it)
 * published it, and every succession on both sides of the change.
 * datasets/world/BLOCS.md cites each figure; the one difference (the
 * United Nations' Yugoslav seat) is proven with and without its cause.
 */
#include "check.h"

static dj_dataset *world_ds;

/* The first occurrence of `needle` in data[0..n), or NULL. */
static const char *find_in(const char *data, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(data + i, needle, k) == 0)
            return data + i;
    return NULL;
}
static dj_status *world_st;

static dj_dataset *builtin(void)
{
    if (!world_ds) {
        dj_error err;
        CU_ASSERT_EQUAL_FATAL(dj_dataset_load_default(&world_ds, NULL, NULL, &err), 0);
        dj_view all = {DJ_VIEW_ALL, DJ_NONE, 0};
        CU_ASSERT_EQUAL_FATAL(dj_status_new(&world_st, world_ds, &all, &err), 0);
    }
    return world_ds;
}

/* Members of `bloc` on `day` (for the default subject, which is a member
   of none of these blocs). */
static uint32_t members_in(dj_dataset *ds, dj_status *st, const char *bloc, const char *day)
{
    dj_series s;
    dj_date d = D(day);
    uint32_t b = dj_dataset_bloc_find(ds, bloc);
    CU_ASSERT_NOT_EQUAL_FATAL(b, DJ_NONE);
    uint32_t subject = dj_dataset_subject_entity(ds, 0);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, st, subject, &b, 1, &d, 1, NULL), 0);
    uint32_t m = s.members[0];
    dj_series_dispose(&s);
    return m;
}

static uint32_t members(const char *bloc, const char *day)
{
    dj_dataset *ds = builtin(); /* before world_st is read */
    return members_in(ds, world_st, bloc, day);
}

static int member(const char *bloc, const char *code, const char *day)
{
    dj_dataset *ds = builtin();
    uint32_t b = dj_dataset_bloc_find(ds, bloc), e = dj_dataset_entity_find(ds, code);
    size_t n = dj_dataset_membership_count(ds);
    const dj_membership *m = dj_dataset_memberships(ds);
    CU_ASSERT_NOT_EQUAL_FATAL(e, DJ_NONE);
    for (size_t i = 0; i < n; i++)
        if (m[i].bloc == b && m[i].member == e && m[i].joined <= D(day) && D(day) < m[i].left)
            return 1;
    return 0;
}

static void the_united_nations_grows_as_it_said(void)
{
    CU_ASSERT_EQUAL(members("UN", "1945-12-31"), 51);  /* the 51 original Members */
    CU_ASSERT_EQUAL(members("UN", "1955-12-31"), 76);  /* "from 60 to 76 states in 1955" */
    CU_ASSERT_EQUAL(members("UN", "1960-12-31"), 99);  /* "by 1960 ... 99 members" */
    CU_ASSERT_EQUAL(members("UN", "1961-12-14"), 104); /* Tanganyika, the 104th */
    CU_ASSERT_EQUAL(members("UN", "1976-02-27"), 144); /* the SADR's declaration */
    CU_ASSERT_EQUAL(members("UN", "1988-11-15"), 159); /* Palestine's declaration */
    CU_ASSERT_EQUAL(members("UN", "2002-11-30"), 191); /* "As of November 2002 ... 191" */
    CU_ASSERT_EQUAL(members("UN", "2006-06-28"), 192); /* Montenegro, the 192nd */
    CU_ASSERT_EQUAL(members("UN", "2011-07-14"), 193); /* South Sudan, the 193rd */
    /* Indonesia's withdrawal of 1965-1966 */
    CU_ASSERT_FALSE(member("UN", "IDN", "1965-06-01"));
    CU_ASSERT_TRUE(member("UN", "IDN", "1966-09-28"));
}

/* The UN kept a "Yugoslavia" seat from the SFRY's dissolution (1992) to
   the FRY's admission (2000-11-01); dejure ends the SFRY's membership
   with the SFRY. With exactly that seat kept, the UN's own totals of 1993
   (184) and of Tuvalu's admission (189th) come back; without, one less. */
static void the_yugoslav_seat_explains_the_1990s(void)
{
    CU_ASSERT_EQUAL(members("UN", "1993-12-31"), 183);
    CU_ASSERT_EQUAL(members("UN", "2000-09-05"), 188);
    size_t nf;
    const dj_memfile *def = dj_default_files(&nf);
    dj_memfile files[64];
    CU_ASSERT_FATAL(nf <= 64);
    char *blocs = NULL;
    for (size_t i = 0; i < nf; i++) {
        files[i] = def[i];
        if (strcmp(def[i].name, "blocs.csv"))
            continue;
        const char *row = "UN,YUG,1945-10-24,1992-04-27,";
        const char *at = find_in(def[i].data, def[i].size, row);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        blocs = malloc(def[i].size + 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(blocs);
        memcpy(blocs, def[i].data, def[i].size);
        /* the seat to the FRY's admission: the entity must exist that long */
        memcpy(blocs + (at - def[i].data) + strlen("UN,YUG,1945-10-24,"), "2000-11-01", 10);
        files[i].data = blocs;
    }
    for (size_t i = 0; i < nf; i++)
        if (strcmp(files[i].name, "entities.csv") == 0) {
            const char *row = "YUG,Yugoslavia,,1992-04-27,";
            const char *at = find_in(files[i].data, files[i].size, row);
            CU_ASSERT_PTR_NOT_NULL_FATAL(at);
            char *ents = malloc(files[i].size + 1);
            CU_ASSERT_PTR_NOT_NULL_FATAL(ents);
            memcpy(ents, files[i].data, files[i].size);
            memcpy(ents + (at - files[i].data) + strlen("YUG,Yugoslavia,,"), "2000-11-01", 10);
            files[i].data = ents;
        }
    dj_dataset *v;
    dj_status *st;
    dj_error err;
    dj_view all = {DJ_VIEW_ALL, DJ_NONE, 0};
    CU_ASSERT_EQUAL_FATAL(dj_dataset_load_mem(&v, "world", files, nf, NULL, NULL, &err), 0);
    CU_ASSERT_EQUAL_FATAL(dj_status_new(&st, v, &all, &err), 0);
    CU_ASSERT_EQUAL(members_in(v, st, "UN", "1993-12-31"), 184);
    CU_ASSERT_EQUAL(members_in(v, st, "UN", "2000-09-05"), 189);
    CU_ASSERT_EQUAL(members_in(v, st, "UN", "2000-11-01"), 189); /* the FRY took the seat */
    dj_status_free(st);
    dj_dataset_free(v);
    for (size_t i = 0; i < nf; i++)
        if (files[i].data != def[i].data)
            free((void *)files[i].data);
}

static void europe_grows_as_it_said(void)
{
    CU_ASSERT_EQUAL(members("EU", "1958-01-01"), 6);
    CU_ASSERT_EQUAL(members("EU", "1973-01-01"), 9);
    CU_ASSERT_EQUAL(members("EU", "1981-01-01"), 10);
    CU_ASSERT_EQUAL(members("EU", "1986-01-01"), 12);
    CU_ASSERT_EQUAL(members("EU", "1995-01-01"), 15);
    CU_ASSERT_EQUAL(members("EU", "2004-05-01"), 25);
    CU_ASSERT_EQUAL(members("EU", "2007-01-01"), 27);
    CU_ASSERT_EQUAL(members("EU", "2013-07-01"), 28);
    CU_ASSERT_EQUAL(members("EU", "2020-02-01"), 27);
    CU_ASSERT_EQUAL(members("NATO", "1949-08-24"), 12);
    CU_ASSERT_EQUAL(members("NATO", "2020-03-27"), 30);
    CU_ASSERT_EQUAL(members("COE", "1949-08-03"), 10);
    CU_ASSERT_EQUAL(members("COE", "1991-02-21"), 25);
    CU_ASSERT_EQUAL(members("COE", "2007-05-11"), 47);
    CU_ASSERT_EQUAL(members("COE", "2022-03-16"), 46);
    CU_ASSERT_EQUAL(members("OSCE", "1975-08-01"), 35);
    CU_ASSERT_EQUAL(members("OSCE", "1992-01-30"), 48);
    CU_ASSERT_EQUAL(members("OSCE", "2011-12-31"), 56);
    CU_ASSERT_EQUAL(members("OSCE", "2021-10-02"), 57);
    /* Greece out of the Council of Europe, 1969-1974 */
    CU_ASSERT_TRUE(member("COE", "GRC", "1969-12-11"));
    CU_ASSERT_FALSE(member("COE", "GRC", "1972-01-01"));
    CU_ASSERT_TRUE(member("COE", "GRC", "1974-11-28"));
}

static void the_other_blocs_grow_as_they_said(void)
{
    CU_ASSERT_EQUAL(members("OAU", "1963-05-25"), 32);  /* the 32 founders */
    CU_ASSERT_EQUAL(members("OAU", "1969-12-31"), 41);  /* "All the 41 Member States" (Aug 1969) */
    CU_ASSERT_EQUAL(members("OAU", "1994-12-31"), 53);  /* South Africa, the 53rd */
    CU_ASSERT_EQUAL(members("OIC", "1984-01-31"), 45);  /* Egypt readmitted, the 45th */
    CU_ASSERT_EQUAL(members("LAS", "1989-12-31"), 22);
    CU_ASSERT_EQUAL(members("NONALIGNED", "2011-12-31"), 120);
    CU_ASSERT_EQUAL(members("G8", "1997-06-20"), 8);
    CU_ASSERT_EQUAL(members("G8", "2014-03-24"), 0);   /* back to the G7 */
    CU_ASSERT_EQUAL(members("G7", "2014-03-24"), 7);
    CU_ASSERT_TRUE(member("G8", "RUS", "2000-01-01"));
    CU_ASSERT_FALSE(member("G7", "RUS", "2000-01-01"));
    /* the Sahrawi Republic joins the OAU, Morocco leaves it, returns to the AU */
    CU_ASSERT_FALSE(member("OAU", "ESH", "1982-02-21"));
    CU_ASSERT_TRUE(member("OAU", "ESH", "1982-02-22"));
    CU_ASSERT_TRUE(member("OAU", "MAR", "1984-11-11"));
    CU_ASSERT_FALSE(member("OAU", "MAR", "1984-11-12"));
    CU_ASSERT_FALSE(member("AU", "MAR", "2017-01-29"));
    CU_ASSERT_TRUE(member("AU", "MAR", "2017-01-30"));
    /* the OAU ends where the AU begins */
    CU_ASSERT_EQUAL(members("OAU", "2002-07-09"), 0);
    CU_ASSERT_EQUAL(members("AU", "2002-07-09"), 53);
}

static void asia_the_caribbean_and_the_rest(void)
{
    CU_ASSERT_EQUAL(members("ASEAN", "1967-08-08"), 5);   /* the five founders */
    CU_ASSERT_EQUAL(members("ASEAN", "1984-01-07"), 6);   /* Brunei, the sixth */
    CU_ASSERT_EQUAL(members("ASEAN", "1999-04-30"), 10);  /* Cambodia: ten */
    CU_ASSERT_EQUAL(members("ASEAN", "2025-10-26"), 11);  /* Timor-Leste, the 11th */
    CU_ASSERT_EQUAL(members("CARICOM", "1973-08-01"), 4); /* the four signatories */
    /* CARICOM counts Montserrat, a territory: dejure counts states only,
       so its 15th member (Haiti, 2002) is dejure's 14th */
    CU_ASSERT_EQUAL(members("CARICOM", "2002-07-02"), 14);
    CU_ASSERT_FALSE(member("CARICOM", "KNA", "1983-09-18")); /* a member before independence */
    CU_ASSERT_TRUE(member("CARICOM", "KNA", "1983-09-19"));  /* counted from independence */
    CU_ASSERT_EQUAL(members("G20", "1999-09-25"), 19);
    CU_ASSERT_EQUAL(members("P5", "1950-01-01"), 5);
    CU_ASSERT_EQUAL(members("EXYU", "1992-06-01"), 5);    /* SVN, HRV, MKD, BIH, the FRY */
    CU_ASSERT_EQUAL(members("EXYU", "2008-01-01"), 6);    /* with Montenegro */
}

/* A subject is never counted in its own blocs: the Sahrawi Republic is
   not a non-recognising member of the African Union, nor Palestine a
   holdout of the Arab League. */
static void a_subject_is_left_out_of_its_own_blocs(void)
{
    dj_dataset *ds = builtin();
    dj_series s;
    dj_date d = D("2020-01-01");
    uint32_t b[2] = {dj_dataset_bloc_find(ds, "AU"), dj_dataset_bloc_find(ds, "LAS")};
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, world_st, dj_dataset_entity_find(ds, "ESH"), b, 2,
                                         &d, 1, NULL), 0);
    CU_ASSERT_EQUAL(s.members[0], 54);
    dj_series_dispose(&s);
    CU_ASSERT_EQUAL_FATAL(dj_series_eval(&s, ds, world_st, dj_dataset_entity_find(ds, "PSE"), b, 2,
                                         &d, 1, NULL), 0);
    CU_ASSERT_EQUAL(s.members[1], 21);
    dj_series_dispose(&s);
    uint32_t *h;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(dj_holdouts(&h, &n, ds, world_st, dj_dataset_entity_find(ds, "PSE"), b[1],
                                      d, NULL), 0);
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_STRING_NOT_EQUAL(dj_dataset_entity_code(ds, h[i]), "PSE");
    free(h);
}

static void successions_on_both_sides(void)
{
    /* the China seat, 1971 */
    CU_ASSERT_TRUE(member("P5", "TWN", "1971-10-24"));
    CU_ASSERT_FALSE(member("P5", "CHN", "1971-10-24"));
    CU_ASSERT_FALSE(member("P5", "TWN", "1971-10-25"));
    CU_ASSERT_TRUE(member("P5", "CHN", "1971-10-25"));
    CU_ASSERT_FALSE(member("UN", "TWN", "1971-10-25"));
    /* the Soviet Union and Russia, 1991: never both */
    CU_ASSERT_TRUE(member("P5", "SUN", "1991-12-25"));
    CU_ASSERT_FALSE(member("P5", "RUS", "1991-12-25"));
    CU_ASSERT_FALSE(member("P5", "SUN", "1991-12-26"));
    CU_ASSERT_TRUE(member("P5", "RUS", "1991-12-26"));
    CU_ASSERT_EQUAL(members("P5", "1991-12-25"), 5);
    CU_ASSERT_EQUAL(members("P5", "1991-12-26"), 5);
    /* the Byelorussian and Ukrainian SSRs beside the Soviet Union */
    CU_ASSERT_TRUE(member("UN", "BLR", "1950-01-01"));
    CU_ASSERT_TRUE(member("UN", "UKR", "1950-01-01"));
    /* the two Germanys, 1990 */
    CU_ASSERT_TRUE(member("UN", "DDR", "1990-10-02"));
    CU_ASSERT_FALSE(member("UN", "DDR", "1990-10-03"));
    CU_ASSERT_EQUAL(members("UN", "1990-10-02"), 160);
    CU_ASSERT_EQUAL(members("UN", "1990-10-03"), 159);
    /* the two Yemens, 1990 */
    CU_ASSERT_TRUE(member("UN", "YMD", "1990-05-21"));
    CU_ASSERT_FALSE(member("UN", "YMD", "1990-05-22"));
    CU_ASSERT_TRUE(member("UN", "YEM", "1990-05-22"));
    /* Tanganyika and Zanzibar, 1964 */
    CU_ASSERT_TRUE(member("UN", "XTG", "1964-04-25"));
    CU_ASSERT_TRUE(member("UN", "XZZ", "1964-04-25"));
    CU_ASSERT_FALSE(member("UN", "XTG", "1964-04-26"));
    CU_ASSERT_TRUE(member("UN", "TZA", "1964-04-26"));
    CU_ASSERT_EQUAL(members("UN", "1964-04-25") - members("UN", "1964-04-26"), 1);
    /* Czechoslovakia, 1993: two members from the 19th */
    CU_ASSERT_TRUE(member("UN", "CSK", "1992-12-31"));
    CU_ASSERT_FALSE(member("UN", "CSK", "1993-01-01"));
    CU_ASSERT_FALSE(member("UN", "CZE", "1993-01-18"));
    CU_ASSERT_TRUE(member("UN", "CZE", "1993-01-19"));
    CU_ASSERT_TRUE(member("UN", "SVK", "1993-01-19"));
    /* the United Arab Republic, 1958-1961 */
    CU_ASSERT_TRUE(member("UN", "EGY", "1958-02-20"));
    CU_ASSERT_FALSE(member("UN", "EGY", "1958-02-21"));
    CU_ASSERT_TRUE(member("UN", "XUA", "1958-02-21"));
    CU_ASSERT_TRUE(member("UN", "SYR", "1961-10-13"));
    /* Serbia and Montenegro, 2006: Serbia continues, Montenegro is admitted */
    CU_ASSERT_TRUE(member("UN", "SCG", "2006-06-02"));
    CU_ASSERT_FALSE(member("UN", "SCG", "2006-06-03"));
    CU_ASSERT_TRUE(member("UN", "SRB", "2006-06-03"));
    CU_ASSERT_EQUAL(members("UN", "2006-06-02"), members("UN", "2006-06-03"));
    /* an entity exists only between its dates */
    CU_ASSERT_TRUE(dj_dataset_entity_exists(builtin(), dj_dataset_entity_find(builtin(), "SUN"), D("1991-12-25")));
    CU_ASSERT_FALSE(dj_dataset_entity_exists(builtin(), dj_dataset_entity_find(builtin(), "SUN"), D("1991-12-26")));
    CU_ASSERT_FALSE(dj_dataset_entity_exists(builtin(), dj_dataset_entity_find(builtin(), "RUS"), D("1991-12-25")));
}

static void the_world_is_clean(void)
{
    dj_diagnostics dg;
    dj_diagnostics_init(&dg);
    dj_dataset *ds;
    dj_error err;
    dj_load_options opts = {DJ_LOAD_STRICT};
    CU_ASSERT_EQUAL(dj_dataset_load_default(&ds, &opts, &dg, &err), 0);
    for (size_t i = 0; i < dg.count; i++)
        fprintf(stderr, "%s:%ld: %s\n", dg.items[i].path, dg.items[i].line, dg.items[i].msg);
    CU_ASSERT_EQUAL(dg.count, 0);
    dj_diagnostics_dispose(&dg);
    dj_dataset_free(ds);
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(the_united_nations_grows_as_it_said),
        DJ_TEST(the_yugoslav_seat_explains_the_1990s),
        DJ_TEST(europe_grows_as_it_said),
        DJ_TEST(the_other_blocs_grow_as_they_said),
        DJ_TEST(asia_the_caribbean_and_the_rest),
        DJ_TEST(a_subject_is_left_out_of_its_own_blocs),
        DJ_TEST(successions_on_both_sides),
        DJ_TEST(the_world_is_clean),
        {NULL, NULL}};
    int rc = dj_run_tests("history", tests);
    dj_status_free(world_st);
    dj_dataset_free(world_ds);
    return rc;
}
