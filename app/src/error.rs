//! The one error type of every server function and API handler. It crosses the wire as JSON
//! (`{"error":"bad_request","field":"lat","code":"err_lat_range","message":"…"}`): `error` and `field` are
//! the stable machine part, `code` the message's key in the catalogue (`app/locales/*.json`) and `message`
//! its text in the visitor's language ([`current_locale`]). Internal causes are logged, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::message::{Message, current_locale};
use crate::model::ServiceCapacity;
use crate::msg;

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    BadRequest {
        field: String,
        message: Message,
    },
    /// `what` is the machine's name of what was looked for (`facility \`x\``); `message` the visitor's.
    NotFound {
        what: String,
        message: Message,
    },
    Unauthorized,
    /// Deliberately says nothing about which of the two was wrong.
    LoginFailed,
    Forbidden {
        message: Message,
    },
    /// A stale edit: `current` is what the figure is now.
    Conflict {
        message: Message,
        current: Option<ServiceCapacity>,
    },
    /// Well-formed but impossible (e.g. more free places than the maximum); nothing changed.
    Unprocessable {
        message: Message,
        current: Option<ServiceCapacity>,
    },
    TooManyRequests {
        retry_after_s: u32,
    },
    Internal,
    /// The database cannot be reached (or cannot write) just now: nothing was changed; try again soon.
    Unavailable {
        message: Message,
    },
    /// The transport failed (offline, timeout, undecodable answer): seen by the browser only. `detail` is
    /// the transport's own words (for the console), not shown.
    Network {
        detail: String,
    },
}

impl AppError {
    pub fn bad_param(field: &str, message: Message) -> Self {
        AppError::BadRequest { field: field.to_string(), message }
    }

    /// Something looked for is not there: `what` for machines, `message` for people.
    pub fn not_found(what: impl Into<String>, message: Message) -> Self {
        AppError::NotFound { what: what.into(), message }
    }

    /// No facility with this id.
    pub fn no_facility(id: &str) -> Self {
        AppError::not_found(format!("facility `{id}`"), msg!(err_no_facility, id = id))
    }

    pub fn forbidden(message: Message) -> Self {
        AppError::Forbidden { message }
    }

    /// The error's machine name (`error` on the wire).
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::BadRequest { .. } => "bad_request",
            AppError::NotFound { .. } => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::LoginFailed => "login_failed",
            AppError::Forbidden { .. } => "forbidden",
            AppError::Conflict { .. } => "conflict",
            AppError::Unprocessable { .. } => "unprocessable",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Internal => "internal",
            AppError::Unavailable { .. } => "unavailable",
            AppError::Network { .. } => "network",
        }
    }

    /// What the visitor is told.
    pub fn message(&self) -> Message {
        match self {
            AppError::BadRequest { message, .. }
            | AppError::NotFound { message, .. }
            | AppError::Forbidden { message }
            | AppError::Conflict { message, .. }
            | AppError::Unprocessable { message, .. }
            | AppError::Unavailable { message } => message.clone(),
            AppError::Unauthorized => msg!(err_unauthorized),
            AppError::LoginFailed => msg!(err_login_failed),
            AppError::TooManyRequests { retry_after_s } => msg!(err_too_many, s = *retry_after_s),
            AppError::Internal => msg!(err_internal),
            AppError::Network { .. } => msg!(network_error),
        }
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

/// The message in the language being answered in ([`current_locale`]).
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().render(current_locale()))
    }
}

impl std::error::Error for AppError {}

/// The wire form, both ways. Every field but `error` is optional, so an older or newer peer still reads.
#[derive(Serialize, Deserialize, Default)]
struct Wire {
    error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    what: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after_s: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current: Option<ServiceCapacity>,
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let message = self.message();
        let mut wire = Wire {
            error: self.kind().to_string(),
            code: Some(message.code().to_string()),
            message: Some(message.render(current_locale())),
            ..Wire::default()
        };
        match self {
            AppError::BadRequest { field, .. } => wire.field = Some(field.clone()),
            AppError::NotFound { what, .. } => wire.what = Some(what.clone()),
            AppError::TooManyRequests { retry_after_s } => wire.retry_after_s = Some(*retry_after_s),
            AppError::Conflict { current, .. } | AppError::Unprocessable { current, .. } => {
                wire.current = current.clone()
            }
            _ => {}
        }
        wire.serialize(s)
    }
}

impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = Wire::deserialize(d)?;
        let message = || Message::rendered(w.code.clone().unwrap_or_default(), w.message.clone().unwrap_or_default());
        Ok(match w.error.as_str() {
            "bad_request" => AppError::BadRequest { field: w.field.clone().unwrap_or_default(), message: message() },
            "not_found" => AppError::NotFound { what: w.what.clone().unwrap_or_default(), message: message() },
            "unauthorized" => AppError::Unauthorized,
            "login_failed" => AppError::LoginFailed,
            "forbidden" => AppError::Forbidden { message: message() },
            "conflict" => AppError::Conflict { message: message(), current: w.current.clone() },
            "unprocessable" => AppError::Unprocessable { message: message(), current: w.current.clone() },
            "too_many_requests" => AppError::TooManyRequests { retry_after_s: w.retry_after_s.unwrap_or(1) },
            "unavailable" => AppError::Unavailable { message: message() },
            "network" => AppError::Network { detail: w.message.clone().unwrap_or_default() },
            _ => AppError::Internal,
        })
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request could not be decoded into the function's arguments.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::bad_param("request", msg!(err_request_args))
            }
            // On the server, undecodable JSON is the caller's request (a 400, without serde's wording,
            // which names internal types); in the browser it is an answer that did not arrive intact.
            ServerFnErrorErr::Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::bad_param("body", msg!(err_body_shape))
            }
            ServerFnErrorErr::Request(m) | ServerFnErrorErr::Response(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Network { detail: m }
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
        let json = serde_json::to_value(AppError::bad_param("lat", msg!(err_required))).expect("json");
        assert_eq!(json["error"], "bad_request");
        assert_eq!(json["field"], "lat");
        assert_eq!(json["code"], "err_required");
        assert_eq!(AppError::bad_param("lat", msg!(err_required)).status(), 400);
        let internal = serde_json::to_value(AppError::Internal).expect("json");
        assert_eq!((internal["error"].as_str(), internal["code"].as_str()), (Some("internal"), Some("err_internal")));
    }

    #[test]
    fn read_back_keeps_the_machine_part_and_the_text() {
        let sent = AppError::Conflict { message: msg!(err_someone_else), current: None };
        let json = serde_json::to_string(&sent).expect("json");
        let back: AppError = serde_json::from_str(&json).expect("read");
        assert_eq!(back.kind(), "conflict");
        assert_eq!(back.message().code(), "err_someone_else");
        assert_eq!(back.to_string(), sent.to_string());
    }
}
