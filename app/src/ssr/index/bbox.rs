//! The packed tree's node boxes: `f32`, rounded outward from the exact `f64` points, so the distance
//! to a box is never more than the distance to any point inside it and pruning by it stays exact.

/// [min x, y, z, max x, y, z].
pub(super) type Bbox = [f32; 6];

/// The box of nothing: widening it by any box gives that box.
pub(super) const EMPTY: Bbox =
    [f32::INFINITY, f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];

/// The smallest box around `points`, rounded outward.
pub(super) fn around(points: &[[f64; 3]]) -> Bbox {
    let mut lo = [f64::INFINITY; 3];
    let mut hi = [f64::NEG_INFINITY; 3];
    for p in points {
        for a in 0..3 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    [down(lo[0]), down(lo[1]), down(lo[2]), up(hi[0]), up(hi[1]), up(hi[2])]
}

/// Widen `bbox` to cover `other` as well.
pub(super) fn widen(bbox: &mut Bbox, other: &Bbox) {
    for a in 0..3 {
        bbox[a] = bbox[a].min(other[a]);
        bbox[a + 3] = bbox[a + 3].max(other[a + 3]);
    }
}

/// Largest `f32` not above `x`, smallest not below: boxes rounded outward.
fn down(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) > x { r.next_down() } else { r }
}

fn up(x: f64) -> f32 {
    let r = x as f32;
    if f64::from(r) < x { r.next_up() } else { r }
}

/// Squared distance from `q` to the box: for any point p inside it, each axis' gap is at most
/// |p − q| (rounding is monotonic), so this never exceeds `distance_2(p, q)` as computed.
#[inline]
pub(super) fn box_distance_2(b: &Bbox, q: &[f64; 3]) -> f64 {
    let mut d = 0.0;
    for a in 0..3 {
        let (lo, hi) = (f64::from(b[a]), f64::from(b[a + 3]));
        let g = if q[a] < lo {
            lo - q[a]
        } else if q[a] > hi {
            q[a] - hi
        } else {
            0.0
        };
        d += g * g;
    }
    d
}
