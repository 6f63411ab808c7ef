/* The install test's program: built with nothing but `pkg-config --cflags --libs userstore`
 * against an installed prefix. Creates a user in a memory store and prints the reply. */
#include <stdio.h>
#include <userstore.h>

int main(void) {
  struct userstore_store *store = NULL;
  if (userstore_open_memory(NULL, &store) != USERSTORE_OK) {
    fprintf(stderr, "open: %s\n", userstore_last_error());
    return 1;
  }
  char *out = NULL;
  enum userstore_status s = userstore_call_as_system(
      store, "createUser", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}", &out);
  if (s != USERSTORE_OK) {
    fprintf(stderr, "createUser: %s\n", userstore_last_error());
    return 1;
  }
  printf("%s %s\n", userstore_version(), out);
  userstore_string_free(out);
  return userstore_close(store) == USERSTORE_OK ? 0 : 1;
}
