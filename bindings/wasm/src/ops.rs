//! One typed method per operation of `userstore::api`, each a one-line translation to
//! [`userstore::api::call`]: path parameters become keys of the arguments object, and
//! `authorization` (an `Authorization` header value) is passed through; absent, the call is
//! anonymous and what needs a caller answers `SC401`. Host-only operations take no
//! `authorization`: they are the host's by name, and run as its system actor.

use crate::UserStore;
use crate::convert::{keys, to_json, with_keys};
use userstore::api::Caller;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The caller of a method that acts for a user: its authorization, or anonymous.
fn caller(authorization: &Option<String>) -> Caller<'_> {
    Caller::from_authorization(authorization.as_deref())
}

/// No arguments.
const NONE: Result<Value, JsValue> = Ok(Value::Null);

#[wasm_bindgen]
impl UserStore {
    // ---- administration (host only) ----

    /// Creates an organization: `{name}` → `{organization}`.
    #[wasm_bindgen(js_name = createOrganization, unchecked_return_type = "OrganizationResult")]
    pub fn create_organization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewOrganization")] organization: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("createOrganization", to_json(&organization), Caller::System)
    }

    /// Creates a team: `{organizationId, name}` → `{team}`.
    #[wasm_bindgen(js_name = createTeam, unchecked_return_type = "TeamResult")]
    pub fn create_team(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewTeam")] team: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("createTeam", to_json(&team), Caller::System)
    }

    /// Creates a user (the password must pass the policy) → `{user}` with every field.
    #[wasm_bindgen(js_name = createUser, unchecked_return_type = "UserResult")]
    pub fn create_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewUser")] user: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("createUser", to_json(&user), Caller::System)
    }

    /// Creates many users in one transaction → `{ids}`, in order.
    #[wasm_bindgen(js_name = importUsers, unchecked_return_type = "ImportResult")]
    pub fn import_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewUser[]")] users: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("importUsers", keys(&[("users", &users)]), Caller::System)
    }

    /// Deletes a user and everything of theirs.
    #[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Ok")]
    pub fn delete_user(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("deleteUser", keys(&[("userId", &user_id)]), Caller::System)
    }

    /// Gives a user a role (11 to 15) in an organization, or changes it.
    #[wasm_bindgen(js_name = setOrganizationRole, unchecked_return_type = "Ok")]
    pub fn set_organization_role(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "number")] organization_id: JsValue,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(js_name = usersRoleId, unchecked_param_type = "number")] role_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ids = [
            ("organizationId", &organization_id),
            ("userId", &user_id),
            ("usersRoleId", &role_id),
        ];
        self.run("setOrganizationRole", keys(&ids), Caller::System)
    }

    /// Removes a user's organization role.
    #[wasm_bindgen(js_name = removeOrganizationRole, unchecked_return_type = "Ok")]
    pub fn remove_organization_role(
        &self,
        #[wasm_bindgen(js_name = organizationId, unchecked_param_type = "number")] organization_id: JsValue,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ids = [("organizationId", &organization_id), ("userId", &user_id)];
        self.run("removeOrganizationRole", keys(&ids), Caller::System)
    }

    /// Gives a user a role (1 to 5) in a team, or changes it; needs an organization role first.
    #[wasm_bindgen(js_name = setTeamRole, unchecked_return_type = "Ok")]
    pub fn set_team_role(
        &self,
        #[wasm_bindgen(js_name = teamId, unchecked_param_type = "number")] team_id: JsValue,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(js_name = usersRoleId, unchecked_param_type = "number")] role_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ids = [
            ("teamId", &team_id),
            ("userId", &user_id),
            ("usersRoleId", &role_id),
        ];
        self.run("setTeamRole", keys(&ids), Caller::System)
    }

    /// Removes a user's team role.
    #[wasm_bindgen(js_name = removeTeamRole, unchecked_return_type = "Ok")]
    pub fn remove_team_role(
        &self,
        #[wasm_bindgen(js_name = teamId, unchecked_param_type = "number")] team_id: JsValue,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ids = [("teamId", &team_id), ("userId", &user_id)];
        self.run("removeTeamRole", keys(&ids), Caller::System)
    }

    /// The outbox: unacknowledged mails (or all, with `{all: true}`) → `{mails}`.
    #[wasm_bindgen(unchecked_return_type = "OutboxResult")]
    pub fn outbox(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OutboxQuery | null")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("outbox", to_json(&query), Caller::System)
    }

    /// Marks a mail delivered; its body is erased.
    #[wasm_bindgen(js_name = acknowledgeMail, unchecked_return_type = "Ok")]
    pub fn acknowledge_mail(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("acknowledgeMail", keys(&[("id", &id)]), Caller::System)
    }

    /// The audit log, oldest first → `{events}`.
    #[wasm_bindgen(js_name = auditLog, unchecked_return_type = "AuditLogResult")]
    pub fn audit_log(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditLogQuery | null")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("auditLog", to_json(&query), Caller::System)
    }

    /// Moves the test clock (stores opened with `manualClockMs` only).
    #[wasm_bindgen(js_name = advanceClock, unchecked_return_type = "Ok")]
    pub fn advance_clock(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] seconds: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("advanceClock", keys(&[("seconds", &seconds)]), Caller::System)
    }

    /// Seeds the demo organization, teams and people if the store has no users yet →
    /// `{seeded, login}` (`login`: the demo account's `{email, password}`, if present).
    #[wasm_bindgen(js_name = seedDemo, unchecked_return_type = "SeedDemoResult")]
    pub fn seed_demo(&self) -> Result<JsValue, JsValue> {
        self.run("seedDemo", NONE, Caller::System)
    }

    // ---- users (Make API v2) ----

    /// `GET /users`: one page of a team's or an organization's users.
    #[wasm_bindgen(js_name = listUsers, unchecked_return_type = "ListUsersResult")]
    pub fn list_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListUsersQuery")] query: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run("listUsers", to_json(&query), caller(&authorization))
    }

    /// `GET /users/me`: the caller (all columns unless `cols` names some) → `{authUser}`.
    #[wasm_bindgen(unchecked_return_type = "MeResult")]
    pub fn me(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "MeQuery | null")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] authorization: Option<
            String,
        >,
    ) -> Result<JsValue, JsValue> {
        self.run("me", to_json(&query), caller(&authorization))
    }

    /// One user with every column → `{user}`, as `authorization`'s user (itself only). The
    /// host reads any user with `callAsSystem("getUser", {userId})`.
    #[wasm_bindgen(js_name = getUser, unchecked_return_type = "UserResult")]
    pub fn get_user(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run("getUser", keys(&[("userId", &user_id)]), caller(&authorization))
    }

    /// `PATCH /users/{userId}`: changes the given profile fields → `{user}`.
    #[wasm_bindgen(js_name = updateUser, unchecked_return_type = "UserResult")]
    pub fn update_user(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UserPatch")] patch: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run(
            "updateUser",
            with_keys(&patch, &[("userId", &user_id)]),
            caller(&authorization),
        )
    }

    /// `PUT /users/{userId}/attributes/email` → `{changed, emailSent}`.
    #[wasm_bindgen(js_name = changeEmail, unchecked_return_type = "ChangeEmailResult")]
    pub fn change_email(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ChangeEmail")] body: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run(
            "changeEmail",
            with_keys(&body, &[("userId", &user_id)]),
            caller(&authorization),
        )
    }

    /// Confirms a pending email change with the token mailed to the new address.
    #[wasm_bindgen(js_name = confirmEmailChange, unchecked_return_type = "ChangedResult")]
    pub fn confirm_email_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("confirmEmailChange", keys(&[("token", &token)]), Caller::Anonymous)
    }

    /// `PUT /users/{userId}/attributes/password` → `{changed}`.
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "ChangedResult")]
    pub fn change_password(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ChangePassword")] body: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run(
            "changePassword",
            with_keys(&body, &[("userId", &user_id)]),
            caller(&authorization),
        )
    }

    /// `POST /users/password-reset-demand`: `{email}` → `{ok: 1}`, known address or not.
    #[wasm_bindgen(js_name = demandPasswordReset, unchecked_return_type = "Ok")]
    pub fn demand_password_reset(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PasswordResetDemand")] body: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("demandPasswordReset", to_json(&body), Caller::Anonymous)
    }

    /// `GET /users/password-reset?hash=…`: spends the mailed hash and opens a reset session
    /// → `{ok: 1, resetSession}` (over HTTP the session is the `userstore_reset` cookie).
    #[wasm_bindgen(js_name = openResetSession, unchecked_return_type = "ResetSessionResult")]
    pub fn open_reset_session(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] hash: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("openResetSession", keys(&[("hash", &hash)]), Caller::Anonymous)
    }

    /// `POST /users/password-reset`: sets the new password inside the reset session.
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Ok")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(js_name = resetSession, unchecked_param_type = "string")]
        reset_session: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ResetPassword")] body: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run(
            "resetPassword",
            with_keys(&body, &[("resetSession", &reset_session)]),
            Caller::Anonymous,
        )
    }

    // ---- sessions and API tokens ----

    /// Logs in with `{email, password}` → `{session: {token, userId}}`; use the token as
    /// `Bearer …`.
    #[wasm_bindgen(unchecked_return_type = "LoginResult")]
    pub fn login(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LoginCredentials")] credentials: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("login", to_json(&credentials), Caller::Anonymous)
    }

    /// Ends the caller's login session.
    #[wasm_bindgen(unchecked_return_type = "Ok")]
    pub fn logout(&self, authorization: Option<String>) -> Result<JsValue, JsValue> {
        self.run("logout", NONE, caller(&authorization))
    }

    /// `GET /users/me/current-authorization` → `{authorization: {authUsed, scope}}`.
    #[wasm_bindgen(js_name = currentAuthorization, unchecked_return_type = "CurrentAuthorizationResult")]
    pub fn current_authorization(&self, authorization: Option<String>) -> Result<JsValue, JsValue> {
        self.run("currentAuthorization", NONE, caller(&authorization))
    }

    /// `POST /users/me/api-tokens`: `{label, scope}` → `{apiToken}`; the token value is
    /// shown only here.
    #[wasm_bindgen(js_name = createApiToken, unchecked_return_type = "ApiTokenResult")]
    pub fn create_api_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewApiToken")] token: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run("createApiToken", to_json(&token), caller(&authorization))
    }

    /// `GET /users/me/api-tokens` → `{apiTokens}` without their values.
    #[wasm_bindgen(js_name = listApiTokens, unchecked_return_type = "ApiTokensResult")]
    pub fn list_api_tokens(&self, authorization: Option<String>) -> Result<JsValue, JsValue> {
        self.run("listApiTokens", NONE, caller(&authorization))
    }

    /// `DELETE /users/me/api-tokens/{id}`.
    #[wasm_bindgen(js_name = deleteApiToken, unchecked_return_type = "Ok")]
    pub fn delete_api_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        authorization: Option<String>,
    ) -> Result<JsValue, JsValue> {
        self.run("deleteApiToken", keys(&[("id", &id)]), caller(&authorization))
    }

    // ---- reference data ----

    /// `GET /enums/{kind}` → `{timezones}`, `{countries}`, `{locales}` or `{languages}`.
    #[wasm_bindgen(unchecked_return_type = "EnumsResult")]
    pub fn enums(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EnumKind")] kind: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run("enums", keys(&[("kind", &kind)]), Caller::Anonymous)
    }

    /// `GET /users/roles` → `{usersRoles}`.
    #[wasm_bindgen(unchecked_return_type = "RolesResult")]
    pub fn roles(&self) -> Result<JsValue, JsValue> {
        self.run("roles", NONE, Caller::Anonymous)
    }
}
