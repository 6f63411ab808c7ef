//! Make's table of user roles as this store fills Make's SDK `Role` type, shared by `common`
//! and `common_http` (which includes this file by path), so that the library's table and
//! `GET /users/roles` are held to one copy.

/// Every role, team roles first, as JSON, with the permissions this store checks.
pub fn make_roles() -> serde_json::Value {
    let team = ["team users view"];
    let team_admin = ["team users view", "team roles edit"];
    let member = ["organization users view"];
    serde_json::json!([
        {"id": 1, "name": "Team admin", "identifier": "team_admin", "category": "team",
         "subsidiary": true, "managementType": "system_locked",
         "description": "Manages the team: sees its users and sets their team roles.",
         "permissions": team_admin},
        {"id": 2, "name": "Team member", "identifier": "team_member", "category": "team",
         "subsidiary": true, "managementType": "system_locked",
         "description": "Works in the team; sees its users.", "permissions": team},
        {"id": 3, "name": "Team monitoring", "identifier": "team_monitoring", "category": "team",
         "subsidiary": true, "managementType": "system_locked",
         "description": "Watches the team; sees its users.", "permissions": team},
        {"id": 4, "name": "Team operator", "identifier": "team_operator", "category": "team",
         "subsidiary": true, "managementType": "system_locked",
         "description": "Operates in the team; sees its users.", "permissions": team},
        {"id": 5, "name": "Team restricted member", "identifier": "team_restricted_member",
         "category": "team", "subsidiary": true, "managementType": "system_locked",
         "description": "Takes part in the team with restricted rights; sees its users.",
         "permissions": team},
        {"id": 11, "name": "Owner", "identifier": "owner", "category": "organization",
         "subsidiary": false, "managementType": "system_locked",
         "description": "Owns the organization: everything an admin does, and hands the ownership on.",
         "permissions": ["organization users view", "organization roles edit",
                         "organization ownership transfer", "team users view", "team roles edit"]},
        {"id": 12, "name": "Admin", "identifier": "admin", "category": "organization",
         "subsidiary": false, "managementType": "system_locked",
         "description": "Manages the organization: its users' organization roles and every team's roles.",
         "permissions": ["organization users view", "organization roles edit", "team users view",
                         "team roles edit"]},
        {"id": 13, "name": "Member", "identifier": "member", "category": "organization",
         "subsidiary": false, "managementType": "system_locked",
         "description": "Belongs to the organization; sees its users.", "permissions": member},
        {"id": 14, "name": "Accountant", "identifier": "accountant", "category": "organization",
         "subsidiary": false, "managementType": "system_locked",
         "description": "Looks after the organization's accounts; sees its users.",
         "permissions": member},
        {"id": 15, "name": "App developer", "identifier": "app_developer",
         "category": "organization", "subsidiary": false, "managementType": "system_locked",
         "description": "Builds apps for the organization; sees its users.", "permissions": member}
    ])
}
