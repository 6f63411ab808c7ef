//! The two ways a mail leaves the server: SMTP (lettre) and a signed webhook (ureq).

use super::letter;
use crate::settings::{MailSettings, Transport};
use hmac::{Hmac, Mac};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport as _};
use sha2::Sha256;
use std::time::Duration;
use userstore::outbox::Mail;

/// The header that carries the webhook's signature: `sha256=` and the hex HMAC-SHA256 of the
/// body under the shared secret.
pub const SIGNATURE_HEADER: &str = "x-userstore-signature";

/// A configured transport with the `From` address.
pub enum Courier {
    /// SMTP.
    Smtp(SmtpTransport, Mailbox),
    /// The webhook: its agent, URL and key, and the `From`.
    Webhook(ureq::Agent, String, Vec<u8>, Mailbox),
}

impl Courier {
    /// The transport of `settings`; `None` when none is configured.
    pub fn new(settings: &MailSettings) -> Result<Option<Courier>, crate::Failure> {
        let (Some(transport), Some(from)) = (&settings.transport, &settings.from) else {
            return Ok(None);
        };
        Ok(Some(match transport {
            Transport::Smtp(url) => Courier::Smtp(
                SmtpTransport::from_url(url)?
                    .timeout(Some(settings.timeout))
                    .build(),
                from.clone(),
            ),
            Transport::Webhook(url, key) => Courier::Webhook(
                webhook_agent(settings.timeout),
                url.to_string(),
                key.clone(),
                from.clone(),
            ),
        }))
    }

    /// Hands `mail` over; `Ok` once the transport accepted it.
    pub fn send(&self, mail: &Mail) -> Result<(), String> {
        let text = mail.body.as_deref().unwrap_or_default();
        let html = letter::html(&mail.subject, text);
        match self {
            Courier::Smtp(smtp, from) => {
                let to: Mailbox = mail
                    .to
                    .parse()
                    .map_err(|e| format!("the recipient is not an address: {e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .multipart(MultiPart::alternative_plain_html(text.to_owned(), html))
                    .map_err(|e| e.to_string())?;
                smtp.send(&message).map(drop).map_err(|e| e.to_string())
            }
            Courier::Webhook(agent, url, key, from) => {
                let body = serde_json::json!({
                    "id": mail.id,
                    "kind": mail.kind,
                    "from": from.to_string(),
                    "to": mail.to,
                    "subject": mail.subject,
                    "text": text,
                    "html": html,
                })
                .to_string();
                agent
                    .post(url)
                    .header("content-type", "application/json")
                    .header(SIGNATURE_HEADER, &signature(key, body.as_bytes()))
                    .header("x-userstore-mail-id", &mail.id.to_string())
                    .send(&body)
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// An agent whose every request ends within `timeout`; 4xx and 5xx answers are errors, and
/// so are redirects (followed, a POST would become a GET without the mail).
fn webhook_agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(true)
        .max_redirects(0)
        .build()
        .into()
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `key`.
pub fn signature(key: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::signature;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
