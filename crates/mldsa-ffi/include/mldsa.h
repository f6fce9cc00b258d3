/*
 * mldsa.h: the C API of the mldsa stack (crates/mldsa-ffi), FIPS 204 ML-DSA-44/65/87.
 *
 * Keys are the FIPS 204 encodings: pk (Algorithm 22) and the expanded secret key sk
 * (Algorithm 24); signatures are Algorithm 26 encodings. Every function returns one of the
 * MLDSA_OK / MLDSA_ERR_* values below as an int. On an error no output buffer is written
 * (results are computed internally and copied out only on success); the library's copies of
 * secrets are wiped. Data pointers (msg, ctx) may be NULL only with length 0; all other
 * pointers must not be NULL, except `siglen`, which may be. Output buffers must not overlap
 * inputs or each other. Functions are thread-safe (no global state) except that one
 * mldsa_mu_ctx must not be used by two threads at once.
 *
 * Builds: hosted (default features: SIMD dispatch, the OS RNG) and firmware (no_std, the
 * low-memory strategy, no RNG: the library has no keypair / sign_randomized functions; compile
 * with -DMLDSA_NO_RNG to hide their declarations).
 */
#ifndef MLDSA_H
#define MLDSA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes in bytes. */
#define MLDSA_SEEDBYTES 32 /* the key generation seed xi */
#define MLDSA_RNDBYTES 32  /* the signing randomness rnd */
#define MLDSA_MUBYTES 64   /* mu, the external message representative */
#define MLDSA_CTX_MAXBYTES 255 /* the longest context string */
#define MLDSA_PREHASH_MAXBYTES 64 /* the longest pre-hash digest */

#define MLDSA44_PUBLICKEYBYTES 1312
#define MLDSA44_SECRETKEYBYTES 2560
#define MLDSA44_BYTES 2420
#define MLDSA65_PUBLICKEYBYTES 1952
#define MLDSA65_SECRETKEYBYTES 4032
#define MLDSA65_BYTES 3309
#define MLDSA87_PUBLICKEYBYTES 2592
#define MLDSA87_SECRETKEYBYTES 4896
#define MLDSA87_BYTES 4627

/* Return values. */
enum mldsa_status {
    /* Success. */
    MLDSA_OK = 0,
    /* A required pointer is NULL (msg and ctx may be NULL only with length 0). */
    MLDSA_ERR_NULL_POINTER = -1,
    /* A length is wrong: siglen is not the set's signature size, a pre-hash digest length is
     * not its function's output length, or a length exceeds PTRDIFF_MAX. */
    MLDSA_ERR_BAD_LENGTH = -2,
    /* The context string is longer than MLDSA_CTX_MAXBYTES. */
    MLDSA_ERR_BAD_CONTEXT_LENGTH = -3,
    /* The signature does not verify, or is malformed (non-canonical hint, z out of range). */
    MLDSA_ERR_INVALID_SIGNATURE = -4,
    /* The secret key is malformed: s1/s2 outside [-eta, eta], or (hosted signing and
     * pk_from_sk in every build) t0 or tr not those of the key. */
    MLDSA_ERR_MALFORMED_KEY = -5,
    /* The operating system's random number generator failed. */
    MLDSA_ERR_RNG = -6,
    /* The pre-hash identifier is not an mldsa_prehash value. */
    MLDSA_ERR_BAD_PREHASH = -7,
    /* The mldsa_mu_ctx was not initialised by mldsaXX_mu_init, or was already finalised. */
    MLDSA_ERR_BAD_STATE = -8
};

/* Pre-hash functions of HashML-DSA (FIPS 204, Section 5.4), as the `alg` argument. */
enum mldsa_prehash {
    MLDSA_PREHASH_SHA2_224 = 1,
    MLDSA_PREHASH_SHA2_256 = 2,
    MLDSA_PREHASH_SHA2_384 = 3,
    MLDSA_PREHASH_SHA2_512 = 4,
    MLDSA_PREHASH_SHA2_512_224 = 5,
    MLDSA_PREHASH_SHA2_512_256 = 6,
    MLDSA_PREHASH_SHA3_224 = 7,
    MLDSA_PREHASH_SHA3_256 = 8,
    MLDSA_PREHASH_SHA3_384 = 9,
    MLDSA_PREHASH_SHA3_512 = 10,
    MLDSA_PREHASH_SHAKE128 = 11, /* 32-byte output */
    MLDSA_PREHASH_SHAKE256 = 12  /* 64-byte output */
};

/* The incremental mu context: opaque, 256 bytes, aligned as uint64_t. Initialise it with
 * mldsaXX_mu_init, feed it with mldsa_mu_update, read mu with mldsa_mu_final (which wipes
 * it). Using it uninitialised is undefined; after mldsa_mu_final it reports
 * MLDSA_ERR_BAD_STATE. A zero-filled context also reports MLDSA_ERR_BAD_STATE. */
