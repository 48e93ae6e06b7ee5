//! Place search with no online service: subdistricts, communities, landmarks, the imported compounds
//! and roads (`caremap places import`, see `ssr/places.rs`) and facilities, matched by part of the name,
//! by pinyin (`huaihe`) or by pinyin initials (`hh`); a road also by an address on it (`建中街225号`).
//! An online geocoder can be put in front of it (see [`Geocoder`]); it is off by default.

use std::sync::{Arc, LazyLock};

use parking_lot::RwLock;
use pinyin::ToPinyin;

use super::gazetteer_import::ImportedPlace;
use super::index::FacilityIndex;
use super::reference::{COMMUNITIES, community_point};
use crate::model::{Place, PlaceKind};
use crate::subdistricts::SUBDISTRICTS;

const LANDMARKS_CSV: &str = include_str!("../../../data/gazetteer/landmarks.csv");

/// One row of the landmarks file (`name,aliases,lng,lat,note`; aliases separated by `|`).
#[derive(serde::Deserialize)]
struct Landmark {
    name: String,
    aliases: String,
    lng: f64,
    lat: f64,
}

struct Entry {
    place: Place,
    /// Lower-case names to match: the name and its aliases.
    names: Vec<String>,
    /// Full pinyin without spaces, and initials, of each name.
    pinyin: Vec<(String, String)>,
}

fn pinyin_of(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (ch, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                // ü is typed as v on every pinyin keyboard (绿 → lv).
                full.push_str(&p.plain().replace('ü', "v"));
                initials.push_str(p.first_letter());
            }
            None if ch.is_ascii_alphanumeric() => {
                full.push(ch.to_ascii_lowercase());
                initials.push(ch.to_ascii_lowercase());
            }
            None => {}
        }
    }
    (full, initials)
}

fn entry(place: Place, aliases: &[&str]) -> Entry {
    let names: Vec<String> =
        std::iter::once(place.name.as_str()).chain(aliases.iter().copied()).map(str::to_lowercase).collect();
    let pinyin = names.iter().map(|n| pinyin_of(n)).collect();
    Entry { place, names, pinyin }
}

static FIXED: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for s in SUBDISTRICTS.iter() {
        let place = Place {
            name: s.name.to_string(),
            kind: PlaceKind::Subdistrict,
            lat: s.lat,
            lng: s.lng,
            approximate: true,
            context: "二七区".into(),
        };
        let short = s.name.trim_end_matches("街道");
        out.push(entry(place, &[short]));
    }
    for c in COMMUNITIES.iter() {
        let Some(s) = SUBDISTRICTS.iter().find(|s| s.code == c.subdistrict_code) else { continue };
        let (lat, lng) = community_point(c);
        let short = c.short_name();
        let place = Place {
            name: short.clone(),
            kind: PlaceKind::Community,
            lat,
            lng,
            approximate: true,
            context: s.name.to_string(),
        };
        out.push(entry(place, &[c.name]));
    }
    let landmarks = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(LANDMARKS_CSV.as_bytes());
    for landmark in landmarks.into_deserialize::<Landmark>().filter_map(Result::ok) {
        let aliases: Vec<&str> = landmark.aliases.split('|').filter(|a| !a.is_empty()).collect();
        let place = Place {
            name: landmark.name,
            kind: PlaceKind::Landmark,
            lat: landmark.lat,
            lng: landmark.lng,
            approximate: true,
            context: "二七区".into(),
        };
        out.push(entry(place, &aliases));
    }
    out
});

/// The imported compounds and roads, ready to match; replaced whole when an import is logged.
#[derive(Default)]
pub struct ImportedPlaces {
    entries: RwLock<Arc<Vec<Entry>>>,
}

impl ImportedPlaces {
    pub fn new(places: Vec<ImportedPlace>) -> Self {
        let out = ImportedPlaces::default();
        out.replace(places);
        out
    }

    fn replace(&self, places: Vec<ImportedPlace>) {
        let entries: Vec<Entry> = places.into_iter().map(imported_entry).collect();
        *self.entries.write() = Arc::new(entries);
    }

