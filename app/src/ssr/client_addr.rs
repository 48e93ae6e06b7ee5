//! The client's address, decided once per request by the server's `client_addr` middleware (the socket's
//! peer, or what a trusted reverse proxy reports) and read from here by every throttle and limit.

use std::net::IpAddr;

/// `None` only when the request came without a socket address (tests calling the router directly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

/// The current request's client address, inside a server function.
pub async fn current() -> Option<IpAddr> {
    leptos_axum::extract::<axum::Extension<ClientAddr>>().await.ok().and_then(|e| e.0.0)
}