typedef struct {
    uint64_t opaque[32];
} mldsa_mu_ctx;

/* Absorbs the next `len` bytes of the message into `state`. */
int mldsa_mu_update(mldsa_mu_ctx *state, const uint8_t *data, size_t len);
/* Writes mu (MLDSA_MUBYTES) and wipes `state`. */
int mldsa_mu_final(mldsa_mu_ctx *state, uint8_t mu[MLDSA_MUBYTES]);
/* PH(msg) with pre-hash function `alg` into `out`, its length into *outlen. */
int mldsa_prehash(int alg, const uint8_t *msg, size_t msglen,
                  uint8_t out[MLDSA_PREHASH_MAXBYTES], size_t *outlen);

/*
 * Per parameter set (XX = 44, 65, 87; PK/SK/SIG = the set's sizes):
 *
 * keypair_from_seed  key pair from the 32-byte seed xi (FIPS 204, Algorithm 6).
 * keypair            key pair from a fresh seed of the OS RNG (hosted builds only).
 * pk_from_sk         the public key of an expanded secret key (checks the key strictly).
 * sign               ML-DSA.Sign with context ctx (0..255 bytes) and randomness rnd
 *                    (32 bytes; hedged when fresh, all-zero is the deterministic variant);
 *                    writes SIG bytes to sig and, if siglen is not NULL, SIG to *siglen.
 * sign_randomized    sign with rnd from the OS RNG (hosted builds only).
 * sign_deterministic sign with rnd = 0^32.
 * verify             ML-DSA.Verify: MLDSA_OK, or MLDSA_ERR_INVALID_SIGNATURE.
 * sign_mu/verify_mu  sign/verify an external mu (MLDSA_MUBYTES), e.g. from the mu context.
 * mu_init            starts mu = H(H(pk) || 0 || |ctx| || ctx || M, 64) in `state`.
 * sign_prehash       HashML-DSA.Sign of the digest ph (phlen bytes) made by pre-hash alg.
 * verify_prehash     HashML-DSA.Verify of the digest ph made by pre-hash alg.
 */
/* ML-DSA-44 */
int mldsa44_keypair_from_seed(uint8_t pk[MLDSA44_PUBLICKEYBYTES], uint8_t sk[MLDSA44_SECRETKEYBYTES],
                              const uint8_t seed[MLDSA_SEEDBYTES]);
