//! The district's real 2020 census totals (data/reference/erqi-census-2020.csv, 5-year bands) turned
//! into the age groups population files count.

use super::apportion::apportion;

const CENSUS_CSV: &str = include_str!("../../../../data/reference/erqi-census-2020.csv");

/// Residents per [`AgeGroup`](crate::model::AgeGroup), in `AgeGroup::ALL` order.
pub type GroupTotals = [u32; 6];

/// One row of the file (`age_band,male,female,total`); only the band's label and total are used.
#[derive(serde::Deserialize)]
struct Band {
    age_band: String,
    total: u64,
}

fn bands() -> Result<Vec<Band>, String> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(CENSUS_CSV.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the census file: {e}"))
}

/// One band's total, by its label (`0`, `1-4`, …, `85+`).
fn band(bands: &[Band], label: &str) -> Result<u64, String> {
    bands
        .iter()
        .find(|b| b.age_band == label)
        .map(|b| b.total)
        .ok_or_else(|| format!("the census file has no total for the band `{label}`"))
}

/// The total of every band starting at `from` years or older.
fn aged(bands: &[Band], from: u64) -> Result<u64, String> {
    let mut sum = 0;
    for b in bands {
        let start: u64 = b.age_band.split(['-', '+']).next().and_then(|s| s.parse().ok()).ok_or("bad band label")?;
        if start >= from {
            sum += b.total;
        }
    }
    Ok(sum)
}

/// The census totals per group. The four children's groups cut across the 5-year bands, so each band
/// is taken as spread evenly over its years (a fifth per year; the band 1–4 a quarter): 0–2 is band 0
/// plus two quarters of 1–4; 3–5 two quarters of 1–4 plus a fifth of 5–9; 6–11 four fifths of 5–9
/// plus two fifths of 10–14; 12–14 three fifths of 10–14. The fractions are rounded by largest
/// remainder so that the four sum exactly to the census's 0–14 total. 60+ and 80+ are whole bands.
pub fn census_totals() -> Result<GroupTotals, String> {
    let bands = bands()?;
    let (b0, b1, b5, b10) = (band(&bands, "0")?, band(&bands, "1-4")?, band(&bands, "5-9")?, band(&bands, "10-14")?);
    // In twentieths of a person (the least common multiple of the quarters and fifths): exact.
    let twentieths = [20 * b0 + 10 * b1, 10 * b1 + 4 * b5, 16 * b5 + 8 * b10, 12 * b10];
    let children = apportion(b0 + b1 + b5 + b10, &twentieths);
    let mut out = [0u32; 6];
    for (i, n) in children.into_iter().chain([aged(&bands, 60)?, aged(&bands, 80)?]).enumerate() {
        out[i] = u32::try_from(n).map_err(|_| "a census total does not fit".to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_worked_out_by_hand() {
        // Bands: 0 → 10,202; 1–4 → 58,286; 5–9 → 67,026; 10–14 → 54,144 (0–14: 189,658).
        // 0–2   = 10,202 + 58,286 × 2/4                 = 39,345
        // 3–5   = 58,286 × 2/4 + 67,026 × 1/5           = 42,548.2
        // 6–11  = 67,026 × 4/5 + 54,144 × 2/5           = 75,278.4
        // 12–14 = 54,144 × 3/5                          = 32,486.4
        // Floors sum to 189,657; the one left goes to the largest remainder, .4, tied between
        // 6–11 and 12–14: the earlier (younger) group takes it.
        // 60+ = 42,652 + 37,349 + 21,726 + 13,950 + 11,210 + 8,823 = 135,710; 80+ = 11,210 + 8,823 = 20,033.
        assert_eq!(census_totals(), Ok([39_345, 42_548, 75_279, 32_486, 135_710, 20_033]));
    }
}
