//! The `bodies` fuzz target's check, shared with the regression replay
//! (`tests/fuzz_regressions.rs`): every operation's JSON body reader on arbitrary bytes,
//! never a panic.

use userstore::api::parse_json;
use userstore::{
    ChangeEmail, ChangePassword, ListUsers, NewApiToken, NewUser, ResetPassword, UserPatch,
};

/// Reads `data` as each operation's body. Errors are the expected outcome for most inputs;
/// only a panic fails.
pub fn check(data: &[u8]) {
    let Ok(v) = parse_json(data) else { return };
    let _ = UserPatch::from_json(v.clone());
    let _ = ChangePassword::from_json(v.clone());
    let _ = ChangeEmail::from_json(v.clone());
    let _ = ResetPassword::from_json(v.clone());
    let _ = NewUser::from_json(v.clone());
    let _ = NewApiToken::from_json(v.clone());
    let _ = ListUsers::from_json(&v);
    let _ = userstore::demand_from_json(v);
}
