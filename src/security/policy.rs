//! The password policy of SPEC section 4. A [`NewPassword`] can only be had by passing it.

use crate::config::PolicyConfig;
use crate::host::unicode::{Class, first_in, lowercase, nfkc};
use crate::security::blocklist;
use crate::security::secret::Secret;
use std::fmt;

/// Longest password, in code points after NFKC. Longer ones are refused, never truncated.
pub const MAX_LENGTH: usize = 256;

/// Longest password text accepted before normalization, in bytes: four times the UTF-8 size of
/// the longest password the policy allows, room for any decomposed spelling of it. A longer
/// one is refused (or fails to verify) without being normalized or hashed.
pub(crate) const MAX_PASSWORD_BYTES: usize = 4 * 4 * MAX_LENGTH;

/// A password that passed the policy. Wiped on drop; never prints.
pub struct NewPassword(Secret);

impl NewPassword {
    /// The password, for hashing.
    pub(crate) fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// What the policy knows about the account the password is for.
pub struct Context<'a> {
    /// The account's email address.
    pub email: &'a str,
    /// The account's name.
    pub name: &'a str,
}

/// Checks a new password (and its confirmation, when given). Returns one message per failed
/// rule. `same_as_current` tells whether the password equals the current one; it is asked
/// only when every other rule passes, since it may cost a hash verification.
pub fn check(
    config: &PolicyConfig,
    password: &Secret,
    confirmation: Option<&Secret>,
    context: &Context<'_>,
    same_as_current: impl FnOnce(&str) -> bool,
) -> Result<NewPassword, Vec<String>> {
    // Text longer than any allowed password could be is refused before any work on it.
    let over_cap = |s: &Secret| s.expose().len() > MAX_PASSWORD_BYTES;
    if over_cap(password) || confirmation.is_some_and(over_cap) {
        return Err(vec![format!(
            "The password must be at most {MAX_LENGTH} characters long."
        )]);
    }
    let normalized = nfkc(password.expose());
    let pw = normalized.as_str();
    let mut problems = Vec::new();
    let length = pw.chars().count();
    if length < config.min_length {
        problems.push(format!(
            "The password must be at least {} characters long.",
            config.min_length
        ));
    }
    if length > MAX_LENGTH {
        problems.push(format!(
            "The password must be at most {MAX_LENGTH} characters long."
        ));
    }
    if config.composition {
        if first_in(pw, Class::Uppercase).is_none() {
            problems.push("The password must contain at least one uppercase letter.".into());
        }
        if first_in(pw, Class::Number).is_none() {
            problems.push("The password must contain at least one number.".into());
        }
        if first_in(pw, Class::Special).is_none() {
            problems.push("The password must contain at least one special character.".into());
        }
    }
    if let Some(confirmation) = confirmation
        && nfkc(confirmation.expose()).as_str() != pw
    {
        problems.push("'newPassword2' must be the same as 'newPassword1'.".into());
    }
    if length <= MAX_LENGTH && is_common(pw) {
        problems.push("The password is too common; choose one that is harder to guess.".into());
    }
    let lower = zeroize::Zeroizing::new(lowercase(pw));
    let local = lowercase(context.email.split('@').next().unwrap_or(""));
    if local.chars().count() >= 4 && lower.contains(&local) {
        problems.push("The password must not contain your email address.".into());
    }
    let name = lowercase(context.name);
    let name_parts = std::iter::once(name.as_str()).chain(name.split_whitespace());
    if name_parts
        .into_iter()
        .any(|part| part.chars().count() >= 4 && lower.contains(part))
    {
        problems.push("The password must not contain your name.".into());
    }
    if problems.is_empty() && same_as_current(pw) {
        problems.push("The new password must differ from the current one.".into());
    }
    if problems.is_empty() {
        Ok(NewPassword(Secret::new(pw)))
    } else {
        Err(problems)
    }
}

