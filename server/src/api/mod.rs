//! Plain HTTP endpoints for machines (beside the server functions the pages use).

pub mod capacity;
pub mod catchments;
pub mod export;
pub mod hsds;
pub mod lists;
pub mod live;
pub mod nearest;
pub mod registers;
