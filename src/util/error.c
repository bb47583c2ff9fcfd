/*
 * error.c - filling dj_error reports. Never allocates: a report must be
 * possible after memory has run out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dejure/error.h"

void dj_error_clear(dj_error *err)
{
    if (!err)
        return;
    err->code = 0;
    err->path[0] = '\0';
    err->line = err->column = 0;
    err->msg[0] = '\0';
}

static void set_path(dj_error *err, const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n >= sizeof err->path)
        n = sizeof err->path - 1;
    if (n)
        memcpy(err->path, path, n);
    err->path[n] = '\0';
}

int dj_error_set(dj_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    dj_error_clear(err);
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

int dj_error_at(dj_error *err, int code, const char *path, long line,
                long column, const char *fmt, ...)
{
    if (!err)
        return code;
    dj_error_clear(err);
    err->code = code;
    set_path(err, path);
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *dj_strerror(int code)
{
    switch (code) {
    case DJ_OK: return "success";
    case DJ_EPARSE: return "bad data";
    case DJ_EIO: return "input/output error";
    case DJ_ENOMEM: return "out of memory";
    case DJ_EINVALID: return "invalid argument";
    case DJ_ELIMIT: return "limit exceeded";
    case DJ_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}
