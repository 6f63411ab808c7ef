/*
 * The C ABI on PostgreSQL (scripts/test-postgres.sh builds the library with the cargo feature
 * `postgres` and passes a fresh schema's URL as the argument): two handles open the same
 * database, a user created through one logs in through the other, and a bad URL is a clear
 * error.
 */
#include <stdio.h>
#include <string.h>

#include <userstore.h>

static int failures = 0;

static void check(int ok, const char *what, const char *detail) {
    if (!ok) {
        fprintf(stderr, "FAILED: %s: %s\n", what, detail ? detail : "");
        failures++;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s postgres://…\n", argv[0]);
        return 2;
    }
    const char *config = "{\"insecureFastHashingForTestsOnly\":true}";
    userstore_store *a = NULL, *b = NULL;
    check(userstore_open(argv[1], config, &a) == USERSTORE_OK, "open a", userstore_last_error());
    check(userstore_open(argv[1], config, &b) == USERSTORE_OK, "open b", userstore_last_error());
    if (!a || !b) return 1;

    char *json = NULL;
    userstore_status s = userstore_call_as_system(
        a, "createUser",
        "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"password\":\"Blue-Otter-47\"}",
        &json);
    check(s == USERSTORE_OK, "createUser", json);
    check(strstr(json, "\"email\":\"ada@example.com\"") != NULL, "createUser body", json);
    userstore_string_free(json);

    s = userstore_call(b, NULL, "login",
                       "{\"email\":\"ada@example.com\",\"password\":\"Blue-Otter-47\"}", &json);
    check(s == USERSTORE_OK, "login through the other handle", json);
    check(strstr(json, "\"userId\":1") != NULL, "login body", json);
    userstore_string_free(json);

    /* A bad URL is a clear error, not a crash. */
    userstore_store *c = NULL;
    s = userstore_open("postgres://[::1", config, &c);
    check(s == USERSTORE_BAD_REQUEST && c == NULL, "bad URL", userstore_last_error());

    userstore_close(a);
    userstore_close(b);
    printf("C on PostgreSQL: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
