/*
 * dejure/sha256.h - SHA-256 (FIPS 180-4), for the manifests of batch runs.
 *
 * A streaming digest: init, any number of updates, final. The state is a
 * caller-owned struct, so hashing never allocates.
 */
#ifndef DEJURE_SHA256_H
#define DEJURE_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The public API keeps default visibility; the library is built with
   -fvisibility=hidden, so that nothing else is exported. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define DJ_SHA256_BYTES 32
#define DJ_SHA256_HEX 65   /* 64 lower-case hex digits and a NUL */

typedef struct dj_sha256 {
    uint32_t h[8];
    uint64_t length;       /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;           /* bytes waiting in block */
} dj_sha256;

void dj_sha256_init(dj_sha256 *s);
void dj_sha256_update(dj_sha256 *s, const void *data, size_t size);
/* Writes the digest; s must be initialised again before reuse. */
void dj_sha256_final(dj_sha256 *s, unsigned char digest[DJ_SHA256_BYTES]);

/* The digest of a buffer as 64 lower-case hex digits. */
void dj_sha256_hex(char hex[DJ_SHA256_HEX], const void *data, size_t size);
/* The digest of a regular file's bytes as hex (DJ_EIO with err set when
   it cannot be read or is not a regular file - a FIFO or device is
   refused, never waited on - DJ_ENOTFOUND when it does not exist). */
int dj_sha256_file(char hex[DJ_SHA256_HEX], const char *path, dj_error *err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
