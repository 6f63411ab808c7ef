/*
 * Runs the shared behaviour scenarios (every .json file in tests/scenarios) through the C ABI.
 *
 * The format is tests/scenarios/README.md; tests/scenarios.rs is the reference runner and
 * this one follows it step for step: `{{var}}` filling, "<any>", saves from the body or a
 * header (with after/until), `advance` through the `advanceClock` operation. Calls go through
 * userstore_call, requests through userstore_request.
 *
 * Usage: scenarios [DIR]   (default tests/scenarios). Exits non-zero if any scenario fails.
 */
#define _POSIX_C_SOURCE 200809L

#include <cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "userstore.h"

/* The test clock's start, 2026-01-01T00:00:00Z, as in the README. */
#define CLOCK_START_MS 1767225600000.0

/* ---- saved variables ------------------------------------------------------------------ */

/* One saved value: `{{name}}` in later steps. */
typedef struct {
    char *name;
    cJSON *value;
} var;

/* The variables of one scenario, in the order they were first saved. */
typedef struct {
    var *items;
    size_t count;
} vars;

static void vars_set(vars *vs, const char *name, cJSON *value) {
    for (size_t i = 0; i < vs->count; i++) {
        if (strcmp(vs->items[i].name, name) == 0) {
            cJSON_Delete(vs->items[i].value);
            vs->items[i].value = value;
            return;
        }
    }
    vs->items = realloc(vs->items, (vs->count + 1) * sizeof *vs->items);
    vs->items[vs->count].name = strdup(name);
    vs->items[vs->count].value = value;
    vs->count++;
}

static const cJSON *vars_get(const vars *vs, const char *name, size_t len) {
    for (size_t i = 0; i < vs->count; i++) {
        if (strlen(vs->items[i].name) == len && strncmp(vs->items[i].name, name, len) == 0) {
            return vs->items[i].value;
        }
    }
    return NULL;
}

static void vars_free(vars *vs) {
    for (size_t i = 0; i < vs->count; i++) {
        free(vs->items[i].name);
        cJSON_Delete(vs->items[i].value);
    }
    free(vs->items);
}

/* ---- small string helpers ------------------------------------------------------------- */

/* `s` with every `from` replaced by `to`; the caller frees the result. */
static char *replace_all(const char *s, const char *from, const char *to) {
    size_t from_len = strlen(from), to_len = strlen(to), count = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + from_len, from)) count++;
    char *out = malloc(strlen(s) + count * to_len + 1), *w = out;
    for (const char *p; (p = strstr(s, from)) != NULL; s = p + from_len) {
        memcpy(w, s, (size_t)(p - s));
        w += p - s;
        memcpy(w, to, to_len);
        w += to_len;
    }
    strcpy(w, s);
    return out;
}

/* A value as text: a string's contents, anything else as compact JSON. Caller frees. */
static char *as_text(const cJSON *v) {
    return cJSON_IsString(v) ? strdup(v->valuestring) : cJSON_PrintUnformatted(v);
}

/* ---- the three helpers of the reference runner ---------------------------------------- */

/* A copy of `v` with `{{name}}` replaced in every string (reference: `fill`). */
static cJSON *fill(const cJSON *v, const vars *vs) {
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        size_t len = strlen(s);
        if (len >= 4 && strncmp(s, "{{", 2) == 0 && strcmp(s + len - 2, "}}") == 0) {
            const cJSON *saved = vars_get(vs, s + 2, len - 4);
            if (saved) return cJSON_Duplicate(saved, true);
        }
        char *out = strdup(s);
        for (size_t i = 0; i < vs->count; i++) {
            size_t name_len = strlen(vs->items[i].name);
            char *pattern = malloc(name_len + 5);
            sprintf(pattern, "{{%s}}", vs->items[i].name);
            char *text = as_text(vs->items[i].value);
            char *next = replace_all(out, pattern, text);
            free(pattern);
            free(text);
            free(out);
            out = next;
        }
        cJSON *filled = cJSON_CreateString(out);
        free(out);
        return filled;
    }
    if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        cJSON *copy = cJSON_IsArray(v) ? cJSON_CreateArray() : cJSON_CreateObject();
        for (const cJSON *item = v->child; item; item = item->next) {
            cJSON *filled = fill(item, vs);
            if (cJSON_IsArray(v)) {
                cJSON_AddItemToArray(copy, filled);
            } else {
                cJSON_AddItemToObject(copy, item->string, filled);
            }
        }
        return copy;
    }
    return cJSON_Duplicate(v, true);
}

