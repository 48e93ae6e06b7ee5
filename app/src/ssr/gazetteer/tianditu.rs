//! The Tianditu (天地图) online geocoder, consulted before the offline gazetteer when configured.

use super::*;

/// Tianditu (天地图) geocoding: `GET {base}?ds={"keyWord":"…"}&tk=KEY`; answers CGCS2000, which is
/// WGS-84 to within centimetres, so no shift is needed.
pub struct Tianditu {
    pub base_url: String,
    pub key: String,
    client: reqwest::Client,
}

impl Tianditu {
    pub const DEFAULT_URL: &'static str = "http://api.tianditu.gov.cn/geocoder";

    pub fn new(base_url: String, key: String) -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(3))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Tianditu { base_url, key, client }
    }
}

impl Geocoder for Tianditu {
    fn geocode<'a>(&'a self, q: &'a str) -> futures::future::BoxFuture<'a, Result<Vec<Place>, String>> {
        Box::pin(async move {
            let ds = serde_json::json!({ "keyWord": q }).to_string();
            let res = self
                .client
                .get(&self.base_url)
                .query(&[("ds", ds.as_str()), ("tk", self.key.as_str())])
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let body: serde_json::Value = res.json().await.map_err(|e| e.to_string())?;
            if body["status"].as_str() != Some("0") {
                return Ok(Vec::new());
            }
            let loc = &body["location"];
            let num = |v: &serde_json::Value| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
            match (num(&loc["lat"]), num(&loc["lon"])) {
                (Some(lat), Some(lng)) if lat.is_finite() && lng.is_finite() => Ok(vec![Place {
                    name: loc["keyWord"].as_str().unwrap_or(q).to_string(),
                    kind: PlaceKind::Address,
                    lat,
                    lng,
                    approximate: false,
                    context: loc["level"].as_str().unwrap_or("").to_string(),
                }]),
                _ => Ok(Vec::new()),
            }
        })
    }
}
