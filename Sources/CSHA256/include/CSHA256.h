#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64: SHA, SSSE3 and SSE4.1).
int csha256_hardware_available(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state`, the eight working words in
/// FIPS 180-4 order (a through h), with the SHA extensions; `k` is the 64 round constants.
/// Call it only when `csha256_hardware_available()` says so.
void csha256_hardware_compress(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t k[64]);

#endif
