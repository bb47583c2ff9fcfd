/*
 * bloc_share.c - a small program over the installed libdejure: what share
 * of a bloc recognises the default dataset's subject on a given day.
 *
 *   cc bloc_share.c $(pkg-config --cflags --libs dejure) -o bloc_share
 *   ./bloc_share EU 2013-02-17
 *   EU on 2013-02-17: 22 of 27 members recognise XKX (81.48 %)
 *
 * Every call returns 0 or a negative DJ_E* code and fills a dj_error.
 */
#include <stdio.h>
#include <string.h>

#include <dejure/dejure.h>

int main(int argc, char **argv)
{
    const char *bloc_code = argc > 1 ? argv[1] : "UN";
    const char *day = argc > 2 ? argv[2] : "2013-02-17";
    dj_dataset *ds = NULL;
    dj_status *st = NULL;
    dj_series s;
    dj_view view;
    dj_error err;
    dj_date date;
    int status = 1;

    dj_series_init(&s);
    if (dj_date_parse(&date, NULL, day, strlen(day)) != DJ_DATE_OK) {
        fprintf(stderr, "bloc_share: expected a date YYYY-MM-DD, found '%s'\n", day);
        return 1;
    }
    if (dj_dataset_load_default(&ds, NULL, NULL, &err) ||
        dj_view_parse(&view, ds, "all", &err) ||
        dj_status_new(&st, ds, &view, &err))
        goto fail;
    uint32_t bloc = dj_dataset_bloc_find(ds, bloc_code);
    if (bloc == DJ_NONE) {
        fprintf(stderr, "bloc_share: unknown bloc '%s'\n", bloc_code);
        goto done;
    }
    uint32_t subject = dj_dataset_subject_entity(ds, 0);
    if (dj_series_eval(&s, ds, st, subject, &bloc, 1, &date, 1, &err))
        goto fail;
    printf("%s on %s: %u of %u members recognise %s (%.2f %%)\n", bloc_code, day,
           (unsigned)s.recognizing[0], (unsigned)s.members[0],
           dj_dataset_entity_code(ds, subject), dj_percent(s.recognizing[0], s.members[0]));
    status = 0;
    goto done;
fail:
    fprintf(stderr, "bloc_share: %s\n", err.msg[0] ? err.msg : dj_strerror(err.code));
done:
    dj_series_dispose(&s);
    dj_status_free(st);
    dj_dataset_free(ds);
    return status;
}
