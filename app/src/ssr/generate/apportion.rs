//! Splitting a whole number into whole parts in given proportions, summing exactly to it.

/// Split `total` in proportion to `weights` by largest remainder (Hamilton's method): each part is its
/// exact quota rounded down, and the units left over go one each to the largest remainders, ties to
/// the earlier part. Integer weights keep every step exact, so the split is the same on any machine.
/// All-zero weights give all-zero parts.
pub fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<u128> = weights.iter().map(|&w| u128::from(total) * u128::from(w)).collect();
    let mut parts: Vec<u64> = exact.iter().map(|&e| (e / sum) as u64).collect();
    let left = total - parts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest remainder first; the stable sort keeps ties in their original order.
    order.sort_by(|&a, &b| (exact[b] % sum).cmp(&(exact[a] % sum)));
    for &i in order.iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_exactly_and_rounds_by_largest_remainder() {
        // 10 in 1:1:1 → quotas 3⅓ each: 3, 3, 3 and one left for the first (ties go earlier).
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
        // 7 in 1:2:4 → exactly 1, 2, 4.
        assert_eq!(apportion(7, &[1, 2, 4]), vec![1, 2, 4]);
        // 9 in 5:3:2 → quotas 4.5, 2.7, 1.8: floors 4, 2, 1 (7); the two left go to the largest
        // remainders, .8 and .7.
        assert_eq!(apportion(9, &[5, 3, 2]), vec![4, 3, 2]);
        assert_eq!(apportion(5, &[0, 0]), vec![0, 0]);
        assert_eq!(apportion(0, &[3, 1]), vec![0, 0]);
    }
}
