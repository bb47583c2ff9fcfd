/*
 * test_date.c - calendar dates: parsing at three precisions, leap years,
 * day arithmetic, ordering of partial dates, periods.
 */
#include "check.h"

static void date_parses_day_month_and_year_precision(void)
{
    dj_date d;
    dj_precision p;
    CU_ASSERT_EQUAL(dj_date_parse(&d, &p, "2008-02-18", 10), DJ_DATE_OK);
    CU_ASSERT_EQUAL(p, DJ_PREC_DAY);
    CU_ASSERT_EQUAL(d, 13927); /* days from 1970-01-01 */
    CU_ASSERT_EQUAL(dj_date_parse(&d, &p, "2008-02", 7), DJ_DATE_OK);
    CU_ASSERT_EQUAL(p, DJ_PREC_MONTH);
    CU_ASSERT_EQUAL(d, dj_date_from_ymd(2008, 2, 1));
    CU_ASSERT_EQUAL(dj_date_parse(&d, &p, "2008", 4), DJ_DATE_OK);
    CU_ASSERT_EQUAL(p, DJ_PREC_YEAR);
    CU_ASSERT_EQUAL(d, dj_date_from_ymd(2008, 1, 1));
}

static void date_rejects_malformed_and_impossible_dates(void)
{
    static const struct { const char *s; dj_date_problem want; } cases[] = {
        {"2013-02-30", DJ_DATE_BADDAY},  {"2013-13-01", DJ_DATE_BADMONTH},
        {"2013-2-3", DJ_DATE_BADFORM},   {"0000", DJ_DATE_BADYEAR},
        {"99999-01-01", DJ_DATE_BADFORM}, {"2013-00-10", DJ_DATE_BADMONTH},
        {"2013-01-00", DJ_DATE_BADDAY},  {"", DJ_DATE_BADFORM},
        {"2013/01/01", DJ_DATE_BADFORM}, {" 2013", DJ_DATE_BADFORM},
        {"2013-01-01T00", DJ_DATE_BADFORM}, {"20a3", DJ_DATE_BADFORM},
        {"2009-02-29", DJ_DATE_BADDAY},  {"1900-02-29", DJ_DATE_BADDAY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dj_date d;
        dj_date_problem got = dj_date_parse(&d, NULL, cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want)
            fprintf(stderr, "date '%s': got %d, want %d\n", cases[i].s, got, cases[i].want);
        CU_ASSERT_EQUAL(got, cases[i].want);
    }
}

static void date_refuses_any_non_digit_at_any_digit_place(void)
{
    /* every byte value at each of the eight digit places of a day date:
       a digit keeps the form valid, anything else is a bad form */
    static const int place[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    int wrong = 0;
    for (int k = 0; k < 8; k++)
        for (int c = 0; c < 256; c++) {
            char s[11] = "2013-06-26";
            s[place[k]] = (char)c;
            dj_date d;
            dj_date_problem got = dj_date_parse(&d, NULL, s, 10);
            int digit = c >= '0' && c <= '9';
            if (digit ? got == DJ_DATE_BADFORM : got != DJ_DATE_BADFORM) {
                fprintf(stderr, "byte %d at place %d: got %d\n", c, place[k], got);
                wrong++;
            }
            if (got == DJ_DATE_OK) {
                int y = atoi(s), m = atoi(s + 5), dd = atoi(s + 8);
                wrong += d != dj_date_from_ymd(y, m, dd);
            }
        }
    CU_ASSERT_EQUAL(wrong, 0);
    dj_date d;
    CU_ASSERT_EQUAL(dj_date_parse(&d, NULL, "0001-01-01", 10), DJ_DATE_OK);
    CU_ASSERT_EQUAL(d, -719162);
    CU_ASSERT_EQUAL(dj_date_parse(&d, NULL, "9999-12-31", 10), DJ_DATE_OK);
    CU_ASSERT_EQUAL(d, 2932896);
    CU_ASSERT_EQUAL(dj_date_parse(&d, NULL, "2013-06+26", 10), DJ_DATE_BADFORM);
    CU_ASSERT_EQUAL(dj_date_parse(&d, NULL, "2013+06-26", 10), DJ_DATE_BADFORM);
}

static void date_knows_leap_years(void)
{
    CU_ASSERT_EQUAL(dj_date_parse(NULL, NULL, "2008-02-29", 10), DJ_DATE_OK);
    CU_ASSERT_EQUAL(dj_date_parse(NULL, NULL, "2000-02-29", 10), DJ_DATE_OK);
    CU_ASSERT_EQUAL(dj_date_parse(NULL, NULL, "2009-02-29", 10), DJ_DATE_BADDAY);
    CU_ASSERT_TRUE(dj_date_is_leap(2024));
    CU_ASSERT_FALSE(dj_date_is_leap(2100));
    CU_ASSERT_EQUAL(dj_date_days_in_month(2008, 2), 29);
    CU_ASSERT_EQUAL(dj_date_days_in_month(2009, 2), 28);
}

static void date_arithmetic_round_trips_every_day(void)
{
    /* every day from 0001-01-01 to 9999-12-31 converts both ways */
    dj_date first = dj_date_from_ymd(1, 1, 1), last = dj_date_from_ymd(9999, 12, 31);
    CU_ASSERT_EQUAL(last - first + 1, 3652059);
    int y = 1, m = 1, d = 1, bad = 0;
    for (dj_date x = first; x <= last; x++) {
        int yy, mm, dd;
        dj_date_to_ymd(x, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            bad++;
        if (++d > dj_date_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(D("2013-02-17") - D("2008-02-17"), 1827);
    CU_ASSERT_EQUAL(D("1970-01-01"), 0);
    CU_ASSERT_EQUAL(D("1969-12-31"), -1);
}

static void partial_dates_order_by_their_first_day(void)
{
    dj_date y, m, d;
    dj_date_parse(&y, NULL, "2008", 4);
    dj_date_parse(&m, NULL, "2008-02", 7);
    dj_date_parse(&d, NULL, "2008-02-17", 10);
    CU_ASSERT_TRUE(y < m && m < d);
    dj_date_parse(&m, NULL, "2008-01", 7);
    CU_ASSERT_EQUAL(y, m); /* 2008 and 2008-01 both start on 2008-01-01 */
}

static void date_formats_at_each_precision(void)
{
    char b[DJ_DATE_BUFSIZE];
    dj_date d = D("2008-02-29");
    CU_ASSERT_EQUAL(dj_date_format(b, d, DJ_PREC_DAY), 10);
    CU_ASSERT_STRING_EQUAL(b, "2008-02-29");
    dj_date_format(b, d, DJ_PREC_MONTH);
    CU_ASSERT_STRING_EQUAL(b, "2008-02");
    dj_date_format(b, d, DJ_PREC_YEAR);
    CU_ASSERT_STRING_EQUAL(b, "2008");
    dj_date_format(b, D("0001-01-01"), DJ_PREC_DAY);
    CU_ASSERT_STRING_EQUAL(b, "0001-01-01");
}

static void date_text_names_only_the_period_the_data_gives(void)
{
    char b[DJ_DATE_TEXT_BUFSIZE];
    CU_ASSERT_EQUAL(dj_date_period_text(b, sizeof b, D("2013-06-26"), DJ_PREC_DAY), 10);
    CU_ASSERT_STRING_EQUAL(b, "2013-06-26");
    CU_ASSERT_EQUAL(dj_date_period_text(b, sizeof b, D("2009-05-01"), DJ_PREC_MONTH), 8);
    CU_ASSERT_STRING_EQUAL(b, "May 2009");
    dj_date_period_text(b, sizeof b, D("2009-09-01"), DJ_PREC_MONTH);
    CU_ASSERT_STRING_EQUAL(b, "September 2009"); /* the longest fits */
    dj_date_period_text(b, sizeof b, D("2009-01-01"), DJ_PREC_YEAR);
    CU_ASSERT_STRING_EQUAL(b, "2009");
    char small[6];
    CU_ASSERT_EQUAL(dj_date_period_text(small, sizeof small, D("2009-05-01"), DJ_PREC_MONTH), 5);
    CU_ASSERT_STRING_EQUAL(small, "May 2"); /* cut, still terminated */
}

static void periods_end_on_the_last_day_of_month_and_year(void)
{
    CU_ASSERT_EQUAL(dj_date_period_end(D("2008-02-10"), DJ_GRID_MONTH), D("2008-02-29"));
    CU_ASSERT_EQUAL(dj_date_period_end(D("2013-06-26"), DJ_GRID_YEAR), D("2013-12-31"));
    CU_ASSERT_EQUAL(dj_date_period_start(D("2013-06-26"), DJ_GRID_MONTH), D("2013-06-01"));
    CU_ASSERT_EQUAL(dj_date_period_end(D("2013-06-26"), DJ_GRID_DAY), D("2013-06-26"));
}

int main(void)
{
    static const dj_test tests[] = {
        DJ_TEST(date_parses_day_month_and_year_precision),
        DJ_TEST(date_rejects_malformed_and_impossible_dates),
        DJ_TEST(date_refuses_any_non_digit_at_any_digit_place),
        DJ_TEST(date_knows_leap_years),
        DJ_TEST(date_arithmetic_round_trips_every_day),
        DJ_TEST(partial_dates_order_by_their_first_day),
        DJ_TEST(date_formats_at_each_precision),
        DJ_TEST(date_text_names_only_the_period_the_data_gives),
        DJ_TEST(periods_end_on_the_last_day_of_month_and_year),
        {NULL, NULL}};
    return dj_run_tests("date", tests);
}
