/*
 * Concurrency: 4 threads x 1,000 mixed operations, first on one handle of a file, then on two
 * handles of one file (threads 0 and 2 on the first, 1 and 3 on the second). Every operation
 * must succeed (no "database is locked") and the final state must add up.
 *
 * Each thread repeats five operations: create a user (system actor), give it a role in the
 * organization, rename its own account (as itself, through userstore_call), read its own
 * account (as itself, through userstore_request), list the organization (system actor).
 *
 * Usage: threads DIR   (a writable directory for the database files)
 */
#define _POSIX_C_SOURCE 200809L

#include <cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "userstore.h"

#define THREADS 4
#define OPERATIONS 1000
/* Operations per round: create, role, rename, read, list. */
#define ROUND 5
/* Users each thread creates. */
#define CREATED (OPERATIONS / ROUND)

static const char *const CONFIG = "{\"insecureFastHashingForTestsOnly\":true}";
static const char *const PASSWORD = "Blue-Otter-47";

/* One worker thread's input and result. */
typedef struct {
    userstore_store *store;
    int index;
    long long organization_id;
    char authorization[256]; /* "Bearer <session>" of the thread's own user */
    long long user_id;
    int failures;
    char first_failure[1024];
} worker;

/* Runs `op` and returns its parsed result, or NULL (recording the failure in `w`). */
static cJSON *call(worker *w, const char *auth, const char *op, const char *args) {
    char *out = NULL;
    userstore_status s = auth ? userstore_call(w->store, auth, op, args, &out)
                              : userstore_call_as_system(w->store, op, args, &out);
    cJSON *result = s == USERSTORE_OK ? cJSON_Parse(out) : NULL;
    if (!result && w->failures++ == 0) {
        snprintf(w->first_failure, sizeof w->first_failure, "%s %s: %s %s", op, args,
                 userstore_status_name((int)s), out);
    }
    userstore_string_free(out);
    return result;
}

/* The integer at `object.key`, or -1. */
static long long number_at(const cJSON *v, const char *object, const char *key) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(v, object);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(n) ? (long long)n->valuedouble : -1;
}

/* GET /api/v2/users/me as the thread's user; checks the status and the name. */
static void read_me(worker *w, const char *expected_name) {
    userstore_header auth = {"authorization", w->authorization};
    userstore_response *r = NULL;
    userstore_status s = userstore_request(w->store, NULL, "GET", "/api/v2/users/me", "cols[]=name",
                                           &auth, 1, NULL, 0, &r);
    const char *body = (const char *)userstore_response_body(r);
    int ok = s == USERSTORE_OK && userstore_response_status(r) == 200 &&
             contains(body, expected_name);
    if (!ok && w->failures++ == 0) {
        snprintf(w->first_failure, sizeof w->first_failure, "GET /users/me: %s %d %s",
                 userstore_status_name((int)s), userstore_response_status(r), body);
    }
    userstore_response_free(r);
}

/* The thread body: OPERATIONS operations in rounds of ROUND. */
static void *work(void *arg) {
    worker *w = arg;
    char args[512], name[128] = "";
    long long created = -1;
    for (int i = 0; i < OPERATIONS; i++) {
        int round = i / ROUND;
        cJSON *result = NULL;
        switch (i % ROUND) {
        case 0:
            snprintf(args, sizeof args,
                     "{\"name\":\"Worker %d-%d\",\"email\":\"w%d-%d@example.com\"}", w->index,
                     round, w->index, round);
            result = call(w, NULL, "createUser", args);
            created = number_at(result, "user", "id");
            break;
        case 1:
            snprintf(args, sizeof args,
                     "{\"organizationId\":%lld,\"userId\":%lld,\"usersRoleId\":13}",
                     w->organization_id, created);
            result = call(w, NULL, "setOrganizationRole", args);
            break;
        case 2:
            snprintf(name, sizeof name, "Thread %d round %d", w->index, round);
            snprintf(args, sizeof args, "{\"userId\":%lld,\"name\":\"%s\"}", w->user_id, name);
            result = call(w, w->authorization, "updateUser", args);
            break;
        case 3:
            read_me(w, name);
            break;
        default:
            snprintf(args, sizeof args,
                     "{\"organizationId\":%lld,\"pg\":{\"limit\":5},\"cols\":[\"id\",\"name\"]}",
                     w->organization_id);
            result = call(w, NULL, "listUsers", args);
            break;
        }
        cJSON_Delete(result);
    }
    return NULL;
}

