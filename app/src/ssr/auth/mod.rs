//! Who is asking: passwords, sessions, API tokens, login throttling, cross-site request defence.

pub mod csrf;
pub mod password;
mod reset;
pub mod session;
pub mod token;

pub use reset::reset_password;
pub use session::{current_account, require_account, require_admin};
