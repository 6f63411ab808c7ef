//! Every operation, declared once: name, who may run it, Make route, where its arguments come
//! from, and the typed [`Store`] method it runs with the wire body it answers. Adding an
//! operation is one entry here plus its method.

use crate::model::{Actor, Credential, OrganizationId, ROLES, SCOPES, TeamId, UserId};
use crate::ops::outbox::OutboxQuery;
use crate::security::secret::Secret;
use crate::wire::args::Args;
use crate::wire::error::{Error, Result};
use crate::wire::http::RESET_COOKIE;
use crate::wire::operations::{Cookie, Operation, Source};
use crate::wire::reply::{Done, Named, Reply, expose};
use crate::{
    ChangeEmail, ChangePassword, ListUsers, NewApiToken, NewUser, ResetPassword, UserPatch,
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
    .at("GET", "/users", Source::Query),
    Operation::caller("me", |s, actor, a| {
        let mut b = a.body()?;
        let cols = b.strings("cols", false).unwrap_or_default();
        b.finish()?;
        Ok(Reply::new(s.me(actor, &cols)?))
    })
    .at("GET", "/users/me", Source::Query),
    Operation::caller("getUser", |s, actor, a| {
        let [id] = a.ids(["userId"])?;
        Ok(Reply::new(s.user(actor, UserId(id))?))
    }),
    Operation::caller("updateUser", |s, actor, mut a| {
        let id = UserId(a.id("userId")?);
        let patch = UserPatch::from_json(a.rest())?;
        Ok(Reply::new(s.update_user(actor, id, &patch)?))
    })
    .at("PATCH", "/users/{userId}", Source::Body),
    Operation::caller("changeEmail", |s, actor, mut a| {
        let id = UserId(a.id("userId")?);
        let change = ChangeEmail::from_json(a.rest())?;
        Ok(Reply::new(s.change_email(actor, id, &change)?))
    })
    .at("PUT", "/users/{userId}/attributes/email", Source::Body)
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
    .throttled(),
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
    .at("GET", "/users/me/current-authorization", Source::None),
    Operation::caller("createApiToken", |s, actor, a| {
        Ok(Reply::new(s.create_api_token(
            actor,
            &NewApiToken::from_json(a.rest())?,
        )?))
    })
    .at("POST", "/users/me/api-tokens", Source::Body),
    Operation::caller("listApiTokens", |s, actor, a| {
        a.finish()?;
        Ok(Reply::new(s.list_api_tokens(actor)?))
    })
    .at("GET", "/users/me/api-tokens", Source::None),
    Operation::caller("deleteApiToken", |s, actor, a| {
        let [id] = a.ids(["id"])?;
        Ok(Reply::new(s.delete_api_token(actor, id)?))
    })
    .at("DELETE", "/users/me/api-tokens/{id}", Source::None),
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
        if kind
            .as_deref()
            .is_some_and(|k| !["timezones", "countries", "locales", "languages"].contains(&k))
        {
            b.problem("'kind' must be timezones, countries, locales or languages.".into());
        }
        b.finish()?;
        Ok(match kind.as_deref() {
            Some("timezones") => Reply::new(Named("timezones", enums::timezones())),
            Some("countries") => Reply::new(Named("countries", enums::countries())),
            Some("locales") => Reply::new(Named("locales", enums::locales())),
            _ => Reply::new(Named("languages", enums::languages())),
        })
    })
    .at(
        "GET",
        "/enums/{kind:timezones|countries|locales|languages}",
        Source::None,
    ),
    Operation::anyone("roles", |_, a| {
        a.finish()?;
        Ok(Reply::new(Named("usersRoles", ROLES)))
    })
    .at("GET", "/users/roles", Source::None),
];

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
