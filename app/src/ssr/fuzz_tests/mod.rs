//! Fuzzing of every parser that takes outside input (issue 13, item 5), on stable Rust with `proptest`.
//!
//! Each target gets arbitrary bytes (as the text the parser is handed) and near-valid mutations of a seed
//! corpus committed in `tests/fuzz-corpus/`: byte flips, deletions, duplications, truncations and splices of
//! troublesome tokens (`NaN`, `1e999`, `-0`, 2⁶³, a BOM, NUL, quotes, separators). A target passes when the
//! parser never panics, refuses with its typed error (never `Internal`), and what it accepts holds the
//! invariants its callers rely on. `CAREMAP_FUZZ_CASES` sets the cases per target (default 3000);
//! `scripts/fuzz` runs many more. A failure is kept by proptest in `proptest-regressions/` and replayed first.

mod files;
mod requests;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::error::AppError;

const TOKENS: &[&str] = &[
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "-0",
    "0",
    "1",
    "-1",
    "1.5",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "4294967296",
    "2147483648",
    "\u{feff}",
    "\0",
    "\"",
    "\"\"",
    ",",
    ";",
    ":",
    "|",
    "/",
    "-",
    "&",
    "=",
    "%",
    "%ff",
    "\n",
    "\r\n",
    " ",
    "\t",
    "24:00",
    "25:61",
    "Mo-Su",
    "Su-Mo",
    "null",
    "true",
    "[]",
    "{}",
    "[",
    "{",
    "}",
    "]",
    "💥",
    "淮河",
    "e",
    "E",
    "+",
    ".",
    "..",
    "0x10",
    "1_000",
];

fn cases() -> u32 {
    std::env::var("CAREMAP_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(3000)
}

fn config() -> Config {
    Config { cases: cases(), max_shrink_iters: 2000, ..Config::default() }
}

fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz-corpus").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("seed corpus {}: {e}", path.display()))
}

fn corpus_lines(name: &str) -> Vec<String> {
    let lines: Vec<String> = corpus(name).lines().map(str::to_string).collect();
    assert!(!lines.is_empty(), "seed corpus {name} is empty");
    lines
}

/// One edit of a seed; positions are taken modulo the text's length.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
    Splice(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (any::<usize>(), 1usize..16).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<usize>(), 1usize..64).prop_map(|(p, n)| Edit::Duplicate(p, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Splice(p, t)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Splice(p, t)),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut b = seed.as_bytes().to_vec();
    for e in edits {
        let at = |p: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { p % (b.len() + 1) };
        match *e {
            Edit::Flip(p, x) if !b.is_empty() => {
                let i = p % b.len();
                b[i] = x;
            }
            Edit::Flip(..) => {}
            Edit::Delete(p, n) => {
                let i = at(p, &b);
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Edit::Duplicate(p, n) => {
                let i = at(p, &b);
                let end = (i + n).min(b.len());
                let piece = b[i..end].to_vec();
                b.splice(i..i, piece);
            }
            Edit::Truncate(p) => {
                let i = at(p, &b);
                b.truncate(i);
            }
            Edit::Splice(p, t) => {
                let i = at(p, &b);
                b.splice(i..i, TOKENS[t].bytes());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Arbitrary bytes, arbitrary text, or a mutated seed (most often).
fn input(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let n = seeds.len();
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => any::<String>(),
        6 => (0..n, proptest::collection::vec(edit(), 1..8)).prop_map(move |(i, e)| apply(&seeds[i], &e)),
    ]
}

/// A refusal must be the caller's fault, named: never `Internal` or a transport error.
fn typed(e: &AppError) {
    let status = e.status();
    assert!((400..500).contains(&status), "refused with {status}: {e:?}");
}
