#!/usr/bin/env bash
# The README's curl examples: one call per route of Make's API v2 "Users" section, in the form
# of Make's documentation, against a local `userstore serve --demo` on a fresh database (the
# demo login is user 1, "Demo Org" is organization 1, "Engineering" is team 1).
#
#   USERSTORE_URL       the server's base URL            (default http://127.0.0.1:8080)
#   USERSTORE_EMAIL     the demo login                   (default demo@example.com)
#   USERSTORE_PASSWORD  its password                     (default Blue-Harbor-2026!)
#   USERSTORE_DB        the server's database file, to read the reset mail from the outbox
#                       (default userstore.db, as scripts/run.sh uses)
#   USERSTORE_BIN       the userstore binary             (default target/release/userstore)
#
# It changes the demo user's profile, password and email, and puts the password and email
# back, so the demo login still works afterwards. Each step prints a "# title" line and the
# response body. Needs bash, curl and sed.
set -euo pipefail
URL=${USERSTORE_URL:-http://127.0.0.1:8080}
EMAIL=${USERSTORE_EMAIL:-demo@example.com}
PASSWORD=${USERSTORE_PASSWORD:-Blue-Harbor-2026!}
DB=${USERSTORE_DB:-userstore.db}
USERSTORE=${USERSTORE_BIN:-target/release/userstore}
TEMP_PASSWORD='Green-Falcon-82#'
TEMP_EMAIL="renamed.$EMAIL"
WORK=$(mktemp -d)
JAR=$WORK/cookies
trap 'rm -rf "$WORK"' EXIT

# Every call: quiet but showing errors (-sS), failing the script on an HTTP error after
# printing its body (--fail-with-body), and ending the body with a newline. In URLs with
# brackets, -g tells curl that pg[limit] is Make's query syntax and not one of its URL globs.
curl() { command curl -sS --fail-with-body -w '\n' "$@"; }
step() { printf '# %s\n' "$1"; }

step "Log in (POST /api/v2/sessions, this server's extension; keeps the session cookie)"
curl -c "$JAR" -X POST "$URL/api/v2/sessions" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | tee "$WORK/login"
USER_ID=$(sed -n 's/.*"userId":\([0-9]*\).*/\1/p' "$WORK/login")

step "Create an API token (POST /api/v2/users/me/api-tokens, from the login session)"
curl -b "$JAR" -X POST "$URL/api/v2/users/me/api-tokens" \
  -H 'Content-Type: application/json' \
  -d '{"label":"curl examples","scope":["user:read","user:write","organization:read"]}' | tee "$WORK/token"
TOKEN=$(sed -n 's/.*"token":"\([0-9a-f-]*\)".*/\1/p' "$WORK/token")
TOKEN_ID=$(sed -n 's/.*"apiToken":{"id":\([0-9]*\).*/\1/p' "$WORK/token")

step "Current user (GET /api/v2/users/me)"
curl -g -X GET "$URL/api/v2/users/me?cols[]=id&cols[]=name&cols[]=email" \
  -H "Authorization: Token $TOKEN"

step "List the users of a team (GET /api/v2/users?teamId=1)"
curl -g -X GET "$URL/api/v2/users?teamId=1&cols[]=id&cols[]=name&cols[]=email&pg[sortBy]=name&pg[sortDir]=asc&pg[limit]=5" \
  -H "Authorization: Token $TOKEN"

step "List the members of an organization, brackets URL-encoded (GET /api/v2/users?organizationId=1&organizationRoleId=13)"
curl -X GET "$URL/api/v2/users?organizationId=1&organizationRoleId=13&cols%5B%5D=id&cols%5B%5D=name&pg%5Blimit%5D=3" \
  -H "Authorization: Token $TOKEN"

step "Team roles, with Make's query (GET /api/v2/users/roles?category=team&cols[]=id&cols[]=name&cols[]=permissions)"
curl -X GET "$URL/api/v2/users/roles?category=team&cols%5B%5D=id&cols%5B%5D=name&cols%5B%5D=permissions" \
  -H "Authorization: Token $TOKEN"

step "Update a user (PATCH /api/v2/users/{userId})"
curl -X PATCH "$URL/api/v2/users/$USER_ID" \
  -H "Authorization: Token $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"language":"cs","timezoneId":113,"localeId":104,"countryId":63}'

step "Change the email (PUT /api/v2/users/{userId}/attributes/email)"
curl -X PUT "$URL/api/v2/users/$USER_ID/attributes/email" \
  -H "Authorization: Token $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"currentEmailAddress\":\"$EMAIL\",\"newEmailAddress\":\"$TEMP_EMAIL\",\"currentPassword\":\"$PASSWORD\"}"

step "And back (PUT /api/v2/users/{userId}/attributes/email)"
curl -X PUT "$URL/api/v2/users/$USER_ID/attributes/email" \
  -H "Authorization: Token $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"currentEmailAddress\":\"$TEMP_EMAIL\",\"newEmailAddress\":\"$EMAIL\",\"currentPassword\":\"$PASSWORD\"}"

step "Change the password (PUT /api/v2/users/{userId}/attributes/password; revokes the API tokens)"
curl -X PUT "$URL/api/v2/users/$USER_ID/attributes/password" \
  -H "Authorization: Token $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"currentPassword\":\"$PASSWORD\",\"newPassword1\":\"$TEMP_PASSWORD\",\"newPassword2\":\"$TEMP_PASSWORD\"}"

step "The API token no longer works (GET /api/v2/users/me: 401)"
command curl -sS -w '\n' -X GET "$URL/api/v2/users/me" -H "Authorization: Token $TOKEN"

step "Lost password, 1: demand a reset (POST /api/v2/users/password-reset-demand)"
curl -X POST "$URL/api/v2/users/password-reset-demand" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\"}"

step "The reset link, from the mail in the outbox (userstore outbox list)"
MAIL=$("$USERSTORE" outbox list --db "$DB" | grep '"kind":"password_reset"' | tail -n 1 || true)
HASH=$(printf '%s' "$MAIL" | sed -n 's/.*hash=\([0-9a-f]\{32\}\).*/\1/p')
MAIL_ID=$(printf '%s' "$MAIL" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
if [ -z "$HASH" ]; then
  echo "no pending reset mail (at most 3 are sent per address and hour)" >&2
  exit 1
fi
printf '%s\n' "$MAIL" | grep -o 'http[^"\\ ]*hash=[0-9a-f]*'

step "Lost password, 2: open the reset session (GET /api/v2/users/password-reset?hash=…; keeps its cookie)"
curl -c "$JAR" -X GET "$URL/api/v2/users/password-reset?hash=$HASH"

step "Lost password, 3: set the new password (POST /api/v2/users/password-reset, with the cookie)"
curl -b "$JAR" -X POST "$URL/api/v2/users/password-reset" \
  -H 'Content-Type: application/json' \
  -d "{\"newPassword1\":\"$PASSWORD\",\"newPassword2\":\"$PASSWORD\"}"

step "The mail was delivered: acknowledge it, which erases its body (userstore outbox ack)"
"$USERSTORE" outbox ack --db "$DB" "$MAIL_ID"

step "Log in with the password again (POST /api/v2/sessions)"
curl -c "$JAR" -X POST "$URL/api/v2/sessions" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"

step "No API token is left (GET /api/v2/users/me/api-tokens, from the login session)"
curl -b "$JAR" -X GET "$URL/api/v2/users/me/api-tokens"
