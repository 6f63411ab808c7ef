//! Every operation, declared once: name, who may run it, Make route, where its arguments come
//! from, and the typed [`Store`] method it runs with the wire body it answers. Adding an
//! operation is one entry here plus its method.

use crate::model::{Actor, Credential, OrganizationId, SCOPES, TeamId, UserId};
use crate::ops::outbox::OutboxQuery;
use crate::ops::roles::organization::OrganizationRoleRequest;
use crate::ops::roles::{self, RolesQuery};
use crate::ops::tokens::TokenRef;
use crate::security::secret::Secret;
use crate::wire::args::Args;
use crate::wire::error::{Error, Result};
use crate::wire::http::RESET_COOKIE;
use crate::wire::operations::{Cookie, Operation, Source};
use crate::wire::reply::{Done, Named, Reply, expose};
use crate::{
    ChangeEmail, ChangePassword, DeleteAccount, ListUsers, NewApiToken, NewUser, ResetPassword,
    UserPatch,
};
use crate::{demand_from_json, enums};
use serde::Serialize;

/// Every operation, in the order the bindings list them.
pub const OPERATIONS: &[Operation] = &[
    // ---- administration: the host's, never over HTTP ----
    Operation::host("createOrganization", |s, a| {
        let name = name_only(a)?;
        Ok(Reply::new(Named(
            "organization",
            s.create_organization(&name)?,
        )))
    }),
    Operation::host("createTeam", |s, mut a| {
        let organization_id = a.id("organizationId")?;
        let name = name_only(a)?;
        Ok(Reply::new(Named(
            "team",
            s.create_team(OrganizationId(organization_id), &name)?,
        )))
    }),
    Operation::host("createUser", |s, a| {
        Ok(Reply::new(s.create_user(NewUser::from_json(a.rest())?)?))
    }),
    Operation::host("importUsers", |s, mut a| {
        let Some(serde_json::Value::Array(items)) = a.take("users") else {
            return Err(Error::validation(vec![
                "'users' must be an array of users.".into(),
            ]));
        };
        let users = items
            .into_iter()
            .map(NewUser::from_json)
            .collect::<Result<Vec<_>>>()?;
        a.finish()?;
        Ok(Reply::new(Named("ids", s.import_users(users)?)))
    }),
    Operation::host("deleteUser", |s, a| {
        let [user] = a.ids(["userId"])?;
        s.delete_user(UserId(user))?;
        Ok(Reply::new(Done))
    }),
    Operation::host("setOrganizationRole", |s, a| {
        let [scope, user, role] = a.ids(["organizationId", "userId", "usersRoleId"])?;
        s.set_organization_role(OrganizationId(scope), UserId(user), role)?;
        Ok(Reply::new(Done))
    }),
    Operation::host("removeOrganizationRole", |s, a| {
        let [scope, user] = a.ids(["organizationId", "userId"])?;
        s.remove_organization_role(OrganizationId(scope), UserId(user))?;
        Ok(Reply::new(Done))
    }),
    Operation::host("setTeamRole", |s, a| {
        let [scope, user, role] = a.ids(["teamId", "userId", "usersRoleId"])?;
        s.set_team_role(TeamId(scope), UserId(user), role)?;
        Ok(Reply::new(Done))
    }),
    Operation::host("removeTeamRole", |s, a| {
        let [scope, user] = a.ids(["teamId", "userId"])?;
        s.remove_team_role(TeamId(scope), UserId(user))?;
        Ok(Reply::new(Done))
    }),
    // ---- users ----
    Operation::caller("listUsers", |s, actor, a| {
        Ok(Reply::new(
            s.list_users(actor, &ListUsers::from_json(&a.rest())?)?,
        ))
    })
    .at("GET", "/users", Source::Query)
    .scope("user:read"),
    Operation::caller("me", |s, actor, a| {
        let mut b = a.body()?;
        let cols = b.strings("cols", false).unwrap_or_default();
        b.finish()?;
        Ok(Reply::new(s.me(actor, &cols)?))
    })
    .at("GET", "/users/me", Source::Query)
    .scope("organization:read"),
    Operation::caller("getUser", |s, actor, a| {
        let [id] = a.ids(["userId"])?;
        Ok(Reply::new(s.user(actor, UserId(id))?))
    })
    .scope("user:read"),
    Operation::caller("updateUser", |s, actor, mut a| {
        let id = UserId(a.id("userId")?);
        let patch = UserPatch::from_json(a.rest())?;
        Ok(Reply::new(s.update_user(actor, id, &patch)?))
    })
    .at("PATCH", "/users/{userId}", Source::Body)
    .scope("user:write"),
    Operation::caller("changeEmail", |s, actor, mut a| {
        let id = UserId(a.id("userId")?);
        let change = ChangeEmail::from_json(a.rest())?;
        Ok(Reply::new(s.change_email(actor, id, &change)?))
    })
    .at("PUT", "/users/{userId}/attributes/email", Source::Body)
    .scope("user:write")
    .throttled(),
    Operation::anyone("confirmEmailChange", |s, a| {
        let mut b = a.body()?;
        let token = b.secret("token").unwrap_or_default();
        b.finish()?;
        Ok(Reply::new(s.confirm_email_change(token.expose())?))
    })
    .at("POST", "/users/email-confirmation", Source::Body),
    Operation::caller("changePassword", |s, actor, mut a| {
        let id = UserId(a.id("userId")?);
        let change = ChangePassword::from_json(a.rest())?;
        Ok(Reply::new(s.change_password(actor, id, &change)?))
    })
    .at("PUT", "/users/{userId}/attributes/password", Source::Body)
    .scope("user:write")
    .throttled(),
    Operation::caller("deleteAccount", |s, actor, a| {
        Ok(Reply::new(s.delete_account(actor, &DeleteAccount::from_json(a.rest())?)?))
    })
    .at("DELETE", "/users", Source::Body)
    .scope("user:write")
    .throttled(),
    // ---- roles of users in teams and organizations ----
    Operation::caller("userTeamRoles", |s, actor, a| {
        let [user] = a.ids(["userId"])?;
        Ok(Reply::new(s.user_team_roles(actor, UserId(user))?))
    })
    .at("GET", "/users/{userId}/user-team-roles", Source::None)
    .scope("user:read"),
    Operation::caller("userTeamRole", |s, actor, a| {
        let [user, team] = a.ids(["userId", "teamId"])?;
        Ok(Reply::new(s.user_team_role(actor, UserId(user), TeamId(team))?))
    })
    .at("GET", "/users/{userId}/user-team-roles/{teamId}", Source::None)
    .scope("user:read"),
    Operation::caller("setUserTeamRole", |s, actor, a| {
        let [user, team, role] = a.ids(["userId", "teamId", "usersRoleId"])?;
        Ok(Reply::new(s.set_user_team_role(actor, UserId(user), TeamId(team), role)?))
    })
    .at("POST", "/users/{userId}/user-team-roles/{teamId}", Source::Body)
    .scope("user:write"),
    Operation::caller("userOrganizationRoles", |s, actor, a| {
        let [user] = a.ids(["userId"])?;
        Ok(Reply::new(s.user_organization_roles(actor, UserId(user))?))
    })
    .at("GET", "/users/{userId}/user-organization-roles", Source::None)
    .scope("user:read"),
    Operation::caller("userOrganizationRole", |s, actor, mut a| {
        let (user, org) = (UserId(a.id("userId")?), OrganizationId(a.id("organizationId")?));
        let req = OrganizationRoleRequest::from_json(a.rest())?;
        if req.changes() {
            return Err(Error::validation(vec!["Unknown field 'usersRoleId'.".into()]));
        }
        Ok(Reply::new(s.user_organization_role(actor, user, org, &req)?))
    })
    .at(
        "GET",
        "/users/{userId}/user-organization-roles/{organizationId}",
        Source::Query,
    )
    .scope("user:read"),
    Operation::caller("updateUserOrganizationRole", |s, actor, mut a| {
        let (user, org) = (UserId(a.id("userId")?), OrganizationId(a.id("organizationId")?));
        let req = OrganizationRoleRequest::from_json(a.rest())?;
        Ok(Reply::new(s.update_user_organization_role(actor, user, org, &req)?))
    })
    .at(
        "POST",
        "/users/{userId}/user-organization-roles/{organizationId}",
        Source::QueryAndBody,
    )
    .scope("user:write"),
    Operation::caller("transferOrganizationOwnership", |s, actor, a| {
        let [user, org] = a.ids(["userId", "organizationId"])?;
        Ok(Reply::new(s.transfer_ownership(actor, UserId(user), OrganizationId(org))?))
    })
    .at(
        "POST",
        "/users/{userId}/user-organization-roles/{organizationId}/transfer",
        Source::None,
    )
    .scope("user:write"),
    Operation::caller("organizationUserRoles", |s, actor, mut a| {
        let org = OrganizationId(a.id("organizationId")?);
        Ok(Reply::new(s.organization_members(actor, org, a.rest())?))
    })
    .at(
        "GET",
        "/organizations/{organizationId}/user-organization-roles",
        Source::Query,
    )
    .scope("user:read"),
    // ---- the lost-password reset ----
    Operation::anyone("demandPasswordReset", |s, a| {
        Ok(Reply::new(
            s.demand_password_reset(&demand_from_json(a.rest())?)?,
        ))
    })
    .at("POST", "/users/password-reset-demand", Source::Body)
    .throttled(),
    Operation::anyone("openResetSession", |s, a| {
        let mut b = a.body()?;
        let hash = b.secret("hash").unwrap_or_default();
        b.finish()?;
        let session = s.open_reset_session(hash.expose())?;
        let cookie = session.clone();
        Ok(Reply::new(ResetSessionOpened { ok: 1, session }).with_cookie(cookie))
    })
    .at(
        "GET",
        "/users/password-reset",
        Source::QueryParameter("hash"),
    )
    .throttled()
    .cookie(Cookie::Reset),
    Operation::anyone("resetPassword", |s, mut a| {
        let Some(serde_json::Value::String(session)) = a.take("resetSession") else {
            return Err(Error::bad_request(
                "The password reset session is invalid or has expired.",
            ));
        };
        let session = Secret::new(session);
        let req = ResetPassword::from_json(a.rest())?;
        Ok(Reply::new(s.reset_password(session.expose(), &req)?))
    })
    .at(
        "POST",
        "/users/password-reset",
        Source::BodyAndCookie(RESET_COOKIE, "resetSession"),
    )
    .throttled()
    .cookie(Cookie::EndReset),
    // ---- sessions and API tokens ----
    Operation::anyone("login", |s, a| {
        let mut b = a.body()?;
        let email = b.string("email", true).unwrap_or_default();
        let password = b.secret("password").unwrap_or_default();
        b.finish()?;
        let session = s.login(&email, &password)?;
        let cookie = session.token.clone();
        Ok(Reply::new(session).with_cookie(cookie))
    })
    .at("POST", "/sessions", Source::Body)
    .throttled()
    .cookie(Cookie::Session),
    Operation::caller("logout", |s, actor, a| {
        a.finish()?;
        s.logout(actor)?;
        Ok(Reply::new(Done))
    })
    .at("DELETE", "/sessions/current", Source::None)
    .cookie(Cookie::EndSession),
    Operation::caller("currentAuthorization", |_, actor, a| {
        a.finish()?;
        Ok(Reply::new(Named("authorization", Authorization::of(actor))))
    })
    .at("GET", "/users/me/current-authorization", Source::None)
    .scope("organization:read"),
    Operation::caller("createApiToken", |s, actor, a| {
        Ok(Reply::new(s.create_api_token(
            actor,
            &NewApiToken::from_json(a.rest())?,
        )?))
    })
    .at("POST", "/users/me/api-tokens", Source::Body)
    .scope("user:write"),
    Operation::caller("listApiTokens", |s, actor, a| {
        a.finish()?;
        Ok(Reply::new(s.list_api_tokens(actor)?))
    })
    .at("GET", "/users/me/api-tokens", Source::None)
    .scope("user:read"),
    Operation::caller("deleteApiToken", |s, actor, mut a| {
        // Make names a token by its `created` timestamp; its id works too.
        let which = match (a.take("created"), a.take("id")) {
            (Some(serde_json::Value::String(c)), None) => match c.parse::<i64>() {
                Ok(id) if c.bytes().all(|b| b.is_ascii_digit()) => TokenRef::Id(id),
                _ => TokenRef::Created(c),
            },
            (None, Some(id)) => TokenRef::Id(id.as_i64().ok_or_else(|| {
                Error::validation(vec!["'id' must be a positive integer.".into()])
            })?),
            _ => {
                return Err(Error::validation(vec![
                    "Give the token's 'created' timestamp or its 'id'.".into(),
                ]));
            }
        };
        a.finish()?;
        Ok(Reply::new(s.delete_api_token(actor, &which)?))
    })
    .at("DELETE", "/users/me/api-tokens/{created:*}", Source::None)
    .scope("user:write"),
    // ---- the host's outbox, audit log, clock and demo ----
    Operation::host("outbox", |s, mut a| {
        let all = matches!(a.take("all"), Some(serde_json::Value::Bool(true)));
        let [after, limit] = a.integers(["after", "limit"])?;
        let d = OutboxQuery::default();
        let q = OutboxQuery {
            all,
            after: after.unwrap_or(d.after),
            limit: limit.unwrap_or(d.limit),
        };
        Ok(Reply::new(Named("mails", s.outbox(q)?)))
    }),
    Operation::host("acknowledgeMail", |s, a| {
        let [id] = a.ids(["id"])?;
        s.acknowledge_mail(id)?;
        Ok(Reply::new(Done))
    }),
    Operation::host("auditLog", |s, a| {
        let [user, offset, limit] = a.integers(["userId", "offset", "limit"])?;
        let events = s.audit_log(user.map(UserId), offset.unwrap_or(0), limit.unwrap_or(100))?;
        Ok(Reply::new(Named("events", events)))
    }),
    Operation::host("advanceClock", |s, a| {
        let [seconds] = a.integers(["seconds"])?;
        s.advance_clock(seconds.unwrap_or(0))?;
        Ok(Reply::new(Done))
    }),
    Operation::host("seedDemo", |s, a| {
        a.finish()?;
        let seeded = s.seed_demo()?;
        let login = s.demo_login()?;
        Ok(Reply::new(Seeded { seeded, login }))
    }),
    // ---- reference data ----
    Operation::anyone("enums", |_, a| {
        let mut b = a.body()?;
        let kind = b.string("kind", true);
        // A missing kind is already reported; the rule applies to a given one.
        if kind.as_deref().is_some_and(|k| !ENUMS.contains(&k)) {
            b.problem(format!("'kind' must be one of {}.", ENUMS.join(", ")));
        }
        b.finish()?;
        Ok(match kind.as_deref() {
            Some("timezones") => Reply::new(Named("timezones", enums::timezones())),
            Some("countries") => Reply::new(Named("countries", enums::countries())),
            Some("locales") => Reply::new(Named("locales", enums::locales())),
            Some("imt-regions") => Reply::new(Named("imtRegions", [Region::LOCAL])),
            // No connected systems in this store.
            Some("connected-system-apps") => {
                Reply::new(Named("connectedSystemApps", [(); 0]))
            }
            Some("user-api-token-scopes" | "user-api-tokes-scopes") => Reply::new(Named(
                "userApiTokenScopes",
                SCOPES.map(|name| Named("name", name)),
            )),
            _ => Reply::new(Named("languages", enums::languages())),
        })
    })
    .at(
        "GET",
        "/enums/{kind:timezones|countries|locales|languages|imt-regions|connected-system-apps|user-api-token-scopes|user-api-tokes-scopes}",
        Source::None,
    ),
    // ---- roles as reference data ----
    Operation::anyone("roles", |_, a| {
        Ok(Reply::new(roles::list(RolesQuery::from_json(a.rest())?)))
    })
    .at("GET", "/users/roles", Source::Query),
    Operation::anyone("role", |_, a| {
        let [id] = a.ids(["roleId"])?;
        Ok(Reply::new(roles::one(id)?))
    })
    .at("GET", "/users/roles/{roleId}", Source::None),
    Operation::anyone("rolePermissions", |_, a| {
        let mut b = a.body()?;
        let category = b.string("roleCategory", false);
        b.finish()?;
        Ok(Reply::new(roles::permissions(category.as_deref())?))
    })
    .at("GET", "/users/roles/permissions", Source::Query),
];

