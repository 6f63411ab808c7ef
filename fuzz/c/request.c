/* libFuzzer target for the C entry point userstore_request: the input is split at the first
 * three NUL bytes into method, path, query and body (strings that are not NUL-terminated in
 * the input are cut at its end); a content type header is sent when the body is non-empty.
 * Checks: never a crash, and a response with an HTTP status and a JSON body. Built and run by
 * scripts/fuzz.sh with clang -fsanitize=fuzzer,address. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <userstore.h>

static struct userstore_store *store;

static char *take(const uint8_t **data, size_t *size) {
    const uint8_t *end = memchr(*data, 0, *size);
    size_t n = end ? (size_t)(end - *data) : *size;
    char *s = malloc(n + 1);
    memcpy(s, *data, n);
    s[n] = 0;
    *data += end ? n + 1 : n;
    *size -= end ? n + 1 : n;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!store) {
        if (userstore_open_memory("{\"insecureFastHashingForTestsOnly\":true}", &store) != USERSTORE_OK) abort();
        char *out = NULL;
        userstore_call(store, NULL, "seedDemo", "{}", &out);
        userstore_string_free(out);
    }
    char *method = take(&data, &size);
    char *path = take(&data, &size);
    char *query = take(&data, &size);
    struct userstore_header ct = {"content-type", "application/json"};
    struct userstore_response *res = NULL;
    enum userstore_status s = userstore_request(store, method, path, query, &ct, size ? 1 : 0, data, size, &res);
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
