//! The order the packed tree lays its points out in: a Hilbert curve over a cube map of the sphere
//! (as S2 does), so neighbours on the curve are neighbours on the ground and sixteen consecutive
//! points make a tight box. The order only decides how fast a search is, never what it finds.
//!
//! Each unit vector goes to the cube face its largest coordinate points at; on that face the other
//! two coordinates divided by the largest (a gnomonic projection, no trigonometry) give a position in
//! [-1, 1]², stretched over the bounding square of that face's points and cut into 2¹⁶ × 2¹⁶ cells.
//! The sort key is face (3 bits) · Hilbert index (32 bits) · position in the input (29 bits): equal
//! cells keep the input's order, so a build is deterministic.

/// Inputs larger than this cannot be keyed (29 bits of position).
pub(super) const MAX_POINTS: usize = 1 << 29;

use rayon::prelude::*;

/// The input positions of `items` in the curve order of their points (`point` reads one; no copy of
/// them is made).
pub(super) fn curve_order<T: Sync>(items: &[T], point: impl Fn(&T) -> [f64; 3] + Sync) -> Vec<u32> {
    assert!(items.len() < MAX_POINTS - 2, "a packed tree holds fewer than 2^29 - 2 points");
    // Bounding square of each face's (u, v).
    let empty = || [[f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY]; 6];
    let bounds = items
        .par_iter()
        .with_min_len(super::packed::PAR_MIN)
        .fold(empty, |mut bounds, item| {
            let (face, u, v) = face_uv(&point(item));
            let b = &mut bounds[face];
            b[0] = b[0].min(u);
            b[1] = b[1].min(v);
            b[2] = b[2].max(u);
            b[3] = b[3].max(v);
            bounds
        })
        .reduce(empty, |mut a, b| {
            for (a, b) in a.iter_mut().zip(b) {
                a[0] = a[0].min(b[0]);
                a[1] = a[1].min(b[1]);
                a[2] = a[2].max(b[2]);
                a[3] = a[3].max(b[3]);
            }
            a
        });
    let scale = bounds.map(|b| {
        let side = (b[2] - b[0]).max(b[3] - b[1]);
        if side > 0.0 { f64::from(u16::MAX) / side } else { 0.0 }
    });
    let mut keys: Vec<u64> = Vec::with_capacity(items.len());
    items
        .par_iter()
        .with_min_len(super::packed::PAR_MIN)
        .enumerate()
        .map(|(i, item)| {
            let (face, u, v) = face_uv(&point(item));
            let (b, s) = (&bounds[face], scale[face]);
            // Saturating float-to-int casts: a NaN or a rounding past the edge stays on the grid.
            let x = ((u - b[0]) * s) as u16;
            let y = ((v - b[1]) * s) as u16;
            ((face as u64) << 61) | (u64::from(hilbert(u32::from(x), u32::from(y))) << 29) | i as u64
        })
        .collect_into_vec(&mut keys);
    sorted_positions(keys)
}

/// Cube face (0–5) and the gnomonic coordinates on it.
fn face_uv(p: &[f64; 3]) -> (usize, f64, f64) {
    let [x, y, z] = *p;
    let (ax, ay, az) = (x.abs(), y.abs(), z.abs());
    let (axis, major, u, v) = if ax >= ay && ax >= az {
        (0, x, y, z)
    } else if ay >= az {
        (1, y, x, z)
    } else {
        (2, z, x, y)
    };
    let m = major.abs();
    let (u, v) = if m > 0.0 { (u / m, v / m) } else { (0.0, 0.0) };
    (axis * 2 + usize::from(major < 0.0), u, v)
}

