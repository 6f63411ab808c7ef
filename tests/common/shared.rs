//! Setup shared by `common` and `common_http` (which includes this file by path).

use userstore::{Store, UserId};

/// Puts `users` in a new organization as members, so that each can see the others (SPEC §4:
/// an account the caller cannot see answers like one that does not exist).
pub fn share_an_organization(store: &Store, users: &[UserId]) {
    let org = store.create_organization("Shared").unwrap();
    for &id in users {
        store.set_organization_role(org.id, id, 13).unwrap();
    }
}
