//! Server-rendered pieces shared by several pages.

pub mod access_map;
pub mod access_section;
pub mod catchment_card;
pub mod catchment_map;
pub mod catchment_section;
pub mod chart;
pub mod error_notice;
pub mod facility_history;
pub mod facility_link;
pub mod filters;
pub mod layout;
pub mod loaded;
pub mod no_place;
pub mod record;
pub mod register_forms;
pub mod result_card;
pub mod results_nav;
pub mod trend;
pub mod work_list;