/* `actual` equals `expected`, where the string "<any>" matches anything (ref: `matches`). */
static bool matches(const cJSON *expected, const cJSON *actual) {
    if (cJSON_IsString(expected) && strcmp(expected->valuestring, "<any>") == 0) return true;
    if (cJSON_IsArray(expected) && cJSON_IsArray(actual)) {
        if (cJSON_GetArraySize(expected) != cJSON_GetArraySize(actual)) return false;
        for (const cJSON *e = expected->child, *a = actual->child; e; e = e->next, a = a->next) {
            if (!matches(e, a)) return false;
        }
        return true;
    }
    if (cJSON_IsObject(expected) && cJSON_IsObject(actual)) {
        if (cJSON_GetArraySize(expected) != cJSON_GetArraySize(actual)) return false;
        for (const cJSON *e = expected->child; e; e = e->next) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(actual, e->string);
            if (!a || !matches(e, a)) return false;
        }
        return true;
    }
    return cJSON_Compare(expected, actual, true);
}

/* The element of array `a` at `part`, a decimal index; negative counts from the end. */
static const cJSON *array_item(const cJSON *a, const char *part) {
    char *end;
    long long i = strtoll(part, &end, 10);
    bool digits = (part[0] >= '0' && part[0] <= '9') || part[0] == '-' || part[0] == '+';
    if (!digits || *end != '\0') return NULL;
    long long len = cJSON_GetArraySize(a), at = i < 0 ? len + i : i;
    return at >= 0 && at < len ? cJSON_GetArrayItem(a, (int)at) : NULL;
}

/* The value at a dotted path ("mails.-1.body"); NULL if there is none (ref: `at_path`). */
static const cJSON *at_path(const cJSON *v, const char *path) {
    char *copy = strdup(path), *save = NULL;
    /* strtok_r skips empty parts, as the reference does. */
    for (char *part = strtok_r(copy, ".", &save); part && v; part = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(v)) v = array_item(v, part);
        else if (cJSON_IsObject(v)) v = cJSON_GetObjectItemCaseSensitive(v, part);
        else v = NULL;
    }
    free(copy);
    return v;
}

/* ---- one step's outcome --------------------------------------------------------------- */

/* What a call or a request gave: the HTTP status, the response headers, the JSON body. */
typedef struct {
    int status;
    userstore_response *response; /* NULL for a call: no headers */
    cJSON *body;                  /* JSON null when the body is not JSON */
} outcome;

/* The first response header named exactly `name`, or NULL. */
static const char *header_of(const outcome *o, const char *name) {
    size_t n = userstore_response_header_count(o->response);
    for (size_t i = 0; i < n; i++) {
        const char *k, *v;
        if (userstore_response_header(o->response, i, &k, &v) == USERSTORE_OK &&
            strcmp(k, name) == 0) {
            return v;
        }
    }
    return NULL;
}

static void outcome_free(outcome *o) {
    userstore_response_free(o->response);
    cJSON_Delete(o->body);
}

/* Parses `text` as JSON (whole text), or gives JSON null (ref: `json_body`). */
static cJSON *parse_or_null(const char *text) {
    cJSON *v = text ? cJSON_ParseWithOpts(text, NULL, true) : NULL;
    return v ? v : cJSON_CreateNull();
}

/* ---- failures ------------------------------------------------------------------------- */

/* Where the running step is and, once it failed, why. */
typedef struct {
    char at[512];
    char why[4096];
    bool failed;
} ctx;

static bool fail(ctx *c, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    c->failed = true;
    return false;
}

/* Fails with a message that shows two JSON values. */
static bool fail_json(ctx *c, const char *what, const cJSON *expected, const cJSON *actual) {
    char *e = cJSON_PrintUnformatted(expected), *a = cJSON_PrintUnformatted(actual);
    fail(c, "%s\n expected %s\n   actual %s", what, e, a);
    free(e);
    free(a);
    return false;
}

/* ---- running steps -------------------------------------------------------------------- */

/* Runs `{"call": op, "args"?, "auth"?}` through userstore_call. */
static bool run_call(userstore_store *store, const cJSON *step, outcome *o, ctx *c) {
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(step, "call");
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(step, "auth");
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(step, "args");
    if (!cJSON_IsString(op)) return fail(c, "'call' must be a string");
    char *args_json = args ? cJSON_PrintUnformatted(args) : NULL;
    char *out = NULL;
    /* A step without "auth" is the host's own call, made as the system actor by name. */
    userstore_status s =
        cJSON_IsString(auth)
            ? userstore_call(store, auth->valuestring, op->valuestring, args_json, &out)
            : userstore_call_as_system(store, op->valuestring, args_json, &out);
    free(args_json);
    o->status = userstore_status_http((int)s);
    o->body = parse_or_null(out);
    userstore_string_free(out);
    if (s == USERSTORE_INVALID_ARGUMENT || s == USERSTORE_INVALID_HANDLE || s == USERSTORE_PANIC) {
        return fail(c, "userstore_call refused the call: %s", userstore_status_name((int)s));
    }
    return true;
}