/// On the blocklist as typed, or once the digits and symbols around a common word are taken
/// away ("Password1!" is "password" dressed up).
fn is_common(pw: &str) -> bool {
    if blocklist::contains(pw) {
        return true;
    }
    let core = pw.trim_matches(|c: char| !c.is_alphabetic());
    core.chars().count() >= 4 && blocklist::contains(core)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the byte cap the answer is the length rule alone: nothing else was looked at.
    #[test]
    fn text_over_the_byte_cap_is_refused_before_any_check() {
        let long = Secret::new("a".repeat(MAX_PASSWORD_BYTES + 1));
        let ctx = Context {
            email: "jane@example.com",
            name: "Jane Doe",
        };
        let refused = |p: &Secret, c: &Secret| {
            check(&PolicyConfig::default(), p, Some(c), &ctx, |_| false).unwrap_err()
        };
        let only = vec!["The password must be at most 256 characters long.".to_owned()];
        assert_eq!(refused(&long, &long), only);
        assert_eq!(refused(&Secret::new("Blue-Otter-47"), &long), only);
    }

    fn run(pw: &str, confirm: &str) -> Result<NewPassword, Vec<String>> {
        let ctx = Context {
            email: "jane.doe@example.com",
            name: "Jane Doe",
        };
        check(
            &PolicyConfig::default(),
            &Secret::new(pw),
            Some(&Secret::new(confirm)),
            &ctx,
            |_| false,
        )
    }

    #[test]
    fn accepts_a_good_password() {
        assert!(run("Blue-Otter-47", "Blue-Otter-47").is_ok());
    }

    #[test]
    fn each_failed_rule_is_its_own_message() {
        assert_eq!(
            run("abc", "abd").unwrap_err(),
            [
                "The password must be at least 9 characters long.",
                "The password must contain at least one uppercase letter.",
                "The password must contain at least one number.",
                "The password must contain at least one special character.",
                "'newPassword2' must be the same as 'newPassword1'.",
            ]
        );
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert_eq!(
            run("Password1!", "Password1!").unwrap_err(),
            ["The password is too common; choose one that is harder to guess."]
        );
        assert_eq!(
            run("Jane.Doe#2024", "Jane.Doe#2024").unwrap_err(),
            [
                "The password must not contain your email address.",
                "The password must not contain your name."
            ]
        );
        assert_eq!(
            run("xJANE#2024abc", "xJANE#2024abc").unwrap_err(),
            ["The password must not contain your name."]
        );
        assert!(
            run("xDoe#2024abc", "xDoe#2024abc").is_ok(),
            "name parts under 4 characters are allowed"
        );
    }

    #[test]
    fn length_counts_code_points_after_nfkc_and_is_never_truncated() {
        // Eight full-width letters plus "A1!" are 11 code points after NFKC.
        assert!(run("ｚｑｘｊｋｖｗｙA1!", "ｚｑｘｊｋｖｗｙA1!").is_ok());
        let long = format!("Aa1!{}", "x".repeat(253));
        assert_eq!(
            run(&long, &long).unwrap_err(),
            ["The password must be at most 256 characters long."]
        );
        let max = format!("Aa1!{}", "xq".repeat(126));
        assert!(run(&max, &max).is_ok());
    }

    #[test]
    fn composition_can_be_off_and_length_raised() {
        let cfg = PolicyConfig {
            min_length: 15,
            composition: false,
        };
        let ctx = Context {
            email: "a@b.c",
            name: "Al",
        };
        let r = check(
            &cfg,
            &Secret::new("correct horse battery"),
            None,
            &ctx,
            |_| false,
        );
        assert!(r.is_ok());
        let r = check(&cfg, &Secret::new("short horse"), None, &ctx, |_| false);
        assert_eq!(
            r.unwrap_err(),
            ["The password must be at least 15 characters long."]
        );
    }

    #[test]
    fn must_differ_from_current() {
        let ctx = Context {
            email: "a@b.c",
            name: "Al",
        };
        let r = check(
            &PolicyConfig::default(),
            &Secret::new("Blue-Otter-47"),
            None,
            &ctx,
            |p| p == "Blue-Otter-47",
        );
        assert_eq!(
            r.unwrap_err(),
            ["The new password must differ from the current one."]
        );
    }
}
