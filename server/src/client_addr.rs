//! Who is asking: the socket's peer, or — only when that peer is one of the configured trusted proxies —
//! the address the proxy reports in the configured header (parsed by the `client-ip` crate: the
//! rightmost `X-Forwarded-For` entry, the one the proxy itself appended; or `X-Real-Ip`). A header sent by
//! anyone else is ignored, so no visitor can pick their own address to slip a throttle. Decided once per
//! connection's request in `commands/serve.rs`; every throttle and limit reads the result
//! ([`app::ssr::client_addr::ClientAddr`]).

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The header a trusted proxy puts the client's address in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum ProxyHeader {
    /// No proxy in front: the socket's peer is the client.
    None,
    /// nginx's `proxy_add_x_forwarded_for`, HAProxy, most load balancers.
    XForwardedFor,
    /// nginx's `proxy_set_header X-Real-IP $remote_addr`.
    XRealIp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddrRule {
    header: ProxyHeader,
    trusted: Vec<IpNet>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClientAddrError {
    #[error("--trusted-proxy `{0}` must be an address or a range like 10.0.0.0/8")]
    BadProxy(String),
    #[error("--client-ip-header {0} needs --trusted-proxy (the proxy whose header is believed)")]
    NoProxy(&'static str),
    #[error("--trusted-proxy needs --client-ip-header (the header that proxy sets)")]
    NoHeader,
}

impl ClientAddrRule {
    pub fn direct() -> Self {
        ClientAddrRule { header: ProxyHeader::None, trusted: Vec::new() }
    }

    pub fn new(header: ProxyHeader, trusted: &[String]) -> Result<Self, ClientAddrError> {
        let trusted = trusted
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(|t| {
                t.parse::<IpNet>()
                    .or_else(|_| t.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| ClientAddrError::BadProxy(t.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        match (header, trusted.is_empty()) {
            (ProxyHeader::None, false) => Err(ClientAddrError::NoHeader),
            (h, true) if h != ProxyHeader::None => Err(ClientAddrError::NoProxy(h.into())),
            _ => Ok(ClientAddrRule { header, trusted }),
        }
    }

    /// The client's address for a request that came from `peer` with `headers`.
    pub fn resolve(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if self.header == ProxyHeader::None || !self.trusted.iter().any(|net| net.contains(&peer)) {
            return peer;
        }
        let reported = match self.header {
            ProxyHeader::XForwardedFor => client_ip::rightmost_x_forwarded_for(headers),
            ProxyHeader::XRealIp => client_ip::x_real_ip(headers),
            ProxyHeader::None => return peer,
        };
        // A trusted proxy that sent no usable header: the request is the proxy's own.
        reported.map_or(peer, |ip| ip.to_canonical())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            if let (Ok(k), Ok(v)) = (k.parse::<axum::http::HeaderName>(), v.parse()) {
                h.append(k, v);
            }
        }
        h
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        let xff = headers(&[("x-forwarded-for", "198.51.100.7, 203.0.113.9")]);
        let direct = ClientAddrRule::direct();
        assert_eq!(direct.resolve(ip("192.0.2.1"), &xff), ip("192.0.2.1"), "no proxy: the header is ignored");

        let behind = ClientAddrRule::new(ProxyHeader::XForwardedFor, &["10.0.0.0/8".into()]).expect("rule");
        assert_eq!(behind.resolve(ip("10.1.2.3"), &xff), ip("203.0.113.9"), "the rightmost entry, the proxy's own");
        assert_eq!(behind.resolve(ip("192.0.2.1"), &xff), ip("192.0.2.1"), "not the proxy: ignored");
        assert_eq!(behind.resolve(ip("10.1.2.3"), &HeaderMap::new()), ip("10.1.2.3"));
        assert_eq!(behind.resolve(ip("::ffff:10.1.2.3"), &xff), ip("203.0.113.9"), "IPv4-mapped peers");

        let real = ClientAddrRule::new(ProxyHeader::XRealIp, &["127.0.0.1".into()]).expect("rule");
        assert_eq!(real.resolve(ip("127.0.0.1"), &headers(&[("x-real-ip", "198.51.100.7")])), ip("198.51.100.7"));

        assert_eq!(ClientAddrRule::new(ProxyHeader::XRealIp, &[]), Err(ClientAddrError::NoProxy("x-real-ip")));
        assert_eq!(ClientAddrRule::new(ProxyHeader::None, &["10.0.0.1".into()]), Err(ClientAddrError::NoHeader));
        assert!(matches!(
            ClientAddrRule::new(ProxyHeader::XForwardedFor, &["proxy.local".into()]),
            Err(ClientAddrError::BadProxy(_))
        ));
    }
}
