//! Which URLs content may link to.

/// The scheme of a URL other than http, https or mailto, if it has one.
/// Browsers ignore whitespace and control characters inside a scheme, so
/// those are dropped before looking.
pub fn unsafe_scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
    {
        match c {
            ':' => {
                return (!["http", "https", "mailto"].contains(&scheme.as_str())).then_some(scheme)
            }
            '/' | '?' | '#' => return None,
            c => scheme.push(c.to_ascii_lowercase()),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unsafe_scheme;

    #[test]
    fn only_web_mail_and_relative_urls_are_safe() {
        for safe in [
            "https://a.example/x",
            "HTTP://A",
            "mailto:a@b.example",
            "../goals/x/",
            "#top",
            "page?q=a:b",
        ] {
            assert_eq!(unsafe_scheme(safe), None, "{safe}");
        }
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("java\tscript:x", "javascript"),
            (" data:text/html,x", "data"),
            ("vbscript:x", "vbscript"),
        ] {
            assert_eq!(unsafe_scheme(url).as_deref(), Some(scheme), "{url}");
        }
    }
}
