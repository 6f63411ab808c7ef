//! Make's table of user roles, shared by `common` and `common_http` (which includes this file
//! by path), so that the library's table and `GET /users/roles` are held to one copy.

/// Make's user roles, team roles first, as JSON.
pub fn make_roles() -> serde_json::Value {
    serde_json::json!([
        {"id": 1, "name": "Team admin", "category": "team"},
        {"id": 2, "name": "Team member", "category": "team"},
        {"id": 3, "name": "Team monitoring", "category": "team"},
        {"id": 4, "name": "Team operator", "category": "team"},
        {"id": 5, "name": "Team restricted member", "category": "team"},
        {"id": 11, "name": "Owner", "category": "organization"},
        {"id": 12, "name": "Admin", "category": "organization"},
        {"id": 13, "name": "Member", "category": "organization"},
        {"id": 14, "name": "Accountant", "category": "organization"},
        {"id": 15, "name": "App developer", "category": "organization"}
    ])
}