/// The enums `GET /enums/{kind}` answers; `user-api-tokes-scopes` is the spelling of Make's
/// documentation text, `user-api-token-scopes` that of Make's API.
const ENUMS: [&str; 8] = [
    "timezones",
    "countries",
    "locales",
    "languages",
    "imt-regions",
    "connected-system-apps",
    "user-api-token-scopes",
    "user-api-tokes-scopes",
];

/// A Make region (`GET /enums/imt-regions`): this store is one local region.
#[derive(Serialize)]
struct Region {
    id: i64,
    name: &'static str,
}

impl Region {
    const LOCAL: Region = Region {
        id: 1,
        name: "Local",
    };
}

/// The operation named `name`.
pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == name)
}

/// Reads a body of `{"name"}` alone.
fn name_only(a: Args) -> Result<String> {
    let mut b = a.body()?;
    let name = b.string("name", true).unwrap_or_default();
    b.finish()?;
    Ok(name)
}

/// `{"ok":1,"resetSession":"…"}`: the reset session opened (over HTTP it travels in its cookie
/// alone).
#[derive(Serialize)]
struct ResetSessionOpened {
    ok: u8,
    #[serde(rename = "resetSession", serialize_with = "expose")]
    session: Secret,
}

/// `{"seeded":…,"login":{"email","password"}|null}`.
#[derive(Serialize)]
struct Seeded {
    seeded: bool,
    login: Option<crate::demo::DemoLogin>,
}

/// `{"authUsed","scope"}`: how the caller is authenticated and what it may do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Authorization {
    auth_used: &'static str,
    scope: Vec<String>,
}

impl Authorization {
    fn of(actor: &Actor) -> Authorization {
        match actor {
            Actor::User {
                credential: Credential::Token { scope, .. },
                ..
            } => Authorization {
                auth_used: "token",
                scope: scope.clone(),
            },
            _ => Authorization {
                auth_used: "session",
                scope: SCOPES.iter().map(|s| s.to_string()).collect(),
            },
        }
    }
}
