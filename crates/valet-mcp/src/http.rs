//! MCP over Streamable HTTP (rmcp's server transport) on the loopback interface, for clients
//! that speak HTTP (VS Code, Cursor): `valet mcp --http` and the desktop app's endpoint.
//!
//! Three gates, in order: only `/mcp` is served; a request must carry `Authorization: Bearer
//! <token>` (compared in constant time; 401 otherwise); rmcp then refuses a `Host` that is not
//! loopback and an `Origin` that is not this endpoint's own (403), so a web page cannot reach
//! it through DNS rebinding. Every session gets its own [`ValetMcp`] over the same facade, so
//! several clients at once share one live store.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{header, Request, Response, StatusCode};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use subtle::ConstantTimeEq;
use tokio_util::sync::CancellationToken;
use valet_service::Valet;

use crate::ValetMcp;

/// The endpoint's path.
pub const PATH: &str = "/mcp";
/// The shortest bearer token accepted (the app makes 43-character ones).
pub const MIN_TOKEN: usize = 32;

/// Why the endpoint could not start.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("must be a loopback address (127.0.0.1 or ::1); got {0}")]
    NotLoopback(SocketAddr),
    #[error("the bearer token must be at least {MIN_TOKEN} characters")]
    WeakToken,
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A running endpoint; [`HttpEndpoint::stop`] ends it and every session.
#[derive(Debug)]
pub struct HttpEndpoint {
    addr: SocketAddr,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl HttpEndpoint {
    /// The address it listens on (the port the system chose when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}{PATH}", self.addr)
    }

    /// Stops accepting, ends the sessions, and waits for the accept loop to finish.
    pub async fn stop(self) {
        self.cancel.cancel();
        if let Err(e) = self.task.await {
            tracing::warn!("the MCP endpoint stopped badly: {e}");
        }
    }
}

/// Starts serving MCP on `addr` (loopback only) for clients that present `token`.
pub async fn start_http(
    valet: Valet,
    addr: SocketAddr,
    token: String,
) -> Result<HttpEndpoint, HttpError> {
    if !addr.ip().is_loopback() {
        return Err(HttpError::NotLoopback(addr));
    }
    if token.chars().count() < MIN_TOKEN {
        return Err(HttpError::WeakToken);
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| HttpError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| HttpError::Bind { addr, source })?;
    let cancel = CancellationToken::new();
    let port = addr.port();
    let mut config = StreamableHttpServerConfig::default();
    config.cancellation_token = cancel.child_token();
    config.allowed_hosts = vec!["127.0.0.1".into(), "localhost".into(), "::1".into()];
    config.allowed_origins = vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    // Load the store now, so the first call answers warm.
    let warm = valet.clone();
    tokio::spawn(async move {
        if let Err(e) = warm.todo_counts().await {
            tracing::warn!(code = e.code(), "could not load the store ahead: {e}");
        }
    });
    let mcp = StreamableHttpService::new(
        move || Ok(ValetMcp::new(valet.clone())),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let token = Arc::new(token);
    let stop = cancel.clone();
    let task = tokio::spawn(async move {
        loop {
            let (stream, peer) = tokio::select! {
                () = stop.cancelled() => break,
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        tracing::warn!("the MCP endpoint could not accept a connection: {e}");
                        continue;
                    }
                },
            };
            let (mcp, token, stop) = (mcp.clone(), token.clone(), stop.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    let (mcp, token) = (mcp.clone(), token.clone());
                    async move { Ok::<_, Infallible>(handle(mcp, &token, req).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                tokio::pin!(conn);
                tokio::select! {
                    r = conn.as_mut() => if let Err(e) = r {
                        tracing::debug!(%peer, "an MCP HTTP connection ended: {e}");
                    },
                    () = stop.cancelled() => conn.as_mut().graceful_shutdown(),
                }
            });
        }
        tracing::info!("the MCP endpoint stopped");
    });
    tracing::info!(url = %format!("http://{addr}{PATH}"), "the MCP endpoint listens");
    Ok(HttpEndpoint { addr, cancel, task })
}

type Body = BoxBody<Bytes, Infallible>;

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_owned())).boxed());
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// Whether `req` carries `Authorization: Bearer <token>`.
fn authorized(req: &Request<Incoming>, token: &str) -> bool {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| bool::from(given.trim().as_bytes().ct_eq(token.as_bytes())))
}

async fn handle(
    mut mcp: StreamableHttpService<ValetMcp, LocalSessionManager>,
    token: &str,
    req: Request<Incoming>,
) -> Response<Body> {
    if req.uri().path() != PATH {
        return plain(StatusCode::NOT_FOUND, "not found: Valet serves MCP at /mcp");
    }
    if !authorized(&req, token) {
        let mut r = plain(
            StatusCode::UNAUTHORIZED,
            "authorization: a bearer token is required (Settings → AI clients shows it)",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"valet\""),
        );
        return r;
    }
    match tower_service::Service::call(&mut mcp, req).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}