/// The positions in the low bits of `keys`, in the order of their top 35 bits (face and Hilbert
/// index), the input order among equals: an LSD radix sort in three passes of 12 bits, whose three
/// histograms are counted in one pass on every core and whose last pass writes the positions
/// themselves; the standard sort for small inputs (the position in the low bits makes the full-key
/// order the same).
fn sorted_positions(mut keys: Vec<u64>) -> Vec<u32> {
    const SHIFTS: [u32; 3] = [29, 41, 53];
    const DIGITS: usize = 4096;
    let position = |k: u64| (k & (MAX_POINTS as u64 - 1)) as u32;
    if keys.len() < DIGITS {
        keys.sort_unstable();
        return keys.into_iter().map(position).collect();
    }
    let empty = || vec![0usize; SHIFTS.len() * DIGITS];
    let mut counts = keys
        .par_chunks(super::packed::PAR_MIN)
        .fold(empty, |mut counts, chunk| {
            for &k in chunk {
                for (pass, shift) in SHIFTS.iter().enumerate() {
                    counts[pass * DIGITS + ((k >> shift) & 0xFFF) as usize] += 1;
                }
            }
            counts
        })
        .reduce(empty, |mut a, b| {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
            a
        });
    // Where each digit's run starts, pass by pass.
    for pass in counts.chunks_mut(DIGITS) {
        let mut at = 0;
        for c in pass {
            (*c, at) = (at, at + *c);
        }
    }
    let mut passes = counts.chunks_mut(DIGITS);
    let mut other = vec![0u64; keys.len()];
    for (shift, starts) in SHIFTS[..2].iter().zip(&mut passes) {
        for &k in &keys {
            let digit = ((k >> shift) & 0xFFF) as usize;
            other[starts[digit]] = k;
            starts[digit] += 1;
        }
        std::mem::swap(&mut keys, &mut other);
    }
    drop(other);
    let mut order = vec![0u32; keys.len()];
    if let Some(starts) = passes.next() {
        for &k in &keys {
            let digit = ((k >> SHIFTS[2]) & 0xFFF) as usize;
            order[starts[digit]] = position(k);
            starts[digit] += 1;
        }
    }
    order
}

/// Hilbert index of a cell of the 2¹⁶ × 2¹⁶ grid (the branch-free construction of "Fast Hilbert curve
/// generation, sorting, and range queries", also used by flatbush).
pub(super) fn hilbert(x: u32, y: u32) -> u32 {
    let mut a = x ^ y;
    let mut b = 0xFFFF ^ a;
    let mut c = 0xFFFF ^ (x | y);
    let mut d = x & (y ^ 0xFFFF);

    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    let mut dd = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

    for shift in [2, 4] {
        a = aa;
        b = bb;
        c = cc;
        d = dd;
        aa = (a & (a >> shift)) ^ (b & (b >> shift));
        bb = (a & (b >> shift)) ^ (b & ((a ^ b) >> shift));
        cc ^= (a & (c >> shift)) ^ (b & (d >> shift));
        dd ^= (b & (c >> shift)) ^ ((a ^ b) & (d >> shift));
    }

    a = aa;
    b = bb;
    c = cc;
    d = dd;
    cc ^= (a & (c >> 8)) ^ (b & (d >> 8));
    dd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

    a = cc ^ (cc >> 1);
    b = dd ^ (dd >> 1);

    let i0 = spread(x ^ y);
    let i1 = spread(b | (0xFFFF ^ (x ^ y | a)));
    (i1 << 1) | i0
}

/// The low 16 bits of `v` moved to the even bit positions.
fn spread(mut v: u32) -> u32 {
    v &= 0xFFFF;
    v = (v | (v << 8)) & 0x00FF_00FF;
    v = (v | (v << 4)) & 0x0F0F_0F0F;
    v = (v | (v << 2)) & 0x3333_3333;
    (v | (v << 1)) & 0x5555_5555
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At any resolution the curve visits every cell once and steps to a side neighbour each time.
    #[test]
    fn hilbert_steps_between_neighbouring_cells() {
        let bits = 6;
        let side = 1u32 << bits;
        let mut cells: Vec<(u32, u32, u32)> = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                (hilbert(x << (16 - bits), y << (16 - bits)) >> (32 - 2 * bits), x, y)
            })
            .collect();
        cells.sort_unstable();
        for (i, w) in cells.windows(2).enumerate() {
            assert_eq!(w[0].0, i as u32);
            assert_eq!(w[0].1.abs_diff(w[1].1) + w[0].2.abs_diff(w[1].2), 1, "{:?}", w);
        }
    }

    #[test]
    fn radix_and_standard_sort_agree() {
        let mut rng = fastrand::Rng::with_seed(5);
        let points: Vec<[f64; 3]> = (0..20_000)
            .map(|_| crate::ssr::index::unit_vector(rng.f64() * 180.0 - 90.0, rng.f64() * 360.0 - 180.0))
            .collect();
        let order = curve_order(&points, |p| *p);
        let mut seen = vec![false; points.len()];
        for &i in &order {
            assert!(!std::mem::replace(&mut seen[i as usize], true));
        }
        let keys: Vec<u64> = (0..50_000u64).map(|i| (rng.u64(..) & !((1 << 29) - 1)) | i).collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        let expected: Vec<u32> = expected.into_iter().map(|k| (k & ((1 << 29) - 1)) as u32).collect();
        assert_eq!(sorted_positions(keys), expected);
    }
}
