//! A real SMTP server on loopback for the courier's tests: aiosmtpd (`mail/smtp_sink.py`).

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

/// How long a mail may take to arrive.
const PATIENCE: Duration = Duration::from_secs(60);

/// A free port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd on `port`, printing each mail it receives as a JSON line.
pub struct Smtp {
    child: Child,
    mails: Receiver<Value>,
}

impl Smtp {
    /// The next mail, or `None` when none comes within `wait`.
    pub fn mail_within(&self, wait: Duration) -> Option<Value> {
        self.mails.recv_timeout(wait).ok()
    }

    /// Starts aiosmtpd on `port` and waits until it listens.
    pub fn start(port: u16) -> Smtp {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mail/smtp_sink.py");
        // Debian's python3 has python3-aiosmtpd (scripts/setup.sh installs it).
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/setup.sh)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        assert_eq!(lines.next().unwrap().unwrap(), "ready");
        let (tx, mails) = channel();
        thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = tx.send(serde_json::from_str(&line).unwrap());
            }
        });
        Smtp { child, mails }
    }

    /// The next mail received, parsed.
    pub fn next_mail(&self) -> Value {
        self.mails
            .recv_timeout(PATIENCE)
            .expect("a mail within the patience")
    }

    /// Stops the server.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
