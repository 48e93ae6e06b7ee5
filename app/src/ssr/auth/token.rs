//! API tokens: 32 random bytes shown once as `cm_<hex>`; only their SHA-256 is stored. (A fast hash
//! is right here: unlike passwords, tokens carry 256 bits of entropy, so there is nothing to guess.)

use sha2::{Digest, Sha256};

pub fn generate() -> Result<String, String> {
    Ok(format!("cm_{}", random_hex::<32>()?))
}

/// `N` random bytes as hex: for anything that must not be guessed (tokens, upload ids).
pub fn random_hex<const N: usize>() -> Result<String, String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(hex(&bytes))
}

pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.trim().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token in an `Authorization: Bearer …` header value.
pub fn from_header(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let (a, b) = (generate().expect("token"), generate().expect("token"));
        assert!(a.starts_with("cm_") && a.len() == 67);
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(from_header("Bearer cm_x"), Some("cm_x"));
        assert_eq!(from_header("bearer   cm_x "), Some("cm_x"));
        assert_eq!(from_header("Basic abc"), None);
        assert_eq!(from_header("Bearer "), None);
    }
}
