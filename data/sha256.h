/* sha256.h: SHA-256 (FIPS 180-4), to recognise a file imported before by
 * its contents. */
#ifndef OKIENKO_SHA256_H
#define OKIENKO_SHA256_H

#include <stddef.h>

/* Writes the digest of n bytes as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif
