//! Who is asking: the client's network address, for the login throttle. Behind a reverse
//! proxy every connection comes from the proxy, so the address it forwarded is used — but only
//! when the connection really comes from a configured trusted proxy; anyone else could write
//! any `X-Forwarded-For` they like.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The client's address: the socket peer, or — when the peer is a trusted proxy — the last
/// address in the forwarding chain that is not itself a trusted proxy.
pub fn address(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let chain = forwarded_chain(req);
    Some(
        chain
            .into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer),
    )
}

/// The addresses in `Forwarded: for=` (RFC 7239) or, without it, `X-Forwarded-For`, in order.
/// An entry that is not an address ends the chain there (nothing before it can be trusted).
fn forwarded_chain(req: &HttpRequest) -> Vec<IpAddr> {
    let headers = req.headers();
    let forwarded: Vec<String> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| v.trim().trim_matches('"').to_owned())
            })
        })
        .collect();
    let entries: Vec<String> = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .collect()
    } else {
        forwarded
    };
    let mut chain = Vec::new();
    for entry in entries.iter().rev().take(16) {
        match parse(entry) {
            Some(ip) => chain.push(ip),
            None => break,
        }
    }
    chain.reverse();
    chain
}

/// "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]", "[2001:db8::1]:4711" or "2001:db8::1".
fn parse(entry: &str) -> Option<IpAddr> {
    if entry.len() > 64 {
        return None;
    }
    if let Ok(ip) = entry.parse() {
        return Some(ip);
    }
    if let Some(rest) = entry.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let (host, port) = entry.rsplit_once(':')?;
    port.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
    host.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn req(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut r = TestRequest::default().peer_addr(peer.parse().unwrap());
        for (k, v) in headers {
            r = r.insert_header((*k, *v));
        }
        r.to_http_request()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_count_only_from_a_trusted_proxy() {
        let proxy = [ip("127.0.0.1")];
        let spoof = [("x-forwarded-for", "10.9.9.9")];
        // From a stranger the header is ignored.
        assert_eq!(
            address(&req("203.0.113.5:5000", &spoof), &proxy),
            Some(ip("203.0.113.5"))
        );
        // Without trusted proxies it is ignored too.
        assert_eq!(
            address(&req("127.0.0.1:5000", &spoof), &[]),
            Some(ip("127.0.0.1"))
        );
        // From the proxy, the client it saw; a client's own spoofed entry before it is skipped.
        let chain = [("x-forwarded-for", "10.9.9.9, 198.51.100.7")];
        assert_eq!(
            address(&req("127.0.0.1:5000", &chain), &proxy),
            Some(ip("198.51.100.7"))
        );
        // RFC 7239 wins over X-Forwarded-For, with ports and brackets.
        let fwd = [
            ("forwarded", "for=\"[2001:db8::7]:4711\";proto=https"),
            ("x-forwarded-for", "10.9.9.9"),
        ];
        assert_eq!(
            address(&req("127.0.0.1:5000", &fwd), &proxy),
            Some(ip("2001:db8::7"))
        );
        // Garbage ends the chain: the proxy itself is then the best we know.
        let junk = [("x-forwarded-for", "nonsense, unknown")];
        assert_eq!(
            address(&req("127.0.0.1:5000", &junk), &proxy),
            Some(ip("127.0.0.1"))
        );
    }
}
