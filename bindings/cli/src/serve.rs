//! `userstore serve`: the HTTP server around the core's router.
//!
//! hyper speaks HTTP/1.1 on one tokio thread, which also reads each request's body (keeping at
//! most the router's limit + 1 bytes, so oversized bodies get the router's 413). The answer
//! itself, [`Site::respond`], runs on tokio's blocking pool: `--workers` threads sharing one
//! `Arc<Store>`, whose connection pool lets reads run in parallel. Headers must arrive within
//! [`HEADER_TIMEOUT`] and bodies within [`BODY_TIMEOUT`], so a slow client holds no worker.
//! A credential request its client has no token left for is answered `429` on the tokio thread
//! ([`userstore::http::admit`]) after [`THROTTLED_ANSWER_DELAY`], so a flood of them holds no
//! worker and, sent over a few connections, is slowed to a trickle.
//! Ctrl-C or SIGTERM stops accepting, lets the requests in flight finish, and exits 0.
//!
//! Why not tiny_http: tiny_http 0.12 drains an unread request body on drop into
//! `vec![0; remaining]`, sized by the client's `Content-Length`, so a single request that
//! declares a huge body aborts the process ("memory allocation failed"); it also has no read
//! timeouts.

use crate::metrics::{Answered, Metrics};
use crate::settings::{Settings, check_link_base};
use crate::site::{self, Site};
use crate::static_files::StaticFiles;
use crate::{Failure, courier, log};
use http_body_util::{BodyExt, Full};
use hyper::StatusCode;
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use userstore::http::{Request, Response};
use userstore::{Code, Config, Error, Store};

/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long shutdown waits for the requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Bytes of an oversized body read and dropped after the kept part (see [`drain`]).
const DRAIN_LIMIT: usize = 4 * 1024 * 1024;
/// How long a throttled credential request waits for its `429`. The wait costs a sleeping
/// task and no worker, and a client that floods over a few connections (each waiting for its
/// answer before sending the next) is slowed to a few requests a second, so it no longer
/// takes the CPU from everyone else's requests.
const THROTTLED_ANSWER_DELAY: Duration = Duration::from_millis(250);
/// Pause after a failed `accept` (for example, out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(settings: Settings) -> Result<(), Failure> {
    log::init(settings.log.format);
    let server = &settings.server;
    let db = server.db.as_deref().ok_or(
        "no database: give --db, [server] db in the --config file, or USERSTORE_SERVER_DB",
    )?;
    let listener = std::net::TcpListener::bind((server.host.as_str(), server.port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}");
    let base_url = server.base_url.clone().unwrap_or_else(|| url.clone());
    if settings.mail.transport.is_some() {
        check_link_base(&base_url)?;
    }
    let config = Config {
        base_url: base_url.clone(),
        ..settings.store.clone()
    };
    let store = Arc::new(Store::open(db, config)?);
    let www = match &server.www {
        Some(dir) => open_www(dir)?,
        None => None,
    };
    let demo_note = if server.demo {
        Some(seed_demo(&store, www.is_some(), &url, &base_url)?)
    } else {
        None
    };
    let metrics = Arc::new(Metrics::default());
    let courier = courier::start(store.clone(), &settings.mail, metrics.clone())?;
    if courier.is_none() {
        tracing::info!("no [mail] transport: mail stays in the outbox for the host");
    }
    let site = Arc::new(Site {
        store,
        www,
        metrics,
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(server.workers.into())
        .build()?;
    let served: Result<(), Failure> = runtime.block_on(async {
        let listener = TcpListener::from_std(listener)?;
        let stop = stop_signals()?;
        println!("userstore listening on {url}");
        if let Some(note) = demo_note {
            print!("{note}");
        }
        serve(listener, site, stop).await;
        Ok(())
    });
    if let Some(courier) = courier {
        courier.stop();
    }
    served
}

/// Seeds the demo data (if the database has no users) and says, for after the listening
/// line, what was seeded and how to sign in.
fn seed_demo(store: &Store, has_www: bool, url: &str, base_url: &str) -> Result<String, Failure> {
    let mut note = String::new();
    if store.seed_demo()? {
        note.push_str("demo: seeded the organization \"Demo Org\"\n");
    }
    let (email, password) = (userstore::demo::EMAIL, userstore::demo::PASSWORD);
    note.push_str(&match (store.demo_login()?.is_some(), has_www) {
        (true, true) => {
            format!("demo: open {base_url}/ and sign in as {email} with the password {password}\n")
        }
        (true, false) => format!(
            "demo: sign in as {email} with the password {password} (POST {url}/api/v2/sessions)\n"
        ),
        (false, _) => {
            "demo: not seeded, the database already has users (and no demo login)\n".into()
        }
    });
    Ok(note)
}

/// The static files of `dir`; `None`, with a note, when the directory does not exist yet.
fn open_www(dir: &Path) -> Result<Option<StaticFiles>, Failure> {
    match StaticFiles::open(dir) {
        Ok(files) => Ok(Some(files)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            tracing::info!(
                "note: {} does not exist, so only the API is served (scripts/build-wasm.sh builds the browser demo)",
                dir.display()
            );
            Ok(None)
        }
        Err(e) => Err(format!("--www {}: {e}", dir.display()).into()),
    }
}

/// Ctrl-C and SIGTERM, both registered before the server says it listens, so neither kills
/// the process without a graceful stop from then on.
#[cfg(unix)]
fn stop_signals() -> io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Ctrl-C.
#[cfg(not(unix))]
fn stop_signals() -> io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Accepts connections until `stop`, then waits for the requests in flight.
async fn serve(listener: TcpListener, site: Arc<Site>, stop: impl Future<Output = ()>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let site = site.clone();
                    let service = service_fn(move |req| answer(site.clone(), peer, req));
                    let conn = http.serve_connection(TokioIo::new(stream), service);
                    let conn = graceful.watch(conn);
                    // A connection error is the client's (gone, too slow); the log has its
                    // requests.
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                }
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            () = &mut stop => break,
        }
    }
    drop(listener);
    tracing::info!("stopping after the requests in flight");
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "stopped waiting for requests after {}s",
            SHUTDOWN_GRACE.as_secs()
        );
    }
}

