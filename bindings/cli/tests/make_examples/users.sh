# Every curl example of the Users section of Make's API documentation, verbatim (S2 of
# ../../../../shared/make-api.md: https://www.make.com/en/api-documentation, anchors below).
# tests/make_examples.rs runs them one by one against `userstore serve`, with only the host,
# the API token and the reset hash put in; `#>` lines are the exact answers.

# List users (#users-get)
curl -X GET \
  'https://eu1.make.com/api/v2/users?teamId=1' \
  -H 'Authorization: Token abcdefab-1234-5678-abcd-112233445566'
#> {"users":[{"id":1,"name":"Administrator","email":"admin@make.cloud","language":"en","timezoneId":150,"localeId":248,"countryId":239,"features":{},"avatar":"https://secure.gravatar.com/avatar/a8e4d5242527c42a98699927ec92a01a.jpg?d=mm"}],"pg":{"sortBy":"id","sortDir":"desc","offset":0,"limit":10}}

# Update user password (#users-userId-attributes-password-put)
curl -X PUT \
  https://eu1.make.com/api/v2/users/1/attributes/password \
  -H 'Authorization: Token abcdefab-1234-5678-abcd-112233445566' \
  -d '{"currentPassword":"123456Ab.","newPassword1":"123456Ab-","newPassword2":"123456Ab-"}'
#> {"changed":true}

# Send password reset demand (#users-password-reset-demand-post)
curl -X POST \
  https://eu1.make.com/api/v2/users/password-reset-demand \
  -d '{"email":"ee@eee.com"}'
#> {"ok":1}

# Prepare session for password reset (#users-password-reset-get)
curl -X GET 'https://eu1.make.com/api/v2/users/password-reset?hash=fab680b60044adb766128e713e44e15b'
#> {"ok":1}

# Reset lost password (#users-password-reset-post)
curl -X POST https://eu1.make.com/api/v2/users/password-reset -d '{"newPassword1":"Aa123456.","newPassword2":"Aa123456."}'
#> {"ok":1}
