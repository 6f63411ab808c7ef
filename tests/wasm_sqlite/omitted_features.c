/*
 * The SQLite of the WebAssembly build (scripts/sqlite-amalgamation.sh with the options of
 * bindings/wasm/sqlite/options.txt), compiled natively by scripts/test-js.sh: what the store's
 * SQL uses works, and each left-out feature fails its statement with its own message.
 * Prints one line per failed check and "sqlite omitted features: N passed, M failed".
 */
#include <stdio.h>
#include <string.h>

#include "sqlite3.h"

static int passed, failed;

/* Runs `sql`; the first column of the last row (or "" without rows) is compared with `want`,
 * or, when the statement fails, its error message. */
static void expect(sqlite3 *db, const char *sql, const char *want) {
  char got[256] = "";
  sqlite3_stmt *stmt = NULL;
  const char *tail = sql;
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK && tail && *tail) {
    rc = sqlite3_prepare_v2(db, tail, -1, &stmt, &tail);
    if (rc != SQLITE_OK || !stmt) break;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char *text = sqlite3_column_text(stmt, 0);
      snprintf(got, sizeof got, "%s", text ? (const char *)text : "NULL");
    }
    rc = sqlite3_finalize(stmt) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
  }
  if (rc != SQLITE_OK) snprintf(got, sizeof got, "%s", sqlite3_errmsg(db));
  if (strcmp(got, want) == 0) {
    passed++;
  } else {
    failed++;
    printf("FAILED: %s\n  want: %s\n  got:  %s\n", sql, want, got);
  }
}

int main(void) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 1;

  /* What the store relies on. */
  expect(db, "PRAGMA foreign_keys = ON; PRAGMA foreign_keys", "1");
  expect(db, "PRAGMA secure_delete = ON; PRAGMA secure_delete", "1");
  expect(db,
         "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL "
         "CHECK (name <> '')) STRICT;"
         "CREATE TABLE tokens (user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
         " kind TEXT NOT NULL, n INTEGER NOT NULL, UNIQUE (user_id, kind)) STRICT;"
         "INSERT INTO users (name) VALUES ('Jane'), ('Joe');"
         "INSERT INTO tokens VALUES (1, 'a', 1), (2, 'a', 1);"
         "INSERT INTO tokens VALUES (1, 'a', 5) ON CONFLICT (user_id, kind) DO UPDATE SET n = excluded.n;"
         "SELECT n FROM tokens WHERE user_id = 1",
         "5");
  expect(db, "DELETE FROM users WHERE id = 2 RETURNING name", "Joe");
  expect(db, "SELECT count(*) FROM tokens", "1");
  expect(db, "SELECT count(*) FROM users WHERE EXISTS (SELECT 1 FROM tokens WHERE user_id = users.id)"
             " AND id IN (SELECT user_id FROM tokens)", "1");
  expect(db, "INSERT INTO users (name) VALUES ('')", "CHECK constraint failed: name <> ''");
  expect(db, "INSERT INTO tokens VALUES (9, 'a', 1)", "FOREIGN KEY constraint failed");
  expect(db,
         "CREATE TABLE old AS SELECT rowid AS id, name FROM users; DROP TABLE old;"
         "SELECT count(*) FROM sqlite_schema WHERE name = 'old'",
         "0");

  /* What is left out, each with its own message; nothing changes. */
  expect(db, "VACUUM", "VACUUM: not available in this build of SQLite");
  expect(db, "REINDEX", "REINDEX: not available in this build of SQLite");
  expect(db, "ANALYZE", "ANALYZE: not available in this build of SQLite");
  expect(db, "CREATE VIEW v AS SELECT 1", "CREATE VIEW: not available in this build of SQLite");
  expect(db, "SELECT row_number() OVER (ORDER BY id) FROM users",
         "window functions: not available in this build of SQLite");
  expect(db, "SELECT 1 FROM users WINDOW w AS (ORDER BY id)",
         "window functions: not available in this build of SQLite");
  expect(db, "WITH x AS (SELECT 1) SELECT * FROM x", "WITH: not available in this build of SQLite");
  expect(db, "ALTER TABLE users ADD COLUMN email TEXT",
         "ALTER TABLE: not available in this build of SQLite");
  expect(db, "ALTER TABLE users RENAME TO people",
         "ALTER TABLE: not available in this build of SQLite");
  expect(db, "ALTER TABLE users DROP COLUMN name",
         "ALTER TABLE: not available in this build of SQLite");
  expect(db, "CREATE VIRTUAL TABLE t USING fts5(x)",
         "CREATE VIRTUAL TABLE: not available in this build of SQLite");
  expect(db, "PRAGMA integrity_check", "");
  expect(db, "SELECT group_concat(name) FROM sqlite_schema", "users,sqlite_sequence,tokens,"
             "sqlite_autoindex_tokens_1");

  /* Snapshots: the image of one connection opens in another (sqlite3_deserialize attaches it). */
  sqlite3_int64 size = 0;
  unsigned char *image = sqlite3_serialize(db, "main", &size, 0);
  sqlite3 *copy;
  if (image && sqlite3_open(":memory:", &copy) == SQLITE_OK) {
    int rc = sqlite3_deserialize(copy, "main", image, size, size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc == SQLITE_OK) {
      expect(copy, "SELECT group_concat(name) FROM users", "Jane");
    } else {
      failed++;
      printf("FAILED: sqlite3_deserialize: %s\n", sqlite3_errmsg(copy));
    }
    sqlite3_close(copy);
  } else {
    failed++;
    printf("FAILED: sqlite3_serialize\n");
  }

  sqlite3_close(db);
  printf("sqlite omitted features: %d passed, %d failed\n", passed, failed);
  return failed != 0;
}
