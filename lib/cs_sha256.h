/*
 * cs_sha256.h - SHA-256 (FIPS 180-4), to fingerprint imported files.
 */
#ifndef CS_SHA256_H
#define CS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct cs_sha256 {
	uint32_t state[8];
	uint64_t bytes;		/* message length so far */
	unsigned char block[64];
	size_t used;		/* bytes waiting in block */
};

/* Starts a new digest. */
void cs_sha256_init(struct cs_sha256 *h);

/* Adds data[0..len) to the digest. */
void cs_sha256_update(struct cs_sha256 *h, const void *data, size_t len);

/* Finishes the digest and writes it as 64 lowercase hex digits plus NUL. */
void cs_sha256_hex(struct cs_sha256 *h, char out[65]);

#endif
