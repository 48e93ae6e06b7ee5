//! Login throttling per account and per client address (GCRA through the `governor` crate):
//! a handful of quick attempts, then one every few seconds.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct Throttles {
    by_login: DefaultKeyedRateLimiter<String>,
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    /// Residents' reports per address.
    reports: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every).map_or_else(|| Quota::per_minute(burst), |q| q.allow_burst(burst))
}

impl Throttles {
    /// Per account: 5 attempts, then one per 12 s. Per address: 20 attempts, then one per 3 s
    /// (a family or an office behind one address stays usable; a password sprayer does not).
    pub fn new() -> Self {
        Self::with_quotas(quota(5, Duration::from_secs(12)), quota(20, Duration::from_secs(3)))
    }

    pub fn with_quotas(per_login: Quota, per_ip: Quota) -> Self {
        Throttles {
            by_login: RateLimiter::keyed(per_login),
            by_ip: RateLimiter::keyed(per_ip),
            // 5 reports, then one every 2 minutes: enough for a family, too few for a flood.
            reports: RateLimiter::keyed(quota(5, Duration::from_secs(120))),
            clock: DefaultClock::default(),
        }
    }

    /// `Err(seconds to wait)` when this attempt is over either limit.
    pub fn check(&self, login: &str, ip: Option<IpAddr>) -> Result<(), u32> {
        let wait = |e: governor::NotUntil<_>| e.wait_time_from(self.clock.now()).as_secs().max(1) as u32;
        if let Some(ip) = ip {
            self.by_ip.check_key(&ip).map_err(wait)?;
        }
        self.by_login.check_key(&login.trim().to_lowercase()).map_err(wait)?;
        Ok(())
    }

    /// `Err(seconds to wait)` when this address has reported too often.
    pub fn check_report(&self, ip: Option<IpAddr>) -> Result<(), u32> {
        let Some(ip) = ip else { return Ok(()) };
        self.reports.check_key(&ip).map_err(|e| e.wait_time_from(self.clock.now()).as_secs().max(1) as u32)
    }

    /// Forget idle keys (called now and then so the maps do not grow without bound).
    pub fn tidy(&self) {
        self.by_login.retain_recent();
        self.by_ip.retain_recent();
        self.reports.retain_recent();
    }
}

impl Default for Throttles {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_burst_per_login_and_per_ip() {
        let t = Throttles::new();
        let ip: IpAddr = [10, 0, 0, 1].into();
        for _ in 0..5 {
            assert!(t.check("alice", Some(ip)).is_ok());
        }
        assert!(t.check("Alice", Some(ip)).is_err(), "same account, any case");
        assert!(t.check("bob", Some(ip)).is_ok(), "other accounts unaffected");
        let other: IpAddr = [10, 0, 0, 2].into();
        let sprayer: IpAddr = [10, 0, 0, 3].into();
        for i in 0..20 {
            assert!(t.check(&format!("user{i}"), Some(sprayer)).is_ok());
        }
        assert!(t.check("user99", Some(sprayer)).is_err(), "one address trying many accounts");
        assert!(t.check("carol", Some(other)).is_ok());
    }
}
