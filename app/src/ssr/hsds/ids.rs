//! HSDS ids: UUIDv5s derived from CareMap's ids, so the same data always exports with the same ids
//! and an export can be imported and exported again unchanged.

use uuid::Uuid;

/// CareMap's namespace for UUIDv5 (drawn at random once; never change it: every published id depends on it).
const NAMESPACE: Uuid = Uuid::from_u128(0x17d3_e626_d3cd_47ad_a16b_3376_02dc_1952);

/// The id of one HSDS object: `what` is its type (`location`, `service`, …) and `key` the CareMap
/// id it stands for (a facility id, or `facility/service`).
pub fn id(what: &str, key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{what}:{key}").as_bytes()).to_string()
}

pub fn organization(facility: &str) -> String {
    id("organization", facility)
}

pub fn location(facility: &str) -> String {
    id("location", facility)
}

pub fn service(facility: &str, service: &str) -> String {
    id("service", &format!("{facility}/{service}"))
}

pub fn service_at_location(facility: &str, service: &str) -> String {
    id("service_at_location", &format!("{facility}/{service}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_version_5_and_distinct_per_type() {
        let a = location("dc-410103013004");
        assert_eq!(a, location("dc-410103013004"));
        let parsed = Uuid::parse_str(&a).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 5);
        assert_ne!(a, organization("dc-410103013004"));
        assert_ne!(service("f", "meals"), service_at_location("f", "meals"));
        assert_ne!(service("f", "meals"), service("f", "bathing"));
        // Pinned: a changed namespace or key format would silently re-id every published object.
        assert_eq!(id("location", "x"), Uuid::new_v5(&NAMESPACE, b"location:x").to_string());
    }
}
