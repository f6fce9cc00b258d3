/*
 * A bare-metal C program on the C API (QEMU mps2-an386, Cortex-M4), linked with the
 * thumbv7em-none-eabihf static library (no_std, low-memory strategy, no RNG). Output and exit
 * status go through ARM semihosting. It prints
 *   - the PQClean `testvectors` records of the three sets between "KAT XX BEGIN/END" lines
 *     (surf_kat.h; .ci/ffi.sh hashes them on the host against the published values);
 *   - "FAIL ..." for any failed check of round trips and error codes;
 *   - a table of the peak stack of each C function (stack painting below the caller's frame);
 * and exits with status 0 iff every check passed.
 */
#include <stddef.h>
#include <stdint.h>

#define MLDSA_NO_RNG
#include "mldsa.h"

/* ---- semihosting ---- */
static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static char outbuf[512];
static size_t outlen = 0;

static void flush(void) {
    outbuf[outlen] = 0;
    semihost(0x04, outbuf); /* SYS_WRITE0 */
    outlen = 0;
}

static void putch(char c) {
    if (outlen == sizeof outbuf - 1) flush();
    outbuf[outlen++] = c;
}

static void puts_(const char *s) {
    while (*s) putch(*s++);
}

static void putnum(unsigned long v) {
    char d[24];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) putch(d[--n]);
}

static void emit_hex(const uint8_t *b, size_t n) {
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        putch(hx[b[i] >> 4]);
        putch(hx[b[i] & 15]);
    }
}

static void emit_nl(void) { putch('\n'); }

static void exit_(int ok) {
    flush();
    semihost(0x18, (const void *)(uintptr_t)(ok ? 0x20026 : 0x20023)); /* SYS_EXIT */
    for (;;) {
    }
}

/* ---- the C library functions the compiler may emit calls to (no libc here) ---- */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#include "../c/surf_kat.h"

