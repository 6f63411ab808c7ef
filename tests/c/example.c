/*
 * The C example of the README: open a store, add a user, log in, change the profile as that
 * user, serve one HTTP request of the Make-compatible API, and handle an error.
 *
 * Build: cc -std=c99 example.c $(pkg-config --cflags --libs userstore)
 */
#include <stdio.h>
#include <string.h>

#include <userstore.h>

/* Prints the thread's last error and gives 1, for `return fail("...")`. */
static int fail(const char *what) {
    fprintf(stderr, "%s: %s\n", what, userstore_last_error());
    return 1;
}

/* Copies the string value of `"key":"…"` out of a JSON text (use a JSON library in real code). */
static void copy_field(const char *json, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(json, pattern);
    size_t len = 0;
    if (start) {
        start += strlen(pattern);
        while (start[len] && start[len] != '"' && len + 1 < size) len++;
        memcpy(out, start, len);
    }
    out[len] = '\0';
}

int main(void) {
    userstore_store *store = NULL;
    /* An in-memory store; userstore_open("users.db", NULL, &store) keeps it in a file. */
    if (userstore_open_memory("{\"baseUrl\":\"https://accounts.example.com\"}", &store) !=
        USERSTORE_OK) {
        return fail("open");
    }

    /* The host creates users as its own system actor, asked for by name. */
    char *json = NULL;
    userstore_status s = userstore_call_as_system(
        store, "createUser",
        "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"password\":\"Blue-Otter-47\"}",
        &json);
    printf("createUser: %s\n", json);
    userstore_string_free(json);
    if (s != USERSTORE_OK) return fail("createUser");

    /* Log in (NULL authorization: anonymous, as a login is); the session token authenticates
     * later calls as Ada. */
    s = userstore_call(store, NULL, "login",
                       "{\"email\":\"ada@example.com\",\"password\":\"Blue-Otter-47\"}", &json);
    char token[128], authorization[160];
    copy_field(json, "token", token, sizeof token);
    userstore_string_free(json);
    if (s != USERSTORE_OK) return fail("login");
    snprintf(authorization, sizeof authorization, "Bearer %s", token);

    /* Update her own profile, as Ada: the body is exactly Make's `{"user":{…}}`. */
    s = userstore_call(store, authorization, "updateUser",
                       "{\"userId\":1,\"name\":\"Ada King\",\"language\":\"en\"}", &json);
    printf("updateUser: %s %s\n", userstore_status_name(s), json);
    userstore_string_free(json);

    /* An error: the status gives the class, the string is the JSON error body. */
    s = userstore_call(store, authorization, "changePassword",
                       "{\"userId\":1,\"currentPassword\":\"wrong\","
                       "\"newPassword1\":\"Green-Heron-58\",\"newPassword2\":\"Green-Heron-58\"}",
                       &json);
    printf("changePassword: %s (HTTP %u) %s\n", userstore_status_name(s),
           (unsigned)userstore_status_http(s), json);
    userstore_string_free(json);

    /* One HTTP request through the router, as a C web server would pass it on. */
    userstore_header headers[] = {{"authorization", authorization}};
    userstore_response *response = NULL;
    s = userstore_request(store, NULL, "GET", "/api/v2/users/me", "cols[]=id&cols[]=name", headers, 1,
                          NULL, 0, &response);
    if (s != USERSTORE_OK) return fail("request");
    printf("GET /api/v2/users/me: %u %s (content-type: %s)\n",
           (unsigned)userstore_response_status(response),
           (const char *)userstore_response_body(response),
           userstore_response_header_value(response, "content-type"));
    userstore_response_free(response);

    userstore_close(store);
    return 0;
}
