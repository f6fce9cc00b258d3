/*
 * PQClean's `testvectors` for ML-DSA through mldsa.h: the recipe of test C in
 * tests/kat/tests/nistkat.rs (D. J. Bernstein's SURF generator as `randombytes`). Shared by the
 * hosted C test (ffi_test.c) and the bare-metal image (firmware/main.c). The includer defines
 * `static void emit_hex(const uint8_t *b, size_t n)` (lowercase hex) and
 * `static void emit_nl(void)`; kat44/65/87() return 0 on success.
 */
#ifndef SURF_KAT_H
#define SURF_KAT_H

#include <stddef.h>
#include <stdint.h>

#include "mldsa.h"

static void emit_hex(const uint8_t *b, size_t n);
static void emit_nl(void);

/* ---- SURF (D. J. Bernstein), PQClean's notrandombytes, as in nistkat.rs test C ---- */
static const uint32_t surf_seed[32] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3,
                                       2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5};
static uint32_t surf_in[12], surf_out[8];
static int surf_left = 0;

static void surf_reset(void) {
    for (int i = 0; i < 12; i++) surf_in[i] = 0;
    surf_left = 0;
}

static uint32_t rotl(uint32_t x, int b) { return (x << b) | (x >> (32 - b)); }

static void surf(void) {
    static const int rot[12] = {5, 7, 9, 13, 5, 7, 9, 13, 5, 7, 9, 13};
    uint32_t t[12], x, sum = 0;
    int i, pass, round;
    for (i = 0; i < 12; i++) t[i] = surf_in[i] ^ surf_seed[12 + i];
    for (i = 0; i < 8; i++) surf_out[i] = surf_seed[24 + i];
    x = t[11];
    for (pass = 0; pass < 2; pass++) {
        for (round = 0; round < 16; round++) {
            sum += 0x9e3779b9;
            for (i = 0; i < 12; i++) {
                t[i] += ((x ^ surf_seed[i]) + sum) ^ rotl(x, rot[i]);
                x = t[i];
            }
        }
        for (i = 0; i < 8; i++) surf_out[i] ^= t[4 + i];
    }
}

static void surf_bytes(uint8_t *buf, size_t n) {
    while (n > 0) {
        if (surf_left == 0) {
            if (!++surf_in[0] && !++surf_in[1] && !++surf_in[2]) ++surf_in[3];
            surf();
            surf_left = 8;
        }
        *buf++ = (uint8_t)surf_out[--surf_left];
        n--;
    }
}

/* The testvectors record of one set: for mlen = 0, 1, 4, ..., 1024: pk, sk, sm = sig1 || m,
 * sig2 (signatures with fresh SURF randomness, empty context). */
#define KAT(XX)                                                                            \
    static int kat##XX(void) {                                                             \
        static uint8_t m[1024], pk[MLDSA##XX##_PUBLICKEYBYTES];                            \
        static uint8_t sk[MLDSA##XX##_SECRETKEYBYTES], sig[MLDSA##XX##_BYTES];             \
        uint8_t xi[32], rnd[32];                                                           \
        size_t mlen, siglen;                                                               \
        surf_reset(); /* each set's record starts from a fresh generator */               \
        for (mlen = 0; mlen <= 1024; mlen = mlen ? mlen * 4 : 1) {                         \
            surf_bytes(m, mlen);                                                           \
            surf_bytes(xi, 32);                                                            \
            if (mldsa##XX##_keypair_from_seed(pk, sk, xi) != MLDSA_OK) return 1;           \
            emit_hex(pk, sizeof pk);                                                       \
            emit_nl();                                                                     \
            emit_hex(sk, sizeof sk);                                                       \
            emit_nl();                                                                     \
            for (int k = 0; k < 2; k++) {                                                  \
                surf_bytes(rnd, 32);                                                       \
                if (mldsa##XX##_sign(sig, &siglen, m, mlen, NULL, 0, rnd, sk) != MLDSA_OK  \
                    || siglen != sizeof sig)                                               \
                    return 1;                                                              \
                if (mldsa##XX##_verify(sig, siglen, m, mlen, NULL, 0, pk) != MLDSA_OK)     \
                    return 1;                                                              \
                emit_hex(sig, siglen);                                                     \
                if (k == 0) emit_hex(m, mlen);                                             \
                emit_nl();                                                                 \
            }                                                                              \
        }                                                                                  \
        return 0;                                                                          \
    }
KAT(44)
KAT(65)
KAT(87)

#endif
