//! Which requests serve answers: only those addressed to this machine, by
//! `localhost` or an IP address, so that no other web site can read the
//! roadmap through DNS rebinding.

use axum::http::uri::Authority;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// Why a request is not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// It names no host: no browser sends such a request.
    NoHost,
    /// It names a host other than this machine: a page of another site
    /// whose name now resolves to this machine (DNS rebinding), or a
    /// request meant for a proxy.
    OtherHost,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            Refusal::NoHost => (
                StatusCode::BAD_REQUEST,
                "waymark serve answers only requests that name their host\n",
            ),
            Refusal::OtherHost => (
                StatusCode::FORBIDDEN,
                "waymark serve answers only requests addressed to localhost or to an IP address, \
                 such as http://127.0.0.1:1111/, so that no other web site can read the roadmap\n",
            ),
        };
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response()
    }
}

/// Whether a request is addressed to this machine: every host it names
/// (the `Host` header, and the target when it is a full URL) must be
/// `localhost` or an IP address. An address cannot be rebound, and a page
/// of another site cannot be served as `localhost`. The port is not
/// checked: rebinding keeps it, and a forwarded port changes it.
pub(super) fn addressed_here(uri: &Uri, headers: &HeaderMap) -> Result<(), Refusal> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let header = match (hosts.next(), hosts.next()) {
        (_, Some(_)) => return Err(Refusal::OtherHost),
        (host, None) => host
            .map(|host| host.to_str().map_err(|_| Refusal::OtherHost))
            .transpose()?
            .filter(|host| !host.is_empty()),
    };
    let target = uri.authority().map(Authority::as_str);
    if header.is_none() && target.is_none() {
        return Err(Refusal::NoHost);
    }
    if [header, target].into_iter().flatten().all(is_this_machine) {
        Ok(())
    } else {
        Err(Refusal::OtherHost)
    }
}

/// Whether `authority` (`host` or `host:port`) is `localhost` or an IP
/// address.
fn is_this_machine(authority: &str) -> bool {
    let Ok(authority) = authority.parse::<Authority>() else {
        return false;
    };
    if authority.as_str().contains('@') {
        return false;
    }
    let host = authority.host();
    let literal = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || literal.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(target: &str, host: Option<&str>) -> Result<(), Refusal> {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(header::HOST, host.parse().unwrap());
        }
        addressed_here(&target.parse().unwrap(), &headers)
    }

    #[test]
    fn only_requests_naming_this_machine_are_answered() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "127.0.0.2",
            "[::1]:1111",
            "[::ffff:127.0.0.1]",
            "192.168.1.20:8000",
        ] {
            assert_eq!(asked("/", Some(host)), Ok(()), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "user@localhost",
            "[fe80::1%25eth0]",
            "local host",
        ] {
            assert_eq!(asked("/", Some(host)), Err(Refusal::OtherHost), "{host}");
        }
        assert_eq!(asked("/", None), Err(Refusal::NoHost));
        assert_eq!(asked("/", Some("")), Err(Refusal::NoHost));
        assert_eq!(asked("http://localhost:1111/", None), Ok(()));
        assert_eq!(
            asked("http://evil.example/", Some("localhost")),
            Err(Refusal::OtherHost)
        );
        assert_eq!(
            asked("http://localhost/", Some("evil.example")),
            Err(Refusal::OtherHost)
        );
        let mut two = HeaderMap::new();
        two.append(header::HOST, "localhost".parse().unwrap());
        two.append(header::HOST, "evil.example".parse().unwrap());
        assert_eq!(
            addressed_here(&"/".parse().unwrap(), &two),
            Err(Refusal::OtherHost)
        );
    }
}