    /// Read every imported place again (after an import here or on another instance).
    pub async fn reload(&self, store: &super::store::Store) -> Result<(), sqlx::Error> {
        self.replace(store.load_places().await?);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What tells an imported place apart: its community and subdistrict when given, and that it is made up
/// when it comes from the sample.
fn imported_entry(p: ImportedPlace) -> Entry {
    let community = p.community_code.as_deref().and_then(|code| COMMUNITIES.iter().find(|c| c.code == code));
    let mut context = match community {
        Some(c) => match SUBDISTRICTS.iter().find(|s| s.code == c.subdistrict_code) {
            Some(s) => format!("{} · {}", c.short_name(), s.name),
            None => c.short_name(),
        },
        None => "二七区".to_string(),
    };
    if p.sample {
        context = format!("示例数据（虚构） · {context}");
    }
    let place = Place {
        name: p.name,
        kind: p.kind,
        lat: p.lat,
        lng: p.lng,
        // A road is long: its point is only somewhere along it.
        approximate: p.kind == PlaceKind::Road,
        context,
    };
    entry(place, &[])
}

/// How well `q` (lower-case) matches an entry: lower is better; `None` for no match.
fn score(e: &Entry, q: &str, q_ascii: bool) -> Option<u32> {
    let mut best: Option<u32> = None;
    let mut take = |s: u32| best = Some(best.map_or(s, |b| b.min(s)));
    for (i, name) in e.names.iter().enumerate() {
        let alias = u32::from(i > 0);
        if name == q {
            take(alias);
        } else if name.starts_with(q) {
            take(10 + alias);
        } else if name.contains(q) {
            take(20 + alias);
        }
        // An address on a road: `建中街225号` finds the road 建中街.
        if e.place.kind == PlaceKind::Road && q.len() > name.len() && q.starts_with(name.as_str()) {
            take(25 + alias);
        }
        if q_ascii {
            let (full, initials) = &e.pinyin[i];
            if full == q || initials == q {
                take(30 + alias);
            } else if full.starts_with(q) {
                take(40 + alias);
            } else if initials.starts_with(q) {
                take(45 + alias);
            } else if full.contains(q) {
                take(50 + alias);
            }
        }
    }
    best
}

/// Places matching `q` among the built-in ones and facilities, best first (see [`search_with`]).
pub fn search(q: &str, index: &FacilityIndex, limit: usize) -> Vec<Place> {
    search_with(q, index, &ImportedPlaces::default(), limit)
}

/// Places matching `q`, best first (subdistricts, then landmarks, imported compounds and roads, and
/// communities, then facilities).
pub fn search_with(q: &str, index: &FacilityIndex, imported: &ImportedPlaces, limit: usize) -> Vec<Place> {
    let q = q.trim().to_lowercase().replace(' ', "");
    if q.is_empty() {
        return Vec::new();
    }
    let q_ascii = q.chars().all(|c| c.is_ascii_alphanumeric());
    let rank = |kind: PlaceKind| match kind {
        PlaceKind::Subdistrict => 0,
        PlaceKind::Landmark | PlaceKind::Compound | PlaceKind::Road => 1,
        PlaceKind::Community => 2,
        PlaceKind::Facility | PlaceKind::Address => 3,
    };
    let imported = imported.entries.read().clone();
    let mut hits: Vec<(u32, u32, Place)> = FIXED
        .iter()
        .chain(imported.iter())
        .filter_map(|e| score(e, &q, q_ascii).map(|s| (s, rank(e.place.kind), e.place.clone())))
        .collect();
    // Facilities: matched by name (pinyin for facilities would cost memory at city scale).
    for f in index.all() {
        let name = f.name.to_lowercase();
        let s = if name == q {
            0
        } else if name.starts_with(&q) {
            10
        } else if name.contains(&q) {
            20
        } else {
            continue;
        };
        let context = f.address.clone();
        hits.push((
            s,
            3,
            Place {
                name: f.name.clone(),
                kind: PlaceKind::Facility,
                lat: f.lat,
                lng: f.lng,
                approximate: false,
                context,
            },
        ));
    }
    hits.sort_by(|a, b| {
        (a.0, a.1, a.2.name.chars().count()).cmp(&(b.0, b.1, b.2.name.chars().count())).then(a.2.name.cmp(&b.2.name))
    });
    hits.into_iter().take(limit).map(|(_, _, p)| p).collect()
}

/// An online geocoder consulted before the offline gazetteer when configured (off by default).
pub trait Geocoder: Send + Sync {
    fn geocode<'a>(&'a self, q: &'a str) -> futures::future::BoxFuture<'a, Result<Vec<Place>, String>>;
}

mod tianditu;
pub use tianditu::Tianditu;

/// Online first when configured (falling back quietly when it fails), then the offline gazetteer.
pub async fn find(
    q: &str,
    index: &FacilityIndex,
    imported: &ImportedPlaces,
    online: Option<&dyn Geocoder>,
    limit: usize,
) -> Vec<Place> {
    let mut places = Vec::new();
    if let Some(g) = online {
        match g.geocode(q).await {
            Ok(found) => places.extend(found),
            Err(e) => tracing::warn!(error = %e, "online geocoder failed; using the offline gazetteer"),
        }
    }
    places.extend(search_with(q, index, imported, limit));
    places.truncate(limit);
    places
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::reference::in_district;

    fn names(q: &str) -> Vec<String> {
        search(q, &FacilityIndex::build(Vec::new()), 5).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn partial_pinyin_and_initials() {
        assert_eq!(names("淮河路")[0], "淮河路街道");
        assert!(names("淮河").contains(&"淮河社区".to_string()));
        assert_eq!(names("huaihelu")[0], "淮河路街道");
        assert!(names("hhl").contains(&"淮河路街道".to_string()));
        assert_eq!(names("二七塔")[0], "二七纪念塔");
        assert_eq!(names("火车站")[0], "郑州火车站");
        assert!(names("zzhcz").contains(&"郑州火车站".to_string()));
        assert!(names("qwerty").is_empty());
        assert!(names("  ").is_empty());
    }

    #[tokio::test]
    async fn tianditu_answers_are_read_and_failures_fall_back_offline() {
        let app = axum::Router::new().route(
            "/geocoder",
            axum::routing::get(|q: axum::extract::Query<std::collections::HashMap<String, String>>| async move {
                let ds: serde_json::Value =
                    serde_json::from_str(q.get("ds").map_or("{}", |s| s.as_str())).unwrap_or_default();
                assert_eq!(q.get("tk").map(String::as_str), Some("KEY"));
                axum::Json(serde_json::json!({"msg": "ok", "status": "0",
                    "location": {"lon": "113.640", "lat": "34.720", "level": "门址", "keyWord": ds["keyWord"]}}))
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let online = Tianditu::new(format!("http://{addr}/geocoder"), "KEY".into());
        let index = FacilityIndex::build(Vec::new());
        let found = find("长江路50号", &index, &ImportedPlaces::default(), Some(&online), 5).await;
        assert_eq!(found[0].kind, PlaceKind::Address);
        assert_eq!((found[0].lat, found[0].lng), (34.72, 113.64));
        // Nothing listening: the offline gazetteer still answers.
        let dead = Tianditu::new("http://127.0.0.1:9/geocoder".into(), "KEY".into());
        let found = find("长江路", &index, &ImportedPlaces::default(), Some(&dead), 5).await;
        assert_eq!(found[0].name, "长江路街道");
    }

    #[test]
    fn imported_compounds_and_roads_are_found_by_name_pinyin_initials_and_address() {
        let place = |name: &str, sample| ImportedPlace {
            name: name.into(),
            kind: crate::ssr::gazetteer_import::kind_by_name(name),
            lat: 34.7295,
            lng: 113.6275,
            community_code: Some("410103001001".into()),
            sample,
        };
        let imported = ImportedPlaces::new(vec![place("绿城百合", false), place("示例建中街", true)]);
        let index = FacilityIndex::build(Vec::new());
        let first = |q: &str| search_with(q, &index, &imported, 5).into_iter().next();
        let lily = first("绿城百合").expect("found by name");
        assert_eq!(
            (lily.kind, lily.approximate, lily.context.as_str()),
            (PlaceKind::Compound, false, "淮河社区 · 淮河路街道")
        );
        for q in ["百合", "lvchengbaihe", "lcbh", "LCBH"] {
            assert_eq!(first(q).map(|p| p.name), Some("绿城百合".to_string()), "{q}");
        }
        let road = first("示例建中街225号").expect("an address on the road finds the road");
        assert_eq!((road.name.as_str(), road.kind, road.approximate), ("示例建中街", PlaceKind::Road, true));
        assert!(road.context.starts_with("示例数据（虚构）"), "{}", road.context);
        // Not known before the import, and gone when replaced.
        assert!(search("绿城百合", &index, 5).is_empty());
        imported.replace(Vec::new());
        assert!(first("绿城百合").is_none() && imported.is_empty());
    }

    #[test]
    fn every_community_is_searchable_and_placed_inside_the_district() {
        for c in COMMUNITIES.iter() {
            let hits = search(&c.short_name(), &FacilityIndex::build(Vec::new()), 50);
            let hit = hits.iter().find(|p| p.kind == PlaceKind::Community && p.name == c.short_name()).expect("found");
            assert!(hit.approximate);
            assert!(in_district(hit.lat, hit.lng), "{} placed outside", c.name);
        }
    }
}