/* Creates the organization and one logged-in user per worker, through `store`. */
static long long set_up(userstore_store *store, worker *workers) {
    worker setup = {store, -1, 0, "", 0, 0, ""};
    cJSON *org = call(&setup, NULL, "createOrganization", "{\"name\":\"Threads Inc\"}");
    long long org_id = number_at(org, "organization", "id");
    cJSON_Delete(org);
    for (int t = 0; t < THREADS; t++) {
        char args[512];
        snprintf(args, sizeof args,
                 "{\"name\":\"Thread %d\",\"email\":\"thread%d@example.com\",\"password\":\"%s\"}",
                 t, t, PASSWORD);
        cJSON *user = call(&setup, NULL, "createUser", args);
        workers[t].user_id = number_at(user, "user", "id");
        workers[t].organization_id = org_id;
        workers[t].index = t;
        cJSON_Delete(user);
        snprintf(args, sizeof args,
                 "{\"organizationId\":%lld,\"userId\":%lld,\"usersRoleId\":11}", org_id,
                 workers[t].user_id);
        cJSON_Delete(call(&setup, NULL, "setOrganizationRole", args));
        snprintf(args, sizeof args, "{\"email\":\"thread%d@example.com\",\"password\":\"%s\"}", t,
                 PASSWORD);
        cJSON *login = call(&setup, NULL, "login", args);
        const cJSON *session = cJSON_GetObjectItemCaseSensitive(login, "session");
        const cJSON *token = cJSON_GetObjectItemCaseSensitive(session, "token");
        snprintf(workers[t].authorization, sizeof workers[t].authorization, "Bearer %s",
                 cJSON_IsString(token) ? token->valuestring : "?");
        cJSON_Delete(login);
    }
    CHECK(setup.failures == 0);
    if (setup.failures) fprintf(stderr, "set-up: %s\n", setup.first_failure);
    return org_id;
}

/* Checks the final state through `store`: every user listed, every rename's last value. */
static void check_final_state(userstore_store *store, long long org_id, worker *workers) {
    worker reader = {store, -1, 0, "", 0, 0, ""};
    char args[256];
    snprintf(args, sizeof args,
             "{\"organizationId\":%lld,\"pg\":{\"limit\":10000},\"cols\":[\"id\",\"email\"]}",
             org_id);
    cJSON *list = call(&reader, NULL, "listUsers", args);
    const cJSON *users = cJSON_GetObjectItemCaseSensitive(list, "users");
    CHECK(cJSON_GetArraySize(users) == THREADS + THREADS * CREATED);
    cJSON_Delete(list);
    for (int t = 0; t < THREADS; t++) {
        snprintf(args, sizeof args, "{\"userId\":%lld}", workers[t].user_id);
        cJSON *user = call(&reader, NULL, "getUser", args);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(user, "user"), "name");
        char expected[128];
        snprintf(expected, sizeof expected, "Thread %d round %d", t, OPERATIONS / ROUND - 1);
        CHECK(cJSON_IsString(name) && strcmp(name->valuestring, expected) == 0);
        cJSON_Delete(user);
    }
    CHECK(reader.failures == 0);
    if (reader.failures) fprintf(stderr, "final state: %s\n", reader.first_failure);
}

/* Runs the workers, worker t on stores[t % store_count], and checks everything. */
static void run_phase(const char *label, userstore_store **stores, int store_count) {
    worker workers[THREADS];
    memset(workers, 0, sizeof workers);
    long long org_id = set_up(stores[0], workers);
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t].store = stores[t % store_count];
        CHECK(pthread_create(&threads[t], NULL, work, &workers[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(workers[t].failures == 0);
        if (workers[t].failures) {
            fprintf(stderr, "%s: thread %d: %d failures; first: %s\n", label, t,
                    workers[t].failures, workers[t].first_failure);
        }
    }
    for (int s = 0; s < store_count; s++) check_final_state(stores[s], org_id, workers);
    printf("%s: %d threads x %d operations on %d handle(s): done\n", label, THREADS, OPERATIONS,
           store_count);
}

/* Opens `count` handles of the file DIR/NAME, freshly created. */
static void open_file(const char *dir, const char *name, userstore_store **stores, int count) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char file[4200];
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        remove(file);
    }
    for (int i = 0; i < count; i++) {
        CHECK_STATUS(userstore_open(path, CONFIG, &stores[i]), USERSTORE_OK);
    }
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    userstore_store *stores[2] = {NULL, NULL};

    open_file(dir, "threads-one.db", stores, 1);
    if (stores[0]) run_phase("one handle", stores, 1);
    CHECK_STATUS(userstore_close(stores[0]), USERSTORE_OK);

    open_file(dir, "threads-two.db", stores, 2);
    if (stores[0] && stores[1]) run_phase("two handles of one file", stores, 2);
    CHECK_STATUS(userstore_close(stores[0]), USERSTORE_OK);
    CHECK_STATUS(userstore_close(stores[1]), USERSTORE_OK);
    return check_summary("threads");
}
