/*
 * C tests of the mldsa-ffi library through include/mldsa.h, run by .ci/ffi.sh (also under
 * valgrind memcheck):
 *
 *   ffi_test            round trips (contexts, mu, HashML-DSA, OS RNG) and every error code,
 *                       for the three parameter sets; exit status 0 iff every check passed.
 *   ffi_test kat XX     prints PQClean's `testvectors` output for ML-DSA-XX (the recipe of
 *                       tests/kat/tests/nistkat.rs, test C: D. J. Bernstein's SURF generator),
 *                       computed through the C API; .ci/ffi.sh compares its SHA-256 with the
 *                       published value from tests/vectors/NISTKAT.md.
 *
 * Every function the header declares is called at least once, so the link proves each
 * declaration has its symbol.
 */
#define _GNU_SOURCE
#include "mldsa.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Signing with a tampered tr: the hosted build recomputes tr and refuses the key; the
 * low-memory strategy (firmware; -DMLDSA_TEST_LOWMEM) does not check it and signs. */
#ifdef MLDSA_TEST_LOWMEM
#define SIGN_BAD_TR MLDSA_OK
#else
#define SIGN_BAD_TR MLDSA_ERR_MALFORMED_KEY
#endif

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        checks++;                                                                          \
        if (!(cond)) {                                                                     \
            failures++;                                                                    \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                \
        }                                                                                  \
    } while (0)
#define CHECK_RC(call, want) CHECK((call) == (want))

/* ---- the OS RNG, interposed: the library finds `getrandom` with dlsym (link with -rdynamic),
 * so this definition is the one it calls; `rng_fails` makes it fail like a broken RNG. ---- */
static int rng_fails = 0;
ssize_t getrandom(void *buf, size_t len, unsigned int flags) {
    if (rng_fails) {
        errno = EIO;
        return -1;
    }
    return syscall(SYS_getrandom, buf, len, flags);
}

#include "surf_kat.h"

static void emit_hex(const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
}

static void emit_nl(void) { printf("\n"); }


/* true iff every byte of b is v (an output left untouched by a failed call). */
static int all(const uint8_t *b, size_t n, uint8_t v) {
    for (size_t i = 0; i < n; i++)
        if (b[i] != v) return 0;
    return 1;
}

/* The output lengths of the pre-hash functions (FIPS 180-4, FIPS 202, FIPS 204 5.4). */
static const size_t prehash_len[13] = {0, 28, 32, 48, 64, 28, 32, 28, 32, 48, 64, 32, 64};

static void test_prehash_functions(void) {
    uint8_t d[64];
    size_t dlen = 0;
    for (int alg = 1; alg <= 12; alg++) {
        CHECK_RC(mldsa_prehash(alg, (const uint8_t *)"abc", 3, d, &dlen), MLDSA_OK);
        CHECK(dlen == prehash_len[alg]);
    }
    /* FIPS 180-4, Appendix B.1: SHA-256("abc") = ba7816bf ... */
    CHECK_RC(mldsa_prehash(MLDSA_PREHASH_SHA2_256, (const uint8_t *)"abc", 3, d, &dlen), MLDSA_OK);
    CHECK(d[0] == 0xba && d[1] == 0x78 && d[2] == 0x16 && d[3] == 0xbf);
    memset(d, 0xaa, sizeof d);
    dlen = 99;
    CHECK_RC(mldsa_prehash(0, (const uint8_t *)"abc", 3, d, &dlen), MLDSA_ERR_BAD_PREHASH);
    CHECK_RC(mldsa_prehash(13, (const uint8_t *)"abc", 3, d, &dlen), MLDSA_ERR_BAD_PREHASH);
    CHECK_RC(mldsa_prehash(-1, NULL, 0, d, &dlen), MLDSA_ERR_BAD_PREHASH);
    CHECK_RC(mldsa_prehash(1, NULL, 3, d, &dlen), MLDSA_ERR_NULL_POINTER);
    CHECK_RC(mldsa_prehash(1, NULL, 0, NULL, &dlen), MLDSA_ERR_NULL_POINTER);
    CHECK_RC(mldsa_prehash(1, NULL, 0, d, NULL), MLDSA_ERR_NULL_POINTER);
    CHECK_RC(mldsa_prehash(1, (const uint8_t *)"abc", (size_t)PTRDIFF_MAX + 1, d, &dlen),
             MLDSA_ERR_BAD_LENGTH);
    CHECK(all(d, sizeof d, 0xaa) && dlen == 99);
    CHECK_RC(mldsa_prehash(1, NULL, 0, d, &dlen), MLDSA_OK); /* the empty message */
    CHECK(dlen == 28);
}

