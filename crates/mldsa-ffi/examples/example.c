/* Sign and verify a message with ML-DSA-65 through mldsa.h. */
#include <stdio.h>
#include <string.h>

#include "mldsa.h"

int main(void) {
    static uint8_t pk[MLDSA65_PUBLICKEYBYTES], sk[MLDSA65_SECRETKEYBYTES];
    static uint8_t sig[MLDSA65_BYTES];
    const uint8_t msg[] = "hello, world";
    const uint8_t ctx[] = "example v1"; /* domain separation, 0..255 bytes */
    size_t siglen;
    uint8_t seed[MLDSA_SEEDBYTES] = {0}; /* in real use: 32 secret random bytes */
    int rc;

    /* A key pair from a stored seed (mldsa65_keypair draws one from the OS instead). */
    rc = mldsa65_keypair_from_seed(pk, sk, seed);
    if (rc != MLDSA_OK) return 1;

    /* Hedged signature, randomness from the OS (firmware: mldsa65_sign with your rnd). */
    rc = mldsa65_sign_randomized(sig, &siglen, msg, sizeof msg - 1, ctx, sizeof ctx - 1, sk);
    if (rc != MLDSA_OK) return 1;

    rc = mldsa65_verify(sig, siglen, msg, sizeof msg - 1, ctx, sizeof ctx - 1, pk);
    printf("verify: %s\n", rc == MLDSA_OK ? "ok" : "FAILED");

    /* A wrong context, or any change to the message, is MLDSA_ERR_INVALID_SIGNATURE. */
    rc = mldsa65_verify(sig, siglen, msg, sizeof msg - 1, NULL, 0, pk);
    printf("other context: %s\n", rc == MLDSA_ERR_INVALID_SIGNATURE ? "rejected" : "ACCEPTED");

    /* External mu: hash a long message in pieces, then sign mu. */
    mldsa_mu_ctx st;
    uint8_t mu[MLDSA_MUBYTES], rnd[MLDSA_RNDBYTES] = {0}; /* zero rnd: deterministic */
    if (mldsa65_mu_init(&st, pk, ctx, sizeof ctx - 1) != MLDSA_OK) return 1;
    mldsa_mu_update(&st, msg, 5);
    mldsa_mu_update(&st, msg + 5, sizeof msg - 1 - 5);
    if (mldsa_mu_final(&st, mu) != MLDSA_OK) return 1;
    if (mldsa65_sign_mu(sig, &siglen, mu, rnd, sk) != MLDSA_OK) return 1;
    rc = mldsa65_verify(sig, siglen, msg, sizeof msg - 1, ctx, sizeof ctx - 1, pk);
    printf("mu signature: %s\n", rc == MLDSA_OK ? "ok" : "FAILED");

    memset(sk, 0, sizeof sk); /* wipe your copy of the secret key */
    return rc == MLDSA_OK ? 0 : 1;
}
