/*
 * Bad input through every entry point: NULL for each pointer argument, invalid UTF-8, a
 * 10 MiB string, out-of-range values, a closed handle. Each gives a status, never a crash,
 * and leaves nothing allocated (run under AddressSanitizer and LeakSanitizer).
 *
 * Freeing a string or a response twice is documented as undefined behaviour and not tested.
 *
 * Usage: bad_input DIR   (a writable directory for the file-store cases)
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "userstore.h"

/* Settings for fast tests. */
static const char *const CONFIG = "{\"insecureFastHashingForTestsOnly\":true}";

/* Not UTF-8: a lone continuation byte and an invalid lead byte. */
static const char *const NOT_UTF8 = "\x80\xff";

/* A NUL-terminated string of `len` 'a's; the caller frees it. */
static char *big_string(size_t len) {
    char *s = malloc(len + 1);
    memset(s, 'a', len);
    s[len] = '\0';
    return s;
}

/* Calls `op` and checks the status; the out-string is freed. */
static void call_expect(userstore_store *store, const char *auth, const char *op, const char *args,
                        userstore_status expected, const char *body_part) {
    char *out = NULL;
    /* Without an authorization the test is the host, which says so by name. */
    userstore_status s = auth ? userstore_call(store, auth, op, args, &out)
                              : userstore_call_as_system(store, op, args, &out);
    CHECK_STATUS(s, expected);
    CHECK(out != NULL);
    CHECK(contains(out, body_part));
    /* The last error is the same body on failure, and cleared on success. */
    if (expected == USERSTORE_OK) CHECK(userstore_last_error() == NULL);
    else CHECK(contains(userstore_last_error(), body_part));
    userstore_string_free(out);
}

/* Whether `path` can be opened for reading. */
static int file_exists(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static void test_version_and_status_names(void) {
    CHECK(strcmp(userstore_version(), USERSTORE_VERSION) == 0);
    CHECK(strcmp(userstore_status_name(USERSTORE_OK), "USERSTORE_OK") == 0);
    CHECK(strcmp(userstore_status_name(USERSTORE_NOT_FOUND), "USERSTORE_NOT_FOUND") == 0);
    CHECK(strcmp(userstore_status_name(-1), "USERSTORE_UNKNOWN") == 0);
    CHECK(strcmp(userstore_status_name(1000), "USERSTORE_UNKNOWN") == 0);
    CHECK(userstore_status_http(USERSTORE_OK) == 200);
    CHECK(userstore_status_http(USERSTORE_INVALID_ARGUMENT) == 400);
    CHECK(userstore_status_http(USERSTORE_TOO_MANY_REQUESTS) == 429);
    CHECK(userstore_status_http(USERSTORE_PANIC) == 500);
    CHECK(userstore_status_http(-7) == 0);
}

static void test_open(const char *dir) {
    userstore_store *store = (userstore_store *)&store; /* not NULL: must be reset */
    CHECK_STATUS(userstore_open_memory(CONFIG, NULL), USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_last_error(), "'out_store' must not be NULL."));
    CHECK_STATUS(userstore_open_memory("{not json", &store), USERSTORE_BAD_REQUEST);
    CHECK(store == NULL);
    CHECK(contains(userstore_last_error(), "\"code\":\"SC400\""));
    CHECK_STATUS(userstore_open_memory("{\"nope\":1}", &store), USERSTORE_BAD_REQUEST);
    CHECK_STATUS(userstore_open_memory(NOT_UTF8, &store), USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_last_error(), "not valid UTF-8"));
    char *big = big_string(10u << 20);
    CHECK_STATUS(userstore_open_memory(big, &store), USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_last_error(), "larger than"));
    CHECK_STATUS(userstore_open(big, CONFIG, &store), USERSTORE_INVALID_ARGUMENT);
    free(big);

    /* NULL config means the defaults; success clears the last error. */
    CHECK_STATUS(userstore_open_memory(NULL, &store), USERSTORE_OK);
    CHECK(userstore_last_error() == NULL);
    CHECK_STATUS(userstore_close(store), USERSTORE_OK);

    char path[4096];
    snprintf(path, sizeof path, "%s/bad_input.db", dir);
    remove(path);
    CHECK_STATUS(userstore_open(NULL, CONFIG, &store), USERSTORE_INVALID_ARGUMENT);
    CHECK(store == NULL);
    CHECK_STATUS(userstore_open(path, CONFIG, NULL), USERSTORE_INVALID_ARGUMENT);
    CHECK(!file_exists(path)); /* a call that cannot return its handle does nothing */
    CHECK_STATUS(userstore_open(NOT_UTF8, CONFIG, &store), USERSTORE_INVALID_ARGUMENT);

    /* A file that is not a database is refused, unchanged. */
    FILE *f = fopen(path, "wb");
    const char text[] = "this is not a database, it is a text file of some length.......\n";
    for (int i = 0; i < 100; i++) fputs(text, f);
    fclose(f);
    userstore_status s = userstore_open(path, CONFIG, &store);
    CHECK(s == USERSTORE_STORAGE || s == USERSTORE_BAD_REQUEST);
    CHECK(store == NULL);
    CHECK(contains(userstore_last_error(), "\"detail\""));
    f = fopen(path, "rb");
    char first[sizeof text] = {0};
    CHECK(f != NULL && fread(first, 1, sizeof text - 1, f) == sizeof text - 1);
    CHECK(strcmp(first, text) == 0);
    if (f) fclose(f);
    remove(path);
}

