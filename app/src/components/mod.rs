//! Server-rendered pieces shared by several pages.

pub mod error_notice;
pub mod filters;
pub mod layout;
pub mod result_card;