/// Answers one request from `peer`: reads its body, runs [`Site::respond`] on the worker
/// pool, logs it.
async fn answer(
    site: Arc<Site>,
    peer: std::net::SocketAddr,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let request_id = request_id(parts.headers.get("x-request-id"));
    let mut label = site::Label::unmatched();
    let keep = site.store.config().max_body_bytes.saturating_add(1);
    let response = match tokio::time::timeout(BODY_TIMEOUT, read_body(body, keep)).await {
        Ok(Ok((body, rest))) => {
            if let Some(rest) = rest {
                drain(rest);
            }
            let mut request = Request {
                method: method.clone(),
                path: path.clone(),
                query: parts.uri.query().unwrap_or("").to_owned(),
                headers: parts
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                        (name.as_str().to_owned(), value)
                    })
                    .collect(),
                body,
                client: Some(peer.ip().to_string()),
            };
            label = site.label(&request);
            // A throttled credential request is answered here, on the event loop: a flood of
            // them takes none of the workers from everyone else's requests.
            match userstore::http::admit(&site.store, &request) {
                Err(refused) => {
                    tokio::time::sleep(THROTTLED_ANSWER_DELAY).await;
                    refused
                }
                Ok(()) => {
                    request.client = None; // admitted: not counted again by the router
                    let site = site.clone();
                    tokio::task::spawn_blocking(move || site.respond(&request))
                        .await
                        .unwrap_or_else(|_| {
                            Response::error(&Error::new(
                                Code::SC500,
                                "Internal Server Error",
                                "The server failed to answer this request.",
                            ))
                        })
                }
            }
        }
        Ok(Err(_)) | Err(_) => Response::error(&Error::bad_request(
            "The request body could not be read in time.",
        )),
    };
    let elapsed = started.elapsed();
    site.metrics.request(&Answered {
        route: &label.route,
        operation: label.operation,
        method: &method,
        response: &response,
        elapsed,
    });
    log::request(
        &request_id,
        &method,
        &label.route,
        &path,
        response.status,
        elapsed,
    );
    let mut out = into_hyper(response);
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        out.headers_mut().insert("x-request-id", id);
    }
    Ok(out)
}

/// The longest `X-Request-Id` taken from a client.
const MAX_REQUEST_ID: usize = 128;

/// The client's `X-Request-Id` when it is short and printable (letters, digits, `-_.:/+=`),
/// or a new one: 16 random bytes in hex.
fn request_id(given: Option<&HeaderValue>) -> String {
    let sane = |id: &&str| {
        !id.is_empty()
            && id.len() <= MAX_REQUEST_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=".contains(&b))
    };
    if let Some(id) = given.and_then(|v| v.to_str().ok()).filter(sane) {
        return id.to_owned();
    }
    let mut bytes = [0u8; 16];
    // The id only ties log lines together: a failed random source leaves it all zeros.
    let _ = getrandom::fill(&mut bytes);
    hex::encode(bytes)
}

/// Reads a request body up to `keep` bytes; returns them and, if the body goes on, the rest.
async fn read_body(
    mut body: Incoming,
    keep: usize,
) -> Result<(Vec<u8>, Option<Incoming>), hyper::Error> {
    let mut kept = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            let room = keep - kept.len();
            kept.extend_from_slice(&data[..data.len().min(room)]);
            if data.len() >= room {
                return Ok((kept, (!body.is_end_stream()).then_some(body)));
            }
        }
    }
    Ok((kept, None))
}

/// Reads and drops the rest of an oversized body in the background, at most [`DRAIN_LIMIT`]
/// bytes within [`BODY_TIMEOUT`], so that a client still sending reads the 413 rather than a
/// reset connection. Past that the body is dropped unread and hyper closes the connection.
fn drain(mut rest: Incoming) {
    tokio::spawn(tokio::time::timeout(BODY_TIMEOUT, async move {
        let mut seen = 0;
        while seen < DRAIN_LIMIT {
            match rest.frame().await {
                Some(Ok(frame)) => seen += frame.data_ref().map_or(0, Bytes::len),
                _ => break,
            }
        }
    }));
}

/// The router's response as hyper's.
fn into_hyper(mut response: Response) -> hyper::Response<Full<Bytes>> {
    // The body is moved to hyper, which owns it from here on; the headers are copied, and the
    // router's response wipes its own (the session cookie) when dropped.
    let body = std::mem::take(&mut response.body);
    let mut out = hyper::Response::new(Full::new(Bytes::from(body)));
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            out.headers_mut().append(name, value);
        }
    }
    out
}
