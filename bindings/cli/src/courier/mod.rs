//! The courier: delivers the outbox from inside `serve`, at least once.
//!
//! A thread claims due mail, [`BATCH`] at a time ([`Store::claim_mail`], leased for one
//! delivery timeout per mail and one more), hands each to the transport (SMTP or the webhook)
//! and acknowledges it, which erases its body, only once the transport accepted it. A failed
//! delivery is logged, without the body, counted, and tried again after a wait that doubles
//! with each failure ([`MailSettings::backoff`]); after `max_attempts` the mail is given up:
//! it stays pending, never due again, for the operator (`userstore outbox list`). Mail
//! claimed when the process dies is claimed again when its lease is over; several servers on
//! one PostgreSQL database claim different mails.

mod letter;
mod transport;

use crate::metrics::{Metrics, Outcome};
use crate::settings::MailSettings;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;
use transport::Courier;
use userstore::Store;

/// Mails claimed at once.
const BATCH: usize = 5;

/// The running courier; [`Running::stop`] ends it after the mail in hand.
pub struct Running {
    stop: Sender<()>,
    thread: JoinHandle<()>,
}

impl Running {
    /// Stops the courier and waits for it.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// Starts delivering, if `settings` name a transport.
pub fn start(
    store: Arc<Store>,
    settings: &MailSettings,
    metrics: Arc<Metrics>,
) -> Result<Option<Running>, crate::Failure> {
    let Some(courier) = Courier::new(settings)? else {
        return Ok(None);
    };
    let (stop, stopped) = std::sync::mpsc::channel();
    let settings = settings.clone();
    let thread = std::thread::Builder::new()
        .name("courier".into())
        .spawn(move || run(&store, &courier, &settings, &metrics, &stopped))?;
    Ok(Some(Running { stop, thread }))
}

/// Delivers until told to stop.
fn run(
    store: &Store,
    courier: &Courier,
    settings: &MailSettings,
    metrics: &Metrics,
    stopped: &Receiver<()>,
) {
    // Long enough for the whole batch to time out one by one: no mail is claimed again while
    // this courier may still be sending it.
    let lease = settings.timeout.saturating_mul(BATCH as u32 + 1);
    loop {
        let claimed = match store.claim_mail(BATCH, lease) {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::warn!(error = %e.detail(), "could not read the outbox");
                Vec::new()
            }
        };
        let full = claimed.len() == BATCH;
        for delivery in claimed {
            // Told to stop: the rest of the batch is claimed again when its lease is over.
            if stopped.try_recv().is_ok() {
                return;
            }
            let mail = &delivery.mail;
            match courier.send(mail) {
                Ok(()) => {
                    metrics.delivery(Outcome::Delivered);
                    if let Err(e) = store.acknowledge_mail(mail.id) {
                        tracing::warn!(mail_id = mail.id, error = %e.detail(), "delivered mail not acknowledged");
                    }
                    tracing::info!(
                        mail_id = mail.id,
                        kind = %mail.kind,
                        attempt = delivery.attempt,
                        "mail delivered"
                    );
                }
                Err(error) if delivery.attempt >= settings.max_attempts => {
                    metrics.delivery(Outcome::Abandoned);
                    tracing::error!(
                        mail_id = mail.id,
                        kind = %mail.kind,
                        attempt = delivery.attempt,
                        %error,
                        "mail given up: it stays in the outbox, never tried again"
                    );
                    reschedule(store, &delivery, Duration::MAX);
                }
                Err(error) => {
                    metrics.delivery(Outcome::Failed);
                    let wait = settings.backoff(delivery.attempt);
                    tracing::warn!(
                        mail_id = mail.id,
                        kind = %mail.kind,
                        attempt = delivery.attempt,
                        retry_in_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        %error,
                        "mail not delivered"
                    );
                    reschedule(store, &delivery, wait);
                }
            }
        }
        let pause = if full {
            Duration::ZERO
        } else {
            settings.poll_interval
        };
        match stopped.recv_timeout(pause) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Makes a failed mail due again after `wait` (if this courier still holds it).
fn reschedule(store: &Store, delivery: &userstore::outbox::Delivery, wait: Duration) {
    let id = delivery.mail.id;
    if let Err(e) = store.retry_mail(id, delivery.attempt, wait) {
        tracing::warn!(mail_id = id, error = %e.detail(), "could not schedule the retry");
    }
}