static void test_call(userstore_store *store) {
    CHECK_STATUS(userstore_call(store, NULL, "roles", NULL, NULL), USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_last_error(), "'out_json' must not be NULL."));
    call_expect(NULL, NULL, "roles", NULL, USERSTORE_INVALID_HANDLE, "store handle");
    call_expect(store, NULL, NULL, "{}", USERSTORE_INVALID_ARGUMENT, "'op' must not be NULL.");
    call_expect(store, NULL, "roles", NULL, USERSTORE_OK, "\"usersRoles\"");
    call_expect(store, NULL, NOT_UTF8, "{}", USERSTORE_INVALID_ARGUMENT, "'op' is not valid");
    call_expect(store, NOT_UTF8, "me", "{}", USERSTORE_INVALID_ARGUMENT, "'authorization'");
    call_expect(store, NULL, "roles", NOT_UTF8, USERSTORE_INVALID_ARGUMENT, "'args_json'");
    call_expect(store, NULL, "roles", "{\"a\":", USERSTORE_BAD_REQUEST, "Malformed JSON");
    call_expect(store, NULL, "roles", "[1]", USERSTORE_BAD_REQUEST, "must be a JSON object");
    call_expect(store, NULL, "noSuchOperation", NULL, USERSTORE_NOT_FOUND, "\"SC404\"");
    call_expect(store, "Bearer nope", "me", NULL, USERSTORE_UNAUTHORIZED, "\"SC401\"");
    call_expect(store, "Token nope", "me", NULL, USERSTORE_UNAUTHORIZED, "\"SC401\"");
    call_expect(store, NULL, "createUser", "{\"name\":\"\",\"email\":\"x\"}",
                USERSTORE_BAD_REQUEST, "\"suberrors\"");

    /* A NULL authorization is anonymous, never the host: what needs a caller is refused, and
     * what needs none (roles, login) still runs. */
    char *out = NULL;
    CHECK_STATUS(userstore_call(store, NULL, "outbox", NULL, &out), USERSTORE_UNAUTHORIZED);
    CHECK(contains(out, "\"SC401\""));
    userstore_string_free(out);
    CHECK_STATUS(userstore_call(store, NULL, "me", "{}", &out), USERSTORE_UNAUTHORIZED);
    userstore_string_free(out);
    CHECK_STATUS(userstore_call(store, NULL, "roles", NULL, &out), USERSTORE_OK);
    userstore_string_free(out);
    CHECK_STATUS(userstore_call_as_system(store, "outbox", NULL, &out), USERSTORE_OK);
    CHECK(contains(out, "\"mails\""));
    userstore_string_free(out);
    CHECK_STATUS(userstore_call_as_system(store, "roles", NULL, NULL), USERSTORE_INVALID_ARGUMENT);

    char *big = big_string(10u << 20);
    call_expect(store, NULL, big, NULL, USERSTORE_INVALID_ARGUMENT, "'op' is larger than");
    call_expect(store, big, "me", NULL, USERSTORE_INVALID_ARGUMENT, "'authorization' is larger");
    call_expect(store, NULL, "roles", big, USERSTORE_INVALID_ARGUMENT, "'args_json' is larger");
    free(big);
}

