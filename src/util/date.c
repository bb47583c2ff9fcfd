/*
 * date.c - the proleptic Gregorian calendar on day numbers.
 *
 * Epoch 1970-01-01 = day 0, unit one day, range years 1..9999 (days
 * -719162 .. 2932896), so every valid date fits an int32_t with room for
 * the DJ_DATE_NONE / DJ_DATE_MAX sentinels. Conversions use the
 * era-based algorithm: 400-year eras of 146097 days starting on March 1,
 * which puts the leap day at the end of the computed year.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dejure/date.h"

int dj_date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dj_date_days_in_month(int y, int m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return len[m - 1] + (m == 2 && dj_date_is_leap(y));
}

int dj_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= dj_date_days_in_month(y, m);
}

dj_date dj_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;                              /* [0, 399] */
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* [0, 146096] */
    return (dj_date)(era * 146097 + doe - 719468);
}

void dj_date_to_ymd(dj_date date, int *y, int *m, int *d)
{
    const int z = (int)date + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int dd = doy - (153 * mp + 2) / 5 + 1;
    const int mm = mp < 10 ? mp + 3 : mp - 9;
    if (y)
        *y = yoe + era * 400 + (mm <= 2);
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

dj_date_problem dj_date_parse(dj_date *out, dj_precision *prec,
                              const char *s, size_t len)
{
    int y, m = 1, d = 1;
    dj_precision p;

    if (len == 10 && s[4] == '-' && s[7] == '-') {
        /* The common form, the loader's one per event: its eight digits
           (the dashes' places taken by the day's) checked and converted
           as one 64-bit word. A byte below '0' borrows (its high bit
           set), one above '9' reaches 0x80 when 0x46 is added, one above
           0x7f has it already; a borrow or carry into the next byte only
           follows a byte that is flagged itself. */
        const uint64_t ones = UINT64_C(0x0101010101010101);
        uint64_t x;
        char b[8];
        memcpy(b, s, 8);
        b[4] = s[8];
        b[7] = s[9];
        memcpy(&x, b, 8);
        if (((x - ones * '0') | (x + ones * 0x46) | x) & (ones * 0x80))
            return DJ_DATE_BADFORM;
        unsigned v[8];
        for (int i = 0; i < 8; i++)
            v[i] = (unsigned)(unsigned char)b[i] - '0';
        y = (int)(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
        m = (int)(v[5] * 10 + v[6]);
        d = (int)(v[4] * 10 + v[7]);
        p = DJ_PREC_DAY;
        goto check;
    }
    if (len == 4)
        p = DJ_PREC_YEAR;
    else if (len == 7 && s[4] == '-')
        p = DJ_PREC_MONTH;
    else
        return DJ_DATE_BADFORM;
    if (!digits(s, 4, &y))
        return DJ_DATE_BADFORM;
    if (p != DJ_PREC_YEAR && !digits(s + 5, 2, &m))
        return DJ_DATE_BADFORM;
check:
    if (y < 1)
        return DJ_DATE_BADYEAR;
    if (m < 1 || m > 12)
        return DJ_DATE_BADMONTH;
    if (d < 1 || d > dj_date_days_in_month(y, m))
        return DJ_DATE_BADDAY;
    if (out)
        *out = dj_date_from_ymd(y, m, d);
    if (prec)
        *prec = p;
    return DJ_DATE_OK;
}

const char *dj_date_problem_str(dj_date_problem p)
{
    switch (p) {
    case DJ_DATE_OK: return "valid";
    case DJ_DATE_BADFORM: return "expected a date as YYYY-MM-DD, YYYY-MM or YYYY";
    case DJ_DATE_BADYEAR: return "year out of range 0001..9999";
    case DJ_DATE_BADMONTH: return "month out of range 01..12";
    case DJ_DATE_BADDAY: return "day out of range for that month";
    }
    return "invalid date";
}

static char *put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

const char *dj_precision_name(dj_precision prec)
{
    return prec == DJ_PREC_YEAR ? "year" : prec == DJ_PREC_MONTH ? "month" : "day";
}

size_t dj_date_format(char *buf, dj_date date, dj_precision prec)
{
    int y, m, d;
    dj_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999) { /* never for dates this library makes */
        buf[0] = '\0';
        return 0;
    }
    char *p = put2(put2(buf, y / 100), y % 100);
    if (prec != DJ_PREC_YEAR) {
        *p++ = '-';
        p = put2(p, m);
        if (prec == DJ_PREC_DAY) {
            *p++ = '-';
            p = put2(p, d);
        }
    }
    *p = '\0';
    return (size_t)(p - buf);
}

size_t dj_date_period_text(char *buf, size_t size, dj_date date, dj_precision prec)
{
    static const char *const month[12] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
    char d[DJ_DATE_BUFSIZE];
    if (size == 0)
        return 0;
    if (dj_date_format(d, date, prec == DJ_PREC_MONTH ? DJ_PREC_DAY : prec) == 0) {
        buf[0] = '\0';
        return 0;
    }
    int m, n;
    if (prec == DJ_PREC_MONTH) {
        dj_date_to_ymd(date, NULL, &m, NULL);
        n = snprintf(buf, size, "%s %.4s", month[m - 1], d);
    } else {
        n = snprintf(buf, size, "%s", d);
    }
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

dj_date dj_date_period_start(dj_date date, dj_grid grid)
{
    int y, m, d;
    switch (grid) {
    case DJ_GRID_MONTH:
        dj_date_to_ymd(date, &y, &m, &d);
        return dj_date_from_ymd(y, m, 1);
    case DJ_GRID_YEAR:
        dj_date_to_ymd(date, &y, &m, &d);
        return dj_date_from_ymd(y, 1, 1);
    default:
        return date;
    }
}

dj_date dj_date_period_end(dj_date date, dj_grid grid)
{
    int y, m, d;
    switch (grid) {
    case DJ_GRID_MONTH:
        dj_date_to_ymd(date, &y, &m, &d);
        return dj_date_from_ymd(y, m, dj_date_days_in_month(y, m));
    case DJ_GRID_YEAR:
        dj_date_to_ymd(date, &y, &m, &d);
        return dj_date_from_ymd(y, 12, 31);
    default:
        return date;
    }
}

dj_date dj_date_today(void)
{
    time_t t = time(NULL);
    if (t < 0)
        return 0;
    return (dj_date)(t / 86400);
}
