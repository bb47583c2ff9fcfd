/*
 * readfile.c - a small regular file read whole, and the one way to open
 * any input: each refuses a directory, a FIFO or a device the same way
 * (without waiting on it), stops at the same limit and says so in the
 * same words.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/readfile.h"

int dj_open_regular(int *fd, struct stat *st, const char *path, dj_error *err)
{
    *fd = -1;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (nor a
       device's open for its hardware); what is not a regular file is then
       refused below, before anything is read */
    int f = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (f < 0)
        return dj_error_at(err, errno == ENOENT ? DJ_ENOTFOUND : DJ_EIO, path, 0, 0,
                           "cannot open: %s", strerror(errno));
    if (fstat(f, st) != 0) {
        int e = errno;
        close(f);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st->st_mode)) {
        close(f);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "expected a file, found a directory");
    }
    if (!S_ISREG(st->st_mode)) {
        close(f);
        return dj_error_at(err, DJ_EIO, path, 0, 0,
                           "expected a regular file, found a device, FIFO or socket");
    }
    /* blocking reads again (no effect on a regular file today, but the
       descriptor then behaves as any other) */
    int fl = fcntl(f, F_GETFL);
    if (fl < 0 || fcntl(f, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        int e = errno;
        close(f);
        return dj_error_at(err, DJ_EIO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    *fd = f;
    return 0;
}

int dj_read_file(char **data, size_t *size, const char *path, size_t max,
                 dj_read_over over, dj_error *err)
{
    *data = NULL;
    *size = 0;
    int fd;
    struct stat st;
    int orc = dj_open_regular(&fd, &st, path, err);
    if (orc)
        return orc;
    /* the size is a hint (the file may grow while it is read): room for
       it, and the buffer grows up to max + 1 bytes, which tells "over" */
    size_t cap = max + 1, n = 0;
    if ((unsigned long long)st.st_size < cap)
        cap = (size_t)st.st_size + 1;
    char *buf = dj_malloc(cap + 1);
    int rc = 0;
    if (!buf) {
        rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break; /* max + 1 bytes: over the limit */
            size_t want = cap > (max + 1) / 2 ? max + 1 : cap * 2;
            char *nb = dj_realloc(buf, want + 1);
            if (!nb) {
                rc = dj_error_set(err, DJ_ENOMEM, "out of memory");
                goto done;
            }
            buf = nb;
            cap = want;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = dj_error_at(err, DJ_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max && over == DJ_READ_OVER_FAIL)
        rc = dj_error_at(err, DJ_ELIMIT, path, 0, 0, "file larger than the limit");
done:
    close(fd);
    if (rc) {
        dj_free(buf);
        return rc;
    }
    buf[n] = '\0';
    *data = buf;
    *size = n;
    return 0;
}
