//! Pieces shared by several pages.

pub mod capacity;
pub mod error_notice;
pub mod layout;
pub mod live;
pub mod result_card;
pub mod service_editor;