/* userstore_request with one argument replaced; the rest valid. */
static userstore_status request(userstore_store *store, const char *method, const char *path,
                                const userstore_header *headers, size_t count,
                                const uint8_t *body, size_t len, userstore_response **out) {
    return userstore_request(store, NULL, method, path, NULL, headers, count, body, len, out);
}

static void test_request(userstore_store *store) {
    userstore_response *r = (userstore_response *)&r;
    const char *roles = "/api/v2/users/roles";
    CHECK_STATUS(request(store, "GET", roles, NULL, 0, NULL, 0, NULL), USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(NULL, "GET", roles, NULL, 0, NULL, 0, &r), USERSTORE_INVALID_HANDLE);
    CHECK(r == NULL);
    CHECK_STATUS(request(store, NULL, roles, NULL, 0, NULL, 0, &r), USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, "GET", NULL, NULL, 0, NULL, 0, &r), USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, NOT_UTF8, roles, NULL, 0, NULL, 0, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, "GET", NOT_UTF8, NULL, 0, NULL, 0, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(userstore_request(store, NULL, "GET", roles, NOT_UTF8, NULL, 0, NULL, 0, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, "GET", roles, NULL, 1, NULL, 0, &r), USERSTORE_INVALID_ARGUMENT);
    userstore_header bad[] = {{NULL, "x"}, {"x-name", NULL}, {"x-name", "\x80\xff"}};
    for (size_t i = 0; i < 3; i++) {
        CHECK_STATUS(request(store, "GET", roles, &bad[i], 1, NULL, 0, &r),
                     USERSTORE_INVALID_ARGUMENT);
    }
    userstore_header many[USERSTORE_MAX_HEADERS + 1];
    for (size_t i = 0; i <= USERSTORE_MAX_HEADERS; i++) many[i] = (userstore_header){"x", "y"};
    CHECK_STATUS(request(store, "GET", roles, many, USERSTORE_MAX_HEADERS + 1, NULL, 0, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, "POST", roles, NULL, 0, NULL, 5, &r), USERSTORE_INVALID_ARGUMENT);
    CHECK(r == NULL);

    /* Over the C limit: refused; over the router's 1 MiB limit only: a 413 response. */
    size_t big_len = 10u << 20;
    uint8_t *big = calloc(big_len, 1);
    userstore_header json = {"content-type", "application/json"};
    CHECK_STATUS(request(store, "POST", "/api/v2/users/password-reset-demand", &json, 1, big,
                         big_len, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(request(store, "POST", "/api/v2/users/password-reset-demand", &json, 1, big,
                         2u << 20, &r),
                 USERSTORE_OK);
    CHECK(userstore_response_status(r) == 413);
    userstore_response_free(r);
    free(big);

    /* HTTP errors are responses, not failed calls. */
    CHECK_STATUS(request(store, "GET", "/api/v2/nowhere", NULL, 0, NULL, 0, &r), USERSTORE_OK);
    CHECK(userstore_response_status(r) == 404);
    CHECK(contains((const char *)userstore_response_body(r), "\"SC404\""));
    CHECK(userstore_response_body_len(r) == strlen((const char *)userstore_response_body(r)));
    userstore_response_free(r);

    /* The query may come in the path when `query` is NULL. */
    CHECK_STATUS(request(store, "GET", "/api/v2/users?teamId=1&organizationId=1", NULL, 0, NULL,
                         0, &r),
                 USERSTORE_OK);
    CHECK(userstore_response_status(r) == 401);
    userstore_response_free(r);
}

static void test_response_accessors(userstore_store *store) {
    const char *name = "x", *value = "y";
    CHECK(userstore_response_status(NULL) == 0);
    CHECK(userstore_response_body(NULL) == NULL);
    CHECK(userstore_response_body_len(NULL) == 0);
    CHECK(userstore_response_header_count(NULL) == 0);
    CHECK(userstore_response_header_value(NULL, "content-type") == NULL);
    CHECK_STATUS(userstore_response_header(NULL, 0, &name, &value), USERSTORE_INVALID_ARGUMENT);
    CHECK(name == NULL && value == NULL);
    userstore_response_free(NULL);

    userstore_response *r = NULL;
    CHECK_STATUS(userstore_request(store, NULL, "GET", "/api/v2/users/roles", NULL, NULL, 0, NULL, 0,
                                   &r),
                 USERSTORE_OK);
    CHECK(userstore_response_status(r) == 200);
    size_t count = userstore_response_header_count(r);
    CHECK(count >= 1);
    CHECK_STATUS(userstore_response_header(r, 0, &name, &value), USERSTORE_OK);
    CHECK(name != NULL && value != NULL);
    CHECK_STATUS(userstore_response_header(r, count, &name, &value), USERSTORE_INVALID_ARGUMENT);
    CHECK(name == NULL && value == NULL);
    CHECK_STATUS(userstore_response_header(r, 0, NULL, &value), USERSTORE_INVALID_ARGUMENT);
    CHECK_STATUS(userstore_response_header(r, 0, &name, NULL), USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_response_header_value(r, "Content-Type"), "application/json"));
    CHECK(userstore_response_header_value(r, NULL) == NULL);
    CHECK(userstore_response_header_value(r, NOT_UTF8) == NULL);
    CHECK(userstore_response_header_value(r, "x-absent") == NULL);
    userstore_response_free(r);
    userstore_string_free(NULL);
}

static void test_closed_handle(void) {
    userstore_store *store = NULL;
    CHECK_STATUS(userstore_open_memory(CONFIG, &store), USERSTORE_OK);
    CHECK_STATUS(userstore_close(store), USERSTORE_OK);
    CHECK_STATUS(userstore_close(store), USERSTORE_INVALID_HANDLE);
    CHECK(contains(userstore_last_error(), "closed"));
    call_expect(store, NULL, "roles", NULL, USERSTORE_INVALID_HANDLE, "store handle");
    userstore_response *r = NULL;
    CHECK_STATUS(userstore_request(store, NULL, "GET", "/api/v2/users/roles", NULL, NULL, 0, NULL, 0,
                                   &r),
                 USERSTORE_INVALID_HANDLE);
    CHECK(r == NULL);
    CHECK_STATUS(userstore_close(NULL), USERSTORE_INVALID_HANDLE);
    /* A handle the library never gave out. */
    CHECK_STATUS(userstore_close((userstore_store *)(uintptr_t)0x7fff1234), USERSTORE_INVALID_HANDLE);
}

/* With a client address, the credential routes are throttled per client (burst 10): the 11th
 * login from one client is SC429 with a retry-after, another client is not; invalid UTF-8 in
 * `client` is refused like in any other string. */
static void test_throttle(userstore_store *store) {
    userstore_header ct = {"content-type", "application/json"};
    const char *login = "{\"email\":\"nobody@example.com\",\"password\":\"Wrong-Guess-99!\"}";
    userstore_response *r = NULL;
    for (int i = 0; i < 11; i++) {
        /* Another address each time, so that no address locks: only the client counts. */
        char body[96];
        snprintf(body, sizeof body, "{\"email\":\"nobody%d@example.com\",\"password\":\"x\"}", i);
        CHECK_STATUS(userstore_request(store, "203.0.113.9", "POST", "/api/v2/sessions", NULL, &ct,
                                       1, (const uint8_t *)body, strlen(body), &r),
                     USERSTORE_OK);
        CHECK(userstore_response_status(r) == (i < 10 ? 400 : 429));
        if (i == 10) {
            CHECK(contains((const char *)userstore_response_body(r), "\"SC429\""));
            CHECK(userstore_response_header_value(r, "retry-after") != NULL);
        }
        userstore_response_free(r);
    }
    CHECK_STATUS(userstore_request(store, "198.51.100.1", "POST", "/api/v2/sessions", NULL, &ct, 1,
                                   (const uint8_t *)login, strlen(login), &r),
                 USERSTORE_OK);
    CHECK(userstore_response_status(r) == 400);
    userstore_response_free(r);
    CHECK_STATUS(userstore_request(store, NOT_UTF8, "GET", "/api/v2/users/roles", NULL, NULL, 0,
                                   NULL, 0, &r),
                 USERSTORE_INVALID_ARGUMENT);
    CHECK(contains(userstore_last_error(), "'client' is not valid UTF-8."));
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    test_version_and_status_names();
    test_open(dir);
    userstore_store *store = NULL;
    CHECK_STATUS(userstore_open_memory(CONFIG, &store), USERSTORE_OK);
    test_call(store);
    test_request(store);
    test_response_accessors(store);
    test_throttle(store);
    CHECK_STATUS(userstore_close(store), USERSTORE_OK);
    test_closed_handle();
    return check_summary("bad_input");
}