/* Runs `{"request": {...}}` through userstore_request. */
static bool run_request(userstore_store *store, const cJSON *step, outcome *o, ctx *c) {
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(step, "request");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(r, "method");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(r, "path");
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(r, "query");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(r, "headers");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(r, "body");
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(r, "rawBody");
    if (!cJSON_IsString(method) || !cJSON_IsString(path)) {
        return fail(c, "a request needs 'method' and 'path' strings");
    }
    int n = cJSON_IsObject(headers) ? cJSON_GetArraySize(headers) : 0;
    userstore_header *list = calloc((size_t)n + 1, sizeof *list);
    bool has_content_type = false;
    int count = 0;
    for (const cJSON *h = n ? headers->child : NULL; h; h = h->next) {
        if (!cJSON_IsString(h)) continue;
        list[count].name = h->string;
        list[count++].value = h->valuestring;
        /* Header names compare case-insensitively. */
        if (strcasecmp(h->string, "content-type") == 0) has_content_type = true;
    }
    char *bytes = NULL;
    if (body) {
        bytes = cJSON_PrintUnformatted(body);
        if (!has_content_type) {
            list[count].name = "content-type";
            list[count++].value = "application/json";
        }
    } else if (cJSON_IsString(raw)) {
        bytes = strdup(raw->valuestring);
    }
    userstore_status s = userstore_request(
        store, NULL, method->valuestring, path->valuestring,
        cJSON_IsString(query) ? query->valuestring : "", list, (size_t)count,
        (const uint8_t *)bytes, bytes ? strlen(bytes) : 0, &o->response);
    free(bytes);
    free(list);
    if (s != USERSTORE_OK) {
        return fail(c, "userstore_request failed: %s %s", userstore_status_name((int)s),
                    userstore_last_error());
    }
    o->status = userstore_response_status(o->response);
    o->body = parse_or_null((const char *)userstore_response_body(o->response));
    return true;
}

/* Checks `"expect": {"status"?, "body"?, "headers"?}`. */
static bool check_expect(const cJSON *expect, const outcome *o, ctx *c) {
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(expect, "status");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(expect, "body");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(expect, "headers");
    if (status && (int)status->valuedouble != o->status) {
        char *b = cJSON_PrintUnformatted(o->body);
        fail(c, "status: expected %d, got %d; body %s", (int)status->valuedouble, o->status, b);
        free(b);
        return false;
    }
    if (body && !matches(body, o->body)) return fail_json(c, "body", body, o->body);
    for (const cJSON *h = cJSON_IsObject(headers) ? headers->child : NULL; h; h = h->next) {
        const char *actual = header_of(o, h->string);
        cJSON *a = actual ? cJSON_CreateString(actual) : NULL;
        bool ok = cJSON_IsNull(h) ? a == NULL : (a != NULL && matches(h, a));
        cJSON_Delete(a);
        if (!ok) {
            return fail(c, "header %s: expected %s, got %s", h->string,
                        cJSON_IsString(h) ? h->valuestring : "(absent)",
                        actual ? actual : "(absent)");
        }
    }
    return true;
}

/* The value a save source names (reference: `extract`); NULL after a failure. */
static cJSON *extract(const cJSON *source, const outcome *o, ctx *c) {
    if (cJSON_IsString(source)) {
        const cJSON *v = at_path(o->body, source->valuestring);
        if (!v) fail(c, "nothing at %s", source->valuestring);
        return v ? cJSON_Duplicate(v, true) : NULL;
    }
    const cJSON *header = cJSON_GetObjectItemCaseSensitive(source, "header");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(source, "path");
    const cJSON *after = cJSON_GetObjectItemCaseSensitive(source, "after");
    const cJSON *until = cJSON_GetObjectItemCaseSensitive(source, "until");
    char *text;
    if (cJSON_IsString(header)) {
        const char *v = header_of(o, header->valuestring);
        if (!v) return fail(c, "no header %s", header->valuestring), NULL;
        text = strdup(v);
    } else if (cJSON_IsString(path)) {
        const cJSON *v = at_path(o->body, path->valuestring);
        if (!v) return fail(c, "nothing at %s", path->valuestring), NULL;
        text = as_text(v);
    } else {
        return fail(c, "bad save source"), NULL;
    }
    char *start = text;
    if (cJSON_IsString(after)) {
        char *found = strstr(text, after->valuestring);
        if (!found) {
            fail(c, "'%s' not in %s", after->valuestring, text);
            free(text);
            return NULL;
        }
        start = found + strlen(after->valuestring);
    }
    if (cJSON_IsString(until)) {
        char *end = strstr(start, until->valuestring);
        if (end) *end = '\0';
    }
    cJSON *saved = cJSON_CreateString(start);
    free(text);
    return saved;
}

