/*
 * fuzz_date.c - libFuzzer harness for the date parser: any bytes either
 * parse to a date that formats back to the same text and survives the
 * day-number round trip, or are refused with a reason.
 */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_date d;
    dj_precision prec;
    dj_date_problem p = dj_date_parse(&d, &prec, (const char *)data, size);
    if (p != DJ_DATE_OK) {
        const char *why = dj_date_problem_str(p);
        if (!why || !why[0])
            FZ_FAIL();
        return 0;
    }
    char buf[DJ_DATE_BUFSIZE];
    size_t n = dj_date_format(buf, d, prec);
    if (n != size || memcmp(buf, data, size) != 0)
        FZ_FAIL(); /* strict parsing: only the canonical text is a date */
    int y, m, dd;
    dj_date_to_ymd(d, &y, &m, &dd);
    if (!dj_date_valid(y, m, dd) || dj_date_from_ymd(y, m, dd) != d)
        FZ_FAIL();
    if (dj_date_period_start(d, DJ_GRID_YEAR) > d || dj_date_period_end(d, DJ_GRID_MONTH) < d)
        FZ_FAIL();
    return 0;
}