int mldsa44_pk_from_sk(uint8_t pk[MLDSA44_PUBLICKEYBYTES], const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_sign(uint8_t sig[MLDSA44_BYTES], size_t *siglen, const uint8_t *msg, size_t msglen,
                 const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA_RNDBYTES],
                 const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_sign_deterministic(uint8_t sig[MLDSA44_BYTES], size_t *siglen, const uint8_t *msg,
                               size_t msglen, const uint8_t *ctx, size_t ctxlen,
                               const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_verify(const uint8_t *sig, size_t siglen, const uint8_t *msg, size_t msglen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t pk[MLDSA44_PUBLICKEYBYTES]);
int mldsa44_sign_mu(uint8_t sig[MLDSA44_BYTES], size_t *siglen, const uint8_t mu[MLDSA_MUBYTES],
                    const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA_MUBYTES],
                      const uint8_t pk[MLDSA44_PUBLICKEYBYTES]);
int mldsa44_mu_init(mldsa_mu_ctx *state, const uint8_t pk[MLDSA44_PUBLICKEYBYTES], const uint8_t *ctx,
                    size_t ctxlen);
int mldsa44_sign_prehash(uint8_t sig[MLDSA44_BYTES], size_t *siglen, const uint8_t *ph, size_t phlen,
                         int alg, const uint8_t *ctx, size_t ctxlen,
                         const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_verify_prehash(const uint8_t *sig, size_t siglen, const uint8_t *ph, size_t phlen,
                           int alg, const uint8_t *ctx, size_t ctxlen,
                           const uint8_t pk[MLDSA44_PUBLICKEYBYTES]);
#ifndef MLDSA_NO_RNG
int mldsa44_keypair(uint8_t pk[MLDSA44_PUBLICKEYBYTES], uint8_t sk[MLDSA44_SECRETKEYBYTES]);
int mldsa44_sign_randomized(uint8_t sig[MLDSA44_BYTES], size_t *siglen, const uint8_t *msg,
                            size_t msglen, const uint8_t *ctx, size_t ctxlen,
                            const uint8_t sk[MLDSA44_SECRETKEYBYTES]);
#endif

/* ML-DSA-65 */
int mldsa65_keypair_from_seed(uint8_t pk[MLDSA65_PUBLICKEYBYTES], uint8_t sk[MLDSA65_SECRETKEYBYTES],
                              const uint8_t seed[MLDSA_SEEDBYTES]);
int mldsa65_pk_from_sk(uint8_t pk[MLDSA65_PUBLICKEYBYTES], const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_sign(uint8_t sig[MLDSA65_BYTES], size_t *siglen, const uint8_t *msg, size_t msglen,
                 const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA_RNDBYTES],
                 const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_sign_deterministic(uint8_t sig[MLDSA65_BYTES], size_t *siglen, const uint8_t *msg,
                               size_t msglen, const uint8_t *ctx, size_t ctxlen,
                               const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_verify(const uint8_t *sig, size_t siglen, const uint8_t *msg, size_t msglen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);
int mldsa65_sign_mu(uint8_t sig[MLDSA65_BYTES], size_t *siglen, const uint8_t mu[MLDSA_MUBYTES],
                    const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA_MUBYTES],
                      const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);
int mldsa65_mu_init(mldsa_mu_ctx *state, const uint8_t pk[MLDSA65_PUBLICKEYBYTES], const uint8_t *ctx,
                    size_t ctxlen);
int mldsa65_sign_prehash(uint8_t sig[MLDSA65_BYTES], size_t *siglen, const uint8_t *ph, size_t phlen,
                         int alg, const uint8_t *ctx, size_t ctxlen,
                         const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_verify_prehash(const uint8_t *sig, size_t siglen, const uint8_t *ph, size_t phlen,
                           int alg, const uint8_t *ctx, size_t ctxlen,
                           const uint8_t pk[MLDSA65_PUBLICKEYBYTES]);
#ifndef MLDSA_NO_RNG
int mldsa65_keypair(uint8_t pk[MLDSA65_PUBLICKEYBYTES], uint8_t sk[MLDSA65_SECRETKEYBYTES]);
int mldsa65_sign_randomized(uint8_t sig[MLDSA65_BYTES], size_t *siglen, const uint8_t *msg,
                            size_t msglen, const uint8_t *ctx, size_t ctxlen,
                            const uint8_t sk[MLDSA65_SECRETKEYBYTES]);
#endif

/* ML-DSA-87 */
int mldsa87_keypair_from_seed(uint8_t pk[MLDSA87_PUBLICKEYBYTES], uint8_t sk[MLDSA87_SECRETKEYBYTES],
                              const uint8_t seed[MLDSA_SEEDBYTES]);
int mldsa87_pk_from_sk(uint8_t pk[MLDSA87_PUBLICKEYBYTES], const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_sign(uint8_t sig[MLDSA87_BYTES], size_t *siglen, const uint8_t *msg, size_t msglen,
                 const uint8_t *ctx, size_t ctxlen, const uint8_t rnd[MLDSA_RNDBYTES],
                 const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_sign_deterministic(uint8_t sig[MLDSA87_BYTES], size_t *siglen, const uint8_t *msg,
                               size_t msglen, const uint8_t *ctx, size_t ctxlen,
                               const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_verify(const uint8_t *sig, size_t siglen, const uint8_t *msg, size_t msglen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t pk[MLDSA87_PUBLICKEYBYTES]);
int mldsa87_sign_mu(uint8_t sig[MLDSA87_BYTES], size_t *siglen, const uint8_t mu[MLDSA_MUBYTES],
                    const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_verify_mu(const uint8_t *sig, size_t siglen, const uint8_t mu[MLDSA_MUBYTES],
                      const uint8_t pk[MLDSA87_PUBLICKEYBYTES]);
int mldsa87_mu_init(mldsa_mu_ctx *state, const uint8_t pk[MLDSA87_PUBLICKEYBYTES], const uint8_t *ctx,
                    size_t ctxlen);
int mldsa87_sign_prehash(uint8_t sig[MLDSA87_BYTES], size_t *siglen, const uint8_t *ph, size_t phlen,
                         int alg, const uint8_t *ctx, size_t ctxlen,
                         const uint8_t rnd[MLDSA_RNDBYTES], const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_verify_prehash(const uint8_t *sig, size_t siglen, const uint8_t *ph, size_t phlen,
                           int alg, const uint8_t *ctx, size_t ctxlen,
                           const uint8_t pk[MLDSA87_PUBLICKEYBYTES]);
#ifndef MLDSA_NO_RNG
int mldsa87_keypair(uint8_t pk[MLDSA87_PUBLICKEYBYTES], uint8_t sk[MLDSA87_SECRETKEYBYTES]);
int mldsa87_sign_randomized(uint8_t sig[MLDSA87_BYTES], size_t *siglen, const uint8_t *msg,
                            size_t msglen, const uint8_t *ctx, size_t ctxlen,
                            const uint8_t sk[MLDSA87_SECRETKEYBYTES]);
#endif

#ifdef __cplusplus
}
#endif

#endif /* MLDSA_H */
