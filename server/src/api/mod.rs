//! Plain HTTP endpoints for machines (beside the server functions the pages use).

pub mod capacity;
pub mod export;
pub mod live;