/* The API tests of one parameter set. */
#define API(XX)                                                                            \
    static void api##XX(void) {                                                            \
        enum { PK = MLDSA##XX##_PUBLICKEYBYTES, SK = MLDSA##XX##_SECRETKEYBYTES,           \
               SIG = MLDSA##XX##_BYTES };                                                  \
        static uint8_t pk[PK], sk[SK], pk2[PK], sk2[SK], bad_sk[SK];                       \
        static uint8_t sig[SIG], sig2[SIG], bad[SIG];                                      \
        static uint8_t longctx[256];                                                       \
        uint8_t seed[32], rnd[32], zero[32] = {0}, mu[64], mu2[64], d[64];                 \
        const uint8_t *msg = (const uint8_t *)"attack at dawn";                            \
        const uint8_t *ctx = (const uint8_t *)"ffi test v1";                               \
        size_t mlen = 14, clen = 11, siglen = 0, dlen = 0;                                 \
        mldsa_mu_ctx st, st0;                                                              \
        memset(seed, 0x42, 32);                                                            \
        memset(rnd, 0x17, 32);                                                             \
                                                                                           \
        /* Key generation: from a seed (deterministic), pk from sk, the OS RNG. */         \
        CHECK_RC(mldsa##XX##_keypair_from_seed(pk, sk, seed), MLDSA_OK);                   \
        CHECK_RC(mldsa##XX##_keypair_from_seed(pk2, sk2, seed), MLDSA_OK);                 \
        CHECK(!memcmp(pk, pk2, PK) && !memcmp(sk, sk2, SK));                               \
        CHECK(!memcmp(pk, sk, 32)); /* rho starts both encodings */                        \
        memset(pk2, 0, PK);                                                                \
        CHECK_RC(mldsa##XX##_pk_from_sk(pk2, sk), MLDSA_OK);                               \
        CHECK(!memcmp(pk, pk2, PK));                                                       \
        CHECK_RC(mldsa##XX##_keypair(pk2, sk2), MLDSA_OK);                                 \
        CHECK(memcmp(pk, pk2, PK) != 0);                                                   \
        CHECK_RC(mldsa##XX##_sign_randomized(sig, &siglen, msg, mlen, ctx, clen, sk2),     \
                 MLDSA_OK);                                                                \
        CHECK_RC(mldsa##XX##_verify(sig, siglen, msg, mlen, ctx, clen, pk2), MLDSA_OK);    \
        CHECK_RC(mldsa##XX##_verify(sig, siglen, msg, mlen, ctx, clen, pk),                \
                 MLDSA_ERR_INVALID_SIGNATURE);                                             \
        CHECK_RC(mldsa##XX##_sign_randomized(sig2, NULL, msg, mlen, ctx, clen, sk2),       \
                 MLDSA_OK);                                                                \
        CHECK(memcmp(sig, sig2, SIG) != 0); /* hedged */                                   \
                                                                                           \
        /* Pure ML-DSA with a context; explicit, zero and OS randomness. */                \
        siglen = 0;                                                                        \
        CHECK_RC(mldsa##XX##_sign(sig, &siglen, msg, mlen, ctx, clen, rnd, sk), MLDSA_OK); \
        CHECK(siglen == SIG);                                                              \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen, ctx, clen, pk), MLDSA_OK);        \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen, ctx, clen - 1, pk),               \
                 MLDSA_ERR_INVALID_SIGNATURE);                                             \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen, NULL, 0, pk),                     \
                 MLDSA_ERR_INVALID_SIGNATURE);                                             \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen - 1, ctx, clen, pk),               \
                 MLDSA_ERR_INVALID_SIGNATURE);                                             \
        for (size_t at = 0; at < SIG; at += SIG / 7) { /* c~, z, hint */                   \
            memcpy(bad, sig, SIG);                                                         \
            bad[at] ^= 0x01;                                                               \
            CHECK_RC(mldsa##XX##_verify(bad, SIG, msg, mlen, ctx, clen, pk),               \
                     MLDSA_ERR_INVALID_SIGNATURE);                                         \
        }                                                                                  \
        CHECK_RC(mldsa##XX##_sign(sig2, NULL, msg, mlen, ctx, clen, zero, sk), MLDSA_OK);  \
        CHECK(memcmp(sig, sig2, SIG) != 0);                                                \
        CHECK_RC(mldsa##XX##_sign_deterministic(bad, NULL, msg, mlen, ctx, clen, sk),      \
                 MLDSA_OK);                                                                \
        CHECK(!memcmp(bad, sig2, SIG)); /* deterministic = rnd of zeros */                 \
        CHECK_RC(mldsa##XX##_sign(sig2, NULL, NULL, 0, NULL, 0, rnd, sk), MLDSA_OK);       \
        CHECK_RC(mldsa##XX##_verify(sig2, SIG, NULL, 0, NULL, 0, pk), MLDSA_OK);           \
        CHECK_RC(mldsa##XX##_sign(sig2, NULL, msg, mlen, longctx, 255, rnd, sk), MLDSA_OK); \
        CHECK_RC(mldsa##XX##_verify(sig2, SIG, msg, mlen, longctx, 255, pk), MLDSA_OK);    \
                                                                                           \
        /* External mu: the incremental context equals the one-shot pure signature. */     \
        CHECK_RC(mldsa##XX##_mu_init(&st, pk, ctx, clen), MLDSA_OK);                       \
        CHECK_RC(mldsa_mu_update(&st, msg, 6), MLDSA_OK);                                  \
        CHECK_RC(mldsa_mu_update(&st, NULL, 0), MLDSA_OK);                                 \
        CHECK_RC(mldsa_mu_update(&st, msg + 6, mlen - 6), MLDSA_OK);                       \
        CHECK_RC(mldsa_mu_final(&st, mu), MLDSA_OK);                                       \
        CHECK_RC(mldsa##XX##_sign_mu(sig2, &siglen, mu, rnd, sk), MLDSA_OK);               \
        CHECK(siglen == SIG && !memcmp(sig, sig2, SIG));                                   \
        CHECK_RC(mldsa##XX##_verify_mu(sig, SIG, mu, pk), MLDSA_OK);                       \
        memcpy(mu2, mu, 64);                                                               \
        mu2[63] ^= 0x80;                                                                   \
        CHECK_RC(mldsa##XX##_verify_mu(sig, SIG, mu2, pk), MLDSA_ERR_INVALID_SIGNATURE);   \
        CHECK_RC(mldsa##XX##_mu_init(&st, pk, NULL, 0), MLDSA_OK);                         \
        CHECK_RC(mldsa##XX##_mu_init(&st, pk, ctx, clen), MLDSA_OK); /* re-init */         \
        CHECK_RC(mldsa_mu_update(&st, msg, mlen), MLDSA_OK);                               \
        CHECK_RC(mldsa_mu_final(&st, mu2), MLDSA_OK);                                      \
        CHECK(!memcmp(mu, mu2, 64));                                                       \
        CHECK(all((const uint8_t *)&st, sizeof st, 0)); /* wiped */                        \
        memset(mu2, 0xaa, 64);                                                             \
        CHECK_RC(mldsa_mu_update(&st, msg, mlen), MLDSA_ERR_BAD_STATE);                    \
        CHECK_RC(mldsa_mu_final(&st, mu2), MLDSA_ERR_BAD_STATE);                           \
        memset(&st0, 0, sizeof st0);                                                       \
        CHECK_RC(mldsa_mu_update(&st0, msg, mlen), MLDSA_ERR_BAD_STATE);                   \
        CHECK(all(mu2, 64, 0xaa));                                                         \
                                                                                           \
        /* HashML-DSA: sign the digest, verify; other function, plain verify fail. */      \
        CHECK_RC(mldsa_prehash(MLDSA_PREHASH_SHA2_256, msg, mlen, d, &dlen), MLDSA_OK);    \
        CHECK_RC(mldsa##XX##_sign_prehash(sig, &siglen, d, dlen, MLDSA_PREHASH_SHA2_256,   \
                                          ctx, clen, rnd, sk), MLDSA_OK);                  \
        CHECK(siglen == SIG);                                                              \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, dlen, MLDSA_PREHASH_SHA2_256,     \
                                            ctx, clen, pk), MLDSA_OK);                     \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, dlen, MLDSA_PREHASH_SHA3_256,     \
                                            ctx, clen, pk), MLDSA_ERR_INVALID_SIGNATURE);  \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, dlen, MLDSA_PREHASH_SHA2_256,     \
                                            NULL, 0, pk), MLDSA_ERR_INVALID_SIGNATURE);    \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, d, dlen, ctx, clen, pk),                     \
                 MLDSA_ERR_INVALID_SIGNATURE);                                             \
        for (int alg = 1; alg <= 12; alg++) {                                              \
            CHECK_RC(mldsa_prehash(alg, msg, mlen, d, &dlen), MLDSA_OK);                   \
            CHECK_RC(mldsa##XX##_sign_prehash(sig2, NULL, d, dlen, alg, NULL, 0, zero, sk),\
                     MLDSA_OK);                                                            \
            CHECK_RC(mldsa##XX##_verify_prehash(sig2, SIG, d, dlen, alg, NULL, 0, pk),     \
                     MLDSA_OK);                                                            \
        }                                                                                  \
                                                                                           \
        /* Every error code; outputs are left untouched on error. */                       \
        memset(sig2, 0xaa, SIG);                                                           \
        memset(pk2, 0xaa, PK);                                                             \
        memset(sk2, 0xaa, SK);                                                             \
        siglen = 7;                                                                        \
        /* NULL pointers */                                                                \
        CHECK_RC(mldsa##XX##_keypair_from_seed(NULL, sk2, seed), MLDSA_ERR_NULL_POINTER);  \
        CHECK_RC(mldsa##XX##_keypair_from_seed(pk2, NULL, seed), MLDSA_ERR_NULL_POINTER);  \
        CHECK_RC(mldsa##XX##_keypair_from_seed(pk2, sk2, NULL), MLDSA_ERR_NULL_POINTER);   \
        CHECK_RC(mldsa##XX##_keypair(NULL, sk2), MLDSA_ERR_NULL_POINTER);                  \
        CHECK_RC(mldsa##XX##_keypair(pk2, NULL), MLDSA_ERR_NULL_POINTER);                  \
        CHECK_RC(mldsa##XX##_pk_from_sk(NULL, sk), MLDSA_ERR_NULL_POINTER);                \
        CHECK_RC(mldsa##XX##_pk_from_sk(pk2, NULL), MLDSA_ERR_NULL_POINTER);               \
        CHECK_RC(mldsa##XX##_sign(NULL, &siglen, msg, mlen, ctx, clen, rnd, sk),           \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, NULL, mlen, ctx, clen, rnd, sk),          \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, NULL, clen, rnd, sk),          \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, ctx, clen, NULL, sk),          \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, ctx, clen, rnd, NULL),         \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign_deterministic(sig2, &siglen, msg, mlen, ctx, clen, NULL),\
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign_randomized(NULL, &siglen, msg, mlen, ctx, clen, sk),     \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_verify(NULL, SIG, msg, mlen, ctx, clen, pk),                  \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, NULL, mlen, ctx, clen, pk),                  \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen, ctx, clen, NULL),                 \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_sign_mu(sig2, &siglen, NULL, rnd, sk), MLDSA_ERR_NULL_POINTER);\
        CHECK_RC(mldsa##XX##_sign_mu(sig2, &siglen, mu, NULL, sk), MLDSA_ERR_NULL_POINTER);\
        CHECK_RC(mldsa##XX##_verify_mu(sig, SIG, NULL, pk), MLDSA_ERR_NULL_POINTER);       \
        CHECK_RC(mldsa##XX##_verify_mu(sig, SIG, mu, NULL), MLDSA_ERR_NULL_POINTER);       \
        CHECK_RC(mldsa##XX##_mu_init(NULL, pk, ctx, clen), MLDSA_ERR_NULL_POINTER);        \
        CHECK_RC(mldsa##XX##_mu_init(&st, NULL, ctx, clen), MLDSA_ERR_NULL_POINTER);       \
        CHECK_RC(mldsa_mu_update(NULL, msg, mlen), MLDSA_ERR_NULL_POINTER);                \
        CHECK_RC(mldsa##XX##_mu_init(&st, pk, ctx, clen), MLDSA_OK);                       \
        CHECK_RC(mldsa_mu_update(&st, msg, mlen), MLDSA_OK);                               \
        CHECK_RC(mldsa_mu_update(&st, NULL, 1), MLDSA_ERR_NULL_POINTER);                   \
        CHECK_RC(mldsa_mu_final(&st, NULL), MLDSA_ERR_NULL_POINTER);                       \
        CHECK_RC(mldsa_mu_final(NULL, mu2), MLDSA_ERR_NULL_POINTER);                       \
        CHECK_RC(mldsa_mu_final(&st, mu2), MLDSA_OK); /* still usable after the errors */  \
        CHECK(!memcmp(mu, mu2, 64));                                                       \
        CHECK_RC(mldsa##XX##_sign_prehash(sig2, &siglen, NULL, 32, 2, ctx, clen, rnd, sk), \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, 64, 12, ctx, clen, NULL),         \
                 MLDSA_ERR_NULL_POINTER);                                                  \
        /* bad lengths */                                                                  \
        CHECK_RC(mldsa##XX##_verify(sig, SIG - 1, msg, mlen, ctx, clen, pk),               \
                 MLDSA_ERR_BAD_LENGTH);                                                    \
        CHECK_RC(mldsa##XX##_verify(sig, SIG + 1, msg, mlen, ctx, clen, pk),               \
                 MLDSA_ERR_BAD_LENGTH);                                                    \
        CHECK_RC(mldsa##XX##_verify(sig, 0, msg, mlen, ctx, clen, pk),                     \
                 MLDSA_ERR_BAD_LENGTH);                                                    \
        CHECK_RC(mldsa##XX##_verify_mu(sig, SIG - 1, mu, pk), MLDSA_ERR_BAD_LENGTH);       \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG - 1, d, 64, 12, ctx, clen, pk),       \
                 MLDSA_ERR_BAD_LENGTH);                                                    \
        CHECK_RC(mldsa##XX##_sign_prehash(sig2, &siglen, d, 63, MLDSA_PREHASH_SHAKE256,    \
                                          ctx, clen, rnd, sk), MLDSA_ERR_BAD_LENGTH);      \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, 32, MLDSA_PREHASH_SHA2_512, ctx,  \
                                            clen, pk), MLDSA_ERR_BAD_LENGTH);              \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, (size_t)PTRDIFF_MAX + 1, ctx, clen,  \
                                  rnd, sk), MLDSA_ERR_BAD_LENGTH);                         \
        /* bad context lengths */                                                          \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, longctx, 256, rnd, sk),        \
                 MLDSA_ERR_BAD_CONTEXT_LENGTH);                                            \
        CHECK_RC(mldsa##XX##_sign_deterministic(sig2, &siglen, msg, mlen, longctx, 256,    \
                                                sk), MLDSA_ERR_BAD_CONTEXT_LENGTH);        \
        CHECK_RC(mldsa##XX##_verify(sig, SIG, msg, mlen, longctx, 256, pk),                \
                 MLDSA_ERR_BAD_CONTEXT_LENGTH);                                            \
        CHECK_RC(mldsa##XX##_mu_init(&st, pk, longctx, 256), MLDSA_ERR_BAD_CONTEXT_LENGTH);\
        CHECK_RC(mldsa##XX##_sign_prehash(sig2, &siglen, d, 64, MLDSA_PREHASH_SHAKE256,    \
                                          longctx, 256, rnd, sk),                          \
                 MLDSA_ERR_BAD_CONTEXT_LENGTH);                                            \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, 64, MLDSA_PREHASH_SHAKE256,       \
                                            longctx, 256, pk),                             \
                 MLDSA_ERR_BAD_CONTEXT_LENGTH);                                            \
        /* bad pre-hash ids */                                                             \
        CHECK_RC(mldsa##XX##_sign_prehash(sig2, &siglen, d, 32, 0, ctx, clen, rnd, sk),    \
                 MLDSA_ERR_BAD_PREHASH);                                                   \
        CHECK_RC(mldsa##XX##_verify_prehash(sig, SIG, d, 32, 13, ctx, clen, pk),           \
                 MLDSA_ERR_BAD_PREHASH);                                                   \
        /* malformed keys: an s1 coefficient out of range; tr or t0 changed */             \
        memcpy(bad_sk, sk, SK);                                                            \
        bad_sk[128] = 0xff;                                                                \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, ctx, clen, rnd, bad_sk),       \
                 MLDSA_ERR_MALFORMED_KEY);                                                 \
        CHECK_RC(mldsa##XX##_sign_mu(sig2, &siglen, mu, rnd, bad_sk),                      \
                 MLDSA_ERR_MALFORMED_KEY);                                                 \
        CHECK_RC(mldsa##XX##_sign_prehash(sig2, &siglen, d, 64, MLDSA_PREHASH_SHAKE256,    \
                                          ctx, clen, rnd, bad_sk), MLDSA_ERR_MALFORMED_KEY);\
        CHECK_RC(mldsa##XX##_sign_deterministic(sig2, &siglen, msg, mlen, ctx, clen,       \
                                                bad_sk), MLDSA_ERR_MALFORMED_KEY);         \
        CHECK_RC(mldsa##XX##_pk_from_sk(pk2, bad_sk), MLDSA_ERR_MALFORMED_KEY);            \
        memcpy(bad_sk, sk, SK);                                                            \
        bad_sk[64] ^= 1;                                                                   \
        CHECK_RC(mldsa##XX##_pk_from_sk(pk2, bad_sk), MLDSA_ERR_MALFORMED_KEY);            \
        CHECK_RC(mldsa##XX##_sign(sig2, &siglen, msg, mlen, ctx, clen, rnd, bad_sk),       \
                 SIGN_BAD_TR); /* hosted build: tr is recomputed */                        \
        memset(sig2, 0xaa, SIG);                                                           \
        siglen = 7;                                                                        \
        memcpy(bad_sk, sk, SK);                                                            \
        bad_sk[SK - 1] ^= 1;                                                               \
        CHECK_RC(mldsa##XX##_pk_from_sk(pk2, bad_sk), MLDSA_ERR_MALFORMED_KEY);            \
        /* RNG failure */                                                                  \
        rng_fails = 1;                                                                     \
        CHECK_RC(mldsa##XX##_keypair(pk2, sk2), MLDSA_ERR_RNG);                            \
        CHECK_RC(mldsa##XX##_sign_randomized(sig2, &siglen, msg, mlen, ctx, clen, sk),     \
                 MLDSA_ERR_RNG);                                                           \
        rng_fails = 0;                                                                     \
        /* nothing was written by any failed call */                                       \
        CHECK(all(sig2, SIG, 0xaa) && all(pk2, PK, 0xaa) && all(sk2, SK, 0xaa));           \
        CHECK(siglen == 7);                                                                \
    }
API(44)
API(65)
API(87)

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "kat")) {
        if (!strcmp(argv[2], "44")) return kat44();
        if (!strcmp(argv[2], "65")) return kat65();
        if (!strcmp(argv[2], "87")) return kat87();
        return 2;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: %s [kat 44|65|87]\n", argv[0]);
        return 2;
    }
    test_prehash_functions();
    api44();
    api65();
    api87();
    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
