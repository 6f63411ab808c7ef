/*
 * Shared helpers of the C tests: a CHECK macro that counts, and a summary.
 *
 * Header-only (static inline), so each test program is one translation unit.
 */
#ifndef USERSTORE_TEST_CHECK_H
#define USERSTORE_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "userstore.h"

/* Checks passed and failed so far in this program. */
static int check_passed = 0;
static int check_failed = 0;

/* Counts `cond`; on failure prints where, what, and the thread's last error. */
#define CHECK(cond) check_record((cond) ? 1 : 0, #cond, __FILE__, __LINE__)

/* Checks that `expr` returns the status `expected`. */
#define CHECK_STATUS(expr, expected) \
    check_status_is((int)(expr), (int)(expected), #expr, __FILE__, __LINE__)

static inline int check_record(int ok, const char *what, const char *file, int line) {
    if (ok) {
        check_passed++;
        return 1;
    }
    check_failed++;
    const char *last = userstore_last_error();
    fprintf(stderr, "%s:%d: CHECK failed: %s\n  last error: %s\n", file, line, what,
            last ? last : "(none)");
    return 0;
}

static inline int check_status_is(int actual, int expected, const char *what, const char *file,
                                  int line) {
    if (actual == expected) {
        check_passed++;
        return 1;
    }
    check_failed++;
    const char *last = userstore_last_error();
    fprintf(stderr, "%s:%d: %s\n  returned %s, expected %s\n  last error: %s\n", file, line, what,
            userstore_status_name(actual), userstore_status_name(expected),
            last ? last : "(none)");
    return 0;
}

/* `haystack` is non-NULL and contains `needle`. */
static inline int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Prints "<program>: N checks passed, M failed" and gives the exit code. */
static inline int check_summary(const char *program) {
    printf("%s: %d checks passed, %d failed\n", program, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif
