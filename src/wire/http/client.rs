//! Who the client is, for throttling: the peer address the host saw, or, when that peer is a
//! trusted proxy, the first address in `X-Forwarded-For` (read from the right) that is not
//! one of the trusted proxies. A client cannot choose its key by sending the header itself:
//! only hops appended by trusted proxies are believed. An IPv6 client is keyed by its /64, the
//! smallest network a subscriber is usually given, so that it cannot take a fresh bucket from
//! each of its own addresses.

use super::Request;
use std::net::IpAddr;

/// An address or a network (`10.0.0.7`, `10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `addr` or `addr/prefix`; `None` when it is neither.
    pub fn parse(text: &str) -> Option<Network> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        if prefix > bits {
            return None;
        }
        // An IPv4-mapped network (`::ffff:10.0.0.0/104`) is the IPv4 network it maps, as the
        // addresses it is matched with are.
        Some(match address.to_canonical() {
            IpAddr::V4(v4) if address.is_ipv6() && prefix >= 96 => Network {
                address: IpAddr::V4(v4),
                prefix: prefix - 96,
            },
            _ => Network { address, prefix },
        })
    }

    /// True when `ip` is in this network. IPv4-mapped IPv6 addresses count as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// True when the first `bits` bits of `a` and `b` agree.
fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

/// The client key of a request, or `None` when the host passed no peer address (then the
/// request is not throttled: there is nothing to key it on).
pub(crate) fn key(req: &Request, trusted: &[Network]) -> Option<String> {
    let peer = req.client.as_deref()?.trim();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let Ok(peer_ip) = parse_host(peer) else {
        return Some(peer.to_owned());
    };
    if !is_trusted(peer_ip) {
        return Some(bucket(peer_ip));
    }
    let hops: Vec<&str> = req
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("x-forwarded-for"))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    let mut client = peer_ip;
    for hop in hops.iter().rev() {
        match parse_host(hop) {
            Ok(ip) if is_trusted(ip) => client = ip,
            Ok(ip) => return Some(bucket(ip)),
            // A hop that is not an address was not written by a proxy we trust: the last
            // trusted hop before it is the client as far as we can tell.
            Err(()) => break,
        }
    }
    Some(bucket(client))
}

/// The throttling key of an address: an IPv4 address itself, an IPv6 address's /64. Keys are
/// never shown, so they are numbers rather than addresses in text (whose formatting would
/// cost the WebAssembly module its IPv6 printer).
fn bucket(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => format!("v4:{}", u32::from(v4)),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) >> 64;
            format!("v6:{prefix}")
        }
    }
}

/// An address as written by hosts and proxies: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
/// `[::1]:5678`.
fn parse_host(text: &str) -> Result<IpAddr, ()> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(ip);
    }
    if let Ok(socket) = text.parse::<std::net::SocketAddr>() {
        return Ok(socket.ip());
    }
    Err(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(peer: &str, xff: &[&str]) -> Request {
        let mut r = Request::new("POST", "/api/v2/sessions");
        r.client = Some(peer.to_owned());
        for h in xff {
            r = r.header("X-Forwarded-For", h);
        }
        r
    }

    /// The key of an IPv4 address.
    fn v4(s: &str) -> String {
        format!("v4:{}", u32::from(s.parse::<std::net::Ipv4Addr>().unwrap()))
    }

    fn nets(list: &[&str]) -> Vec<Network> {
        list.iter().map(|n| Network::parse(n).unwrap()).collect()
    }

    #[test]
    fn networks_parse_and_match() {
        let n = Network::parse("10.0.0.0/8").unwrap();
        assert!(n.contains("10.200.1.2".parse().unwrap()));
        assert!(!n.contains("11.0.0.1".parse().unwrap()));
        assert!(n.contains("::ffff:10.1.2.3".parse().unwrap()));
        let one = Network::parse("192.168.1.7").unwrap();
        assert!(one.contains("192.168.1.7".parse().unwrap()));
        assert!(!one.contains("192.168.1.8".parse().unwrap()));
        let v6 = Network::parse("fd00::/8").unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("fe80::1".parse().unwrap()));
        let mapped = Network::parse("::ffff:10.0.0.0/104").unwrap();
        assert!(mapped.contains("10.9.8.7".parse().unwrap()));
        assert!(!mapped.contains("11.0.0.1".parse().unwrap()));
        assert!(Network::parse("10.0.0.0/33").is_none());
        assert!(Network::parse("example.com").is_none());
        assert!(Network::parse("10.0.0.0/x").is_none());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = nets(&["10.0.0.1"]);
        assert_eq!(
            key(&req("203.0.113.9:5000", &["1.1.1.1"]), &trusted),
            Some(v4("203.0.113.9"))
        );
        assert_eq!(key(&Request::new("GET", "/"), &trusted), None);
        // Every address of one IPv6 /64 is one client.
        let net = |s: &str| {
            format!(
                "v6:{}",
                u128::from(s.parse::<std::net::Ipv6Addr>().unwrap()) >> 64
            )
        };
        for peer in ["2001:db8:1:2::1", "[2001:db8:1:2:ffff::9]:443"] {
            assert_eq!(key(&req(peer, &[]), &trusted), Some(net("2001:db8:1:2::")));
        }
        assert_ne!(net("2001:db8:1:3::"), net("2001:db8:1:2::"));
        assert_eq!(
            key(&req("::ffff:198.51.100.4", &[]), &trusted),
            Some(v4("198.51.100.4"))
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged "6.6.6.6"; the proxy appended the real peer 198.51.100.4.
        let r = req("10.0.0.1:443", &["6.6.6.6, 198.51.100.4", "10.0.0.2"]);
        assert_eq!(key(&r, &trusted), Some(v4("198.51.100.4")));
        // Only trusted hops: the leftmost one seen.
        let r = req("10.0.0.1", &["10.0.0.3"]);
        assert_eq!(key(&r, &trusted), Some(v4("10.0.0.3")));
        // No header: the proxy itself.
        assert_eq!(key(&req("10.0.0.1", &[]), &trusted), Some(v4("10.0.0.1")));
        // Garbage in a hop stops the walk at the last trusted address.
        let r = req("[::ffff:10.0.0.1]:80", &["not-an-ip"]);
        assert_eq!(key(&r, &trusted), Some(v4("10.0.0.1")));
    }
}
