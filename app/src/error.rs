//! The one error type of every server function and API handler. It crosses the wire as JSON
//! (`{"error":"bad_request","field":"lat","message":"…"}`); internal causes are logged, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::model::ServiceCapacity;

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("invalid `{field}`: {message}")]
    BadRequest { field: String, message: String },
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("please log in")]
    Unauthorized,
    /// Deliberately says nothing about which of the two was wrong.
    #[error("登录名或密码不正确 (wrong login or password)")]
    LoginFailed,
    #[error("{message}")]
    Forbidden { message: String },
    /// A stale edit: `current` is what the figure is now.
    #[error("{message}")]
    Conflict { message: String, current: Option<ServiceCapacity> },
    /// Well-formed but impossible (e.g. more free places than the maximum); nothing changed.
    #[error("{message}")]
    Unprocessable { message: String, current: Option<ServiceCapacity> },
    #[error("too many attempts; try again in {retry_after_s} s")]
    TooManyRequests { retry_after_s: u32 },
    #[error("something went wrong on our side; please try again")]
    Internal,
    /// The database cannot be reached (or cannot write) just now: nothing was changed; try again soon.
    #[error("{message}")]
    Unavailable { message: String },
    /// The transport failed (offline, timeout, undecodable answer): seen by the browser only.
    #[error("could not reach CareMap: {message}")]
    Network { message: String },
}

impl AppError {
    pub fn bad_param(field: &str, message: impl Into<String>) -> Self {
        AppError::BadRequest { field: field.to_string(), message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden { message: message.into() }
    }

    /// The figure as it is now, when a change was refused because of it.
    pub fn current(&self) -> Option<&ServiceCapacity> {
        match self {
            AppError::Conflict { current, .. } | AppError::Unprocessable { current, .. } => current.as_ref(),
            _ => None,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest { .. } => 400,
            AppError::Unauthorized | AppError::LoginFailed => 401,
            AppError::Forbidden { .. } => 403,
            AppError::NotFound { .. } => 404,
            AppError::Conflict { .. } => 409,
            AppError::Unprocessable { .. } => 422,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal => 500,
            AppError::Unavailable { .. } => 503,
            AppError::Network { .. } => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request could not be decoded into the function's arguments.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::bad_param("request", m),
            // On the server, undecodable JSON is the caller's request (a 400, without serde's wording,
            // which names internal types); in the browser it is an answer that did not arrive intact.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::bad_param("body", "the request body is not what this endpoint takes")
            }
            ServerFnErrorErr::Request(m) | ServerFnErrorErr::Response(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Network { message: m }
            }
            _ => AppError::Internal,
        }
    }

    /// Server functions answer every error with 500 and no hook for the status; but `ser` runs inside the
    /// request's reactive owner, where `ResponseOptions` (applied to the response afterwards) can be set. So
    /// a failed server function is answered with this error's own status, by the same mapping as the API
    /// handlers and the pages ([`AppError::status`]).
    fn ser(&self) -> leptos::server_fn::Bytes {
        crate::http_status::set_for_server_fn(self.status());
        <JsonEncoding as leptos::server_fn::Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#"{"error":"internal"}"#))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_names_the_field() {
        let json = serde_json::to_value(AppError::bad_param("lat", "is required")).expect("json");
        assert_eq!(json, serde_json::json!({"error": "bad_request", "field": "lat", "message": "is required"}));
        assert_eq!(AppError::bad_param("lat", "x").status(), 400);
        assert_eq!(serde_json::to_value(AppError::Internal).expect("json"), serde_json::json!({"error": "internal"}));
    }
}
