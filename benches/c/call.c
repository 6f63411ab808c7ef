/* The cost of one C ABI call: `getUser` as JSON through userstore_call, median over repeated
 * samples. Prints {"ns": …}. Built and run by scripts/bench.sh; the Rust figure it is compared
 * with (the same call through userstore::api::call_json) comes from the native bench in the same
 * run. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <userstore.h>

#define SAMPLES 21
#define ITERS 2000

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    struct userstore_store *store = NULL;
    /* The release library refuses the test-only fast hashing; the bench user has no password,
       so nothing is hashed anyway. */
    if (userstore_open_memory("{}", &store) != USERSTORE_OK) {
        fprintf(stderr, "call: %s\n", userstore_last_error());
        return 1;
    }
    char *out = NULL;
    if (userstore_call_as_system(store, "createUser", "{\"name\":\"Bench User\",\"email\":\"bench@example.com\"}", &out) != USERSTORE_OK) return 1;
    userstore_string_free(out);
    double samples[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
        double start = now_ns();
        for (int i = 0; i < ITERS; i++) {
            if (userstore_call_as_system(store, "getUser", "{\"userId\":1}", &out) != USERSTORE_OK) return 1;
            userstore_string_free(out);
        }
        samples[s] = (now_ns() - start) / ITERS;
    }
    qsort(samples, SAMPLES, sizeof samples[0], cmp);
    printf("{\"ns\": %.0f}\n", samples[SAMPLES / 2]);
    userstore_close(store);
    return 0;
}
