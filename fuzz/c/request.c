/* libFuzzer target for the C entry point userstore_request. The first input byte is flags:
 * when its bit 0 is set, the request carries `authorization: Bearer <session>` of the demo
 * user, logged in once at start. The rest is split at its first three NUL bytes into method,
 * path, query and body (strings that are not NUL-terminated in the input are cut at its end);
 * a content type header is sent when the body is non-empty. Checks: never a crash, and a
 * response with an HTTP status and a JSON body (or, for arguments the C API refuses, no
 * response).
 *
 * fuzz/checks/c_request.rs does the same in Rust to replay tests/fuzz_regressions/c_request/
 * (tests/fuzz_regressions.rs): keep the two in step. Built and run by scripts/fuzz.sh with
 * clang -fsanitize=fuzzer,address against a library built with the cargo feature
 * insecure-test-hashing, which the store's configuration needs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <userstore.h>

/* Fast hashing (accepted only by a library built with insecure-test-hashing) and a clock fixed
 * at 2026-01-01T00:00:00Z. */
static const char config[] = "{\"insecureFastHashingForTestsOnly\":true,\"manualClockMs\":1767225600000}";

static struct userstore_store *store;
/* "Bearer <token>" of the demo login. The store's clock never moves, so the session never
 * idles out however long the fuzzer runs. */
static char bearer[128];

static void fail(const char *what, const char *detail) {
    fprintf(stderr, "c_request: %s: %s\n", what, detail ? detail : "(no detail)");
    abort();
}

/* Logs the demo user in through the router, as any client would, and keeps its token. */
static void log_in(void) {
    static const char body[] = "{\"email\":\"demo@example.com\",\"password\":\"Blue-Harbor-2026!\"}";
    static const char key[] = "\"token\":\"";
    struct userstore_header ct = {"content-type", "application/json"};
    struct userstore_response *res = NULL;
    if (userstore_request(store, NULL, "POST", "/api/v2/sessions", NULL, &ct, 1,
                          (const uint8_t *)body, sizeof body - 1, &res) != USERSTORE_OK)
        fail("login request refused", userstore_last_error());
    /* The body is NUL-terminated: {"session":{"token":"…","userId":N}}; a token is hex. */
    const char *json = (const char *)userstore_response_body(res);
    const char *token = json ? strstr(json, key) : NULL;
    const char *end = token ? strchr(token + strlen(key), '"') : NULL;
    if (userstore_response_status(res) != 200 || !end) fail("demo login failed", json);
    token += strlen(key);
    int n = snprintf(bearer, sizeof bearer, "Bearer %.*s", (int)(end - token), token);
    if (n < 0 || (size_t)n >= sizeof bearer) fail("session token too long", json);
    userstore_response_free(res);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (userstore_open_memory(config, &store) != USERSTORE_OK) fail("open the store", userstore_last_error());
    char *out = NULL;
    if (userstore_call_as_system(store, "seedDemo", "{}", &out) != USERSTORE_OK) fail("seedDemo", out);
    userstore_string_free(out);
    log_in();
    return 0;
}

/* The bytes up to the next NUL (or the end) as a new string; advances past that NUL. */
static char *take(const uint8_t **data, size_t *size) {
    const uint8_t *end = memchr(*data, 0, *size);
    size_t n = end ? (size_t)(end - *data) : *size;
    char *s = malloc(n + 1);
    if (!s) abort();
    memcpy(s, *data, n);
    s[n] = 0;
    *data += end ? n + 1 : n;
    *size -= end ? n + 1 : n;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    int authorized = 0;
    if (size > 0) {
        authorized = data[0] & 1;
        data++;
        size--;
    }
    char *method = take(&data, &size);
    char *path = take(&data, &size);
    char *query = take(&data, &size);
    struct userstore_header headers[2];
    size_t count = 0;
    if (size) headers[count++] = (struct userstore_header){"content-type", "application/json"};
    if (authorized) headers[count++] = (struct userstore_header){"authorization", bearer};
    struct userstore_response *res = NULL;
    /* No client address: under a clock that never moves, per-client throttling would answer 429
     * to every credential route after the first few requests. */
    enum userstore_status s =
        userstore_request(store, NULL, method, path, query, headers, count, data, size, &res);
    if (s == USERSTORE_OK) {
        uint16_t status = userstore_response_status(res);
        const uint8_t *body = userstore_response_body(res);
        if (status < 200 || status > 599 || !body || userstore_response_body_len(res) == 0 || body[0] != '{') abort();
        userstore_response_free(res);
    } else if (res != NULL) {
        abort(); /* a failed call leaves no response */
    }
    free(method);
    free(path);
    free(query);
    return 0;
}