/* Moves the test clock: `{"advance": seconds}` through the advanceClock operation. */
static bool run_advance(userstore_store *store, const cJSON *seconds, ctx *c) {
    cJSON *args = cJSON_CreateObject();
    cJSON_AddNumberToObject(args, "seconds", seconds->valuedouble);
    char *json = cJSON_PrintUnformatted(args), *out = NULL;
    userstore_status s = userstore_call_as_system(store, "advanceClock", json, &out);
    if (s != USERSTORE_OK) fail(c, "advanceClock failed: %s", out);
    cJSON_Delete(args);
    free(json);
    userstore_string_free(out);
    return s == USERSTORE_OK;
}

/* Runs one (already filled) step. */
static bool run_step(userstore_store *store, const cJSON *step, vars *vs, ctx *c) {
    const cJSON *advance = cJSON_GetObjectItemCaseSensitive(step, "advance");
    if (advance) return run_advance(store, advance, c);
    outcome o = {0, NULL, NULL};
    bool ok = cJSON_GetObjectItemCaseSensitive(step, "call") ? run_call(store, step, &o, c)
                                                            : run_request(store, step, &o, c);
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(step, "expect");
    if (ok && expect) ok = check_expect(expect, &o, c);
    const cJSON *save = cJSON_GetObjectItemCaseSensitive(step, "save");
    for (const cJSON *s = ok && cJSON_IsObject(save) ? save->child : NULL; s; s = s->next) {
        cJSON *value = extract(s, &o, c);
        if (!value) {
            ok = false;
            break;
        }
        vars_set(vs, s->string, value);
    }
    outcome_free(&o);
    return ok;
}

/* ---- scenarios ------------------------------------------------------------------------ */

/* The whole file at `path`, NUL-terminated; NULL if it cannot be read. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)len + 1);
    size_t got = fread(text, 1, (size_t)len, f);
    text[got] = '\0';
    fclose(f);
    return text;
}

/* The store config of a scenario: its "config" plus the test hashing and clock. Caller frees. */
static char *store_config(const cJSON *scenario) {
    const cJSON *given = cJSON_GetObjectItemCaseSensitive(scenario, "config");
    cJSON *config = cJSON_IsObject(given) ? cJSON_Duplicate(given, true) : cJSON_CreateObject();
    cJSON_DeleteItemFromObjectCaseSensitive(config, "insecureFastHashingForTestsOnly");
    cJSON_DeleteItemFromObjectCaseSensitive(config, "manualClockMs");
    cJSON_AddTrueToObject(config, "insecureFastHashingForTestsOnly");
    cJSON_AddNumberToObject(config, "manualClockMs", CLOCK_START_MS);
    char *text = cJSON_PrintUnformatted(config);
    cJSON_Delete(config);
    return text;
}

/* Runs one scenario file; prints and returns whether it passed. */
static bool run_scenario(const char *dir, const char *file) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = read_file(path);
    cJSON *scenario = text ? cJSON_Parse(text) : NULL;
    free(text);
    ctx c = {{0}, {0}, false};
    snprintf(c.at, sizeof c.at, "%s", file);
    userstore_store *store = NULL;
    if (!scenario) {
        fail(&c, "cannot read or parse %s", path);
    } else {
        char *config = store_config(scenario);
        if (userstore_open_memory(config, &store) != USERSTORE_OK) {
            fail(&c, "open failed: %s", userstore_last_error());
        }
        free(config);
    }
    vars vs = {NULL, 0};
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(scenario, "steps");
    int i = 0;
    for (const cJSON *step = steps ? steps->child : NULL; step && !c.failed; step = step->next) {
        snprintf(c.at, sizeof c.at, "%s step %d", file, ++i);
        cJSON *filled = fill(step, &vs);
        run_step(store, filled, &vs, &c);
        cJSON_Delete(filled);
    }
    vars_free(&vs);
    userstore_close(store);
    cJSON_Delete(scenario);
    if (c.failed) {
        printf("FAIL %s: %s\n", c.at, c.why);
    } else {
        printf("ok   %s (%d steps)\n", file, i);
    }
    return !c.failed;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/scenarios";
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "scenarios: cannot open %s\n", dir);
        return 2;
    }
    char **files = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            files = realloc(files, (count + 1) * sizeof *files);
            files[count++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(files, count, sizeof *files, compare_names);
    int passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (run_scenario(dir, files[i])) passed++;
        else failed++;
        free(files[i]);
    }
    free(files);
    printf("scenarios: %d scenarios passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