/* ---- checks ---- */
static int checks = 0, failures = 0;
#define CHECK(cond)                                                                        \
    do {                                                                                   \
        checks++;                                                                          \
        if (!(cond)) {                                                                     \
            failures++;                                                                    \
            puts_("FAIL line ");                                                           \
            putnum(__LINE__);                                                              \
            puts_(": " #cond "\n");                                                        \
        }                                                                                  \
    } while (0)

/* ---- stack painting ---- */
extern uint32_t _stack_bottom;
#define PATTERN 0xa5c3e1f0u

/* Peak stack of op(), in bytes below the stack pointer at the call. */
__attribute__((noinline)) static size_t measure(void (*op)(void)) {
    uint32_t *sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    volatile uint32_t *p;
    for (p = &_stack_bottom; p < sp - 16; p++) *p = PATTERN;
    op();
    for (p = &_stack_bottom; p < sp && *p == PATTERN; p++) {
    }
    if (p == &_stack_bottom) {
        failures++;
        puts_("FAIL: an operation used the whole stack region\n");
    }
    return (size_t)((uintptr_t)sp - (uintptr_t)p);
}

/* Largest sizes (ML-DSA-87). */
static uint8_t pk[MLDSA87_PUBLICKEYBYTES], pk2[MLDSA87_PUBLICKEYBYTES];
static uint8_t sk[MLDSA87_SECRETKEYBYTES], sig[MLDSA87_BYTES];
static uint8_t mu[MLDSA_MUBYTES], ph[MLDSA_PREHASH_MAXBYTES];
static const uint8_t seed[32] = {1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t rnd[32] = {9, 8, 7};
static const uint8_t msg[] = "firmware message";
static const uint8_t ctx[] = "ctx";
static const uint8_t longctx[256] = {0};
static size_t siglen, phlen;
static mldsa_mu_ctx st;
static int rc;

/* One parameter set: the operations as void(void) for measure(), and the checks. */
#define SET(XX)                                                                            \
    static void kp##XX(void) { rc = mldsa##XX##_keypair_from_seed(pk, sk, seed); }         \
    static void pks##XX(void) { rc = mldsa##XX##_pk_from_sk(pk2, sk); }                    \
    static void sign##XX(void) {                                                           \
        rc = mldsa##XX##_sign(sig, &siglen, msg, sizeof msg, ctx, sizeof ctx, rnd, sk);    \
    }                                                                                      \
    static void verify##XX(void) {                                                         \
        rc = mldsa##XX##_verify(sig, siglen, msg, sizeof msg, ctx, sizeof ctx, pk);        \
    }                                                                                      \
    static void mu##XX(void) {                                                             \
        rc = mldsa##XX##_mu_init(&st, pk, ctx, sizeof ctx);                                \
        rc |= mldsa_mu_update(&st, msg, sizeof msg);                                       \
        rc |= mldsa_mu_final(&st, mu);                                                     \
    }                                                                                      \
    static void signmu##XX(void) { rc = mldsa##XX##_sign_mu(sig, &siglen, mu, rnd, sk); }  \
    static void verifymu##XX(void) { rc = mldsa##XX##_verify_mu(sig, siglen, mu, pk); }    \
    static void signph##XX(void) {                                                         \
        rc = mldsa##XX##_sign_prehash(sig, &siglen, ph, phlen, MLDSA_PREHASH_SHA2_512,     \
                                      ctx, sizeof ctx, rnd, sk);                           \
    }                                                                                      \
    static void verifyph##XX(void) {                                                       \
        rc = mldsa##XX##_verify_prehash(sig, siglen, ph, phlen, MLDSA_PREHASH_SHA2_512,    \
                                        ctx, sizeof ctx, pk);                              \
    }                                                                                      \
    static void run##XX(void) {                                                            \
        static const char *names[9] = {"keypair_from_seed", "pk_from_sk", "sign",          \
                                       "verify", "mu_init+update+final", "sign_mu",        \
                                       "verify_mu", "sign_prehash", "verify_prehash"};     \
        static void (*const ops[9])(void) = {kp##XX, pks##XX, sign##XX, verify##XX,        \
                                             mu##XX, signmu##XX, verifymu##XX,             \
                                             signph##XX, verifyph##XX};                    \
        size_t peak[9];                                                                    \
        CHECK(mldsa_prehash(MLDSA_PREHASH_SHA2_512, msg, sizeof msg, ph, &phlen) == 0);    \
        for (int i = 0; i < 9; i++) {                                                      \
            peak[i] = measure(ops[i]);                                                     \
            CHECK(rc == MLDSA_OK);                                                         \
            if (i == 1) CHECK(memcmp(pk, pk2, MLDSA##XX##_PUBLICKEYBYTES) == 0);           \
            if (i == 2) CHECK(siglen == MLDSA##XX##_BYTES);                                \
        }                                                                                  \
        sig[0] ^= 1;                                                                       \
        verify##XX();                                                                      \
        CHECK(rc == MLDSA_ERR_INVALID_SIGNATURE);                                          \
        CHECK(mldsa##XX##_verify(sig, siglen - 1, msg, sizeof msg, ctx, sizeof ctx, pk)    \
              == MLDSA_ERR_BAD_LENGTH);                                                    \
        CHECK(mldsa##XX##_sign(sig, &siglen, msg, sizeof msg, longctx, 256, rnd, sk)       \
              == MLDSA_ERR_BAD_CONTEXT_LENGTH);                                            \
        CHECK(mldsa##XX##_sign(sig, &siglen, msg, sizeof msg, ctx, sizeof ctx, NULL, sk)   \
              == MLDSA_ERR_NULL_POINTER);                                                  \
        CHECK(mldsa##XX##_sign_prehash(sig, &siglen, ph, phlen, 99, ctx, sizeof ctx, rnd,  \
                                       sk) == MLDSA_ERR_BAD_PREHASH);                      \
        CHECK(mldsa_mu_update(&st, msg, 1) == MLDSA_ERR_BAD_STATE);                        \
        sk[128] = 0xff;                                                                    \
        CHECK(mldsa##XX##_pk_from_sk(pk2, sk) == MLDSA_ERR_MALFORMED_KEY);                 \
        for (int i = 0; i < 9; i++) {                                                      \
            puts_("| ML-DSA-" #XX " | ");                                                  \
            puts_(names[i]);                                                               \
            puts_(" | ");                                                                  \
            putnum(peak[i]);                                                               \
            puts_(" |\n");                                                                 \
        }                                                                                  \
    }
SET(44)
SET(65)
SET(87)

int main(void) {
    puts_("mldsa C API on a Cortex-M4 (QEMU mps2-an386)\n");
    puts_("KAT 44 BEGIN\n");
    CHECK(kat44() == 0);
    puts_("KAT 44 END\nKAT 65 BEGIN\n");
    CHECK(kat65() == 0);
    puts_("KAT 65 END\nKAT 87 BEGIN\n");
    CHECK(kat87() == 0);
    puts_("KAT 87 END\n");
    puts_("| set | C function | peak stack (bytes) |\n| --- | --- | ---: |\n");
    run44();
    run65();
    run87();
    putnum((unsigned long)checks);
    puts_(" checks, ");
    putnum((unsigned long)failures);
    puts_(" failed\n");
    exit_(failures == 0);
    return 0;
}

/* ---- start-up ---- */
extern uint32_t _stack_top, _sdata, _edata, _sidata, _sbss, _ebss;
void reset_handler(void);
static void fault(void) { exit_(0); }

__attribute__((section(".vectors"), used)) static const void *const vectors[16] = {
    &_stack_top, (const void *)reset_handler, (const void *)fault, (const void *)fault,
    (const void *)fault, (const void *)fault, (const void *)fault};

void reset_handler(void) {
    uint32_t *d = &_sdata;
    const uint32_t *s = &_sidata;
    while (d < &_edata) *d++ = *s++;
    for (d = &_sbss; d < &_ebss; d++) *d = 0;
    /* Full access to the FPU (CP10, CP11): the library is built for the hard-float ABI. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb");
    main();
    exit_(0);
}
