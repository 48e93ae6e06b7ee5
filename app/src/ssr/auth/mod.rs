//! Who is asking: passwords, sessions, API tokens, login throttling, cross-site request defence.

pub mod csrf;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;

pub use session::{current_account, require_account, require_admin};
