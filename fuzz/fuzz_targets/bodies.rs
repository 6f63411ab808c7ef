//! Every operation's JSON body reader on arbitrary bytes: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use userstore::wire::parse_json;
use userstore::{ChangeEmail, ChangePassword, ListUsers, NewApiToken, NewUser, ResetPassword, UserPatch};

fuzz_target!(|data: &[u8]| {
    let Ok(v) = parse_json(data) else { return };
    let _ = UserPatch::from_json(v.clone());
    let _ = ChangePassword::from_json(v.clone());
    let _ = ChangeEmail::from_json(v.clone());
    let _ = ResetPassword::from_json(v.clone());
    let _ = NewUser::from_json(v.clone());
    let _ = NewApiToken::from_json(v.clone());
    let _ = ListUsers::from_json(&v);
    let _ = userstore::demand_from_json(v);
});
