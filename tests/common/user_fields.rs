//! What every user object shows for the columns this store has no feature behind, and the
//! defaults a new user gets, shared by `common` and `common_http` (which includes this file by
//! path).

use serde_json::{Value, json};

/// The country of a user created without one under the default locale `en-US`: the United
/// States.
pub const US: i64 = 239;

/// Make's avatar of an address: the Gravatar URL of the MD5 of the trimmed lowercase address.
pub fn avatar(email: &str) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(email.trim().to_lowercase().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("https://secure.gravatar.com/avatar/{hex}.jpg?d=mm")
}

/// `user` with the columns of Make's `/users/me` this store answers honestly as having no
/// such feature: no notification settings, no platform admins, no affiliates, apps or
/// support plans.
pub fn with_make_extras(mut user: Value) -> Value {
    let extras = json!({
        "emailNotifications": null, "usersAdminsRoleId": null, "isAffiliatePartner": false,
        "hasAddedApp": false, "supportEligible": false
    });
    for (k, v) in extras.as_object().unwrap() {
        user[k] = v.clone();
    }
    user
}

#[test]
fn gravatar_urls_are_the_md5_of_the_address() {
    // `printf admin@make.cloud | md5sum`
    assert_eq!(
        avatar(" Admin@Make.cloud"),
        "https://secure.gravatar.com/avatar/a8e4d5242527c42a98699927ec92a01a.jpg?d=mm"
    );
}
