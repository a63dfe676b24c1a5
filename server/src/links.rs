//! Absolute links to this server's pages and files, for whatever the domain writes out
//! (product cards, notifications, install snippets): the public URL is the only input.

use std::sync::Arc;

/// The public URL the server is reached at, without a trailing slash
/// (e.g. `http://127.0.0.1:8080`), and the links made from it.
#[derive(Debug, Clone)]
pub struct Links {
    base: Arc<str>,
}

impl Links {
    pub fn new(public_url: &str) -> Self {
        Links {
            base: public_url.trim_end_matches('/').into(),
        }
    }

    /// The public URL itself.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Makes a root-relative path absolute against the public URL; absolute URLs pass through.
    pub fn absolute(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with('/') {
            format!("{}{}", self.base, path_or_url)
        } else {
            path_or_url.to_owned()
        }
    }

    /// True when the public URL is served over TLS (cookies are then `Secure`).
    pub fn is_https(&self) -> bool {
        self.base.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_absolute_and_urls_pass_through() {
        let links = Links::new("https://shop.example/");
        assert_eq!(links.base(), "https://shop.example");
        assert_eq!(
            links.absolute("/img/a.png"),
            "https://shop.example/img/a.png"
        );
        assert_eq!(
            links.absolute("https://cdn.example/a.png"),
            "https://cdn.example/a.png"
        );
        assert!(links.is_https());
        assert!(!Links::new("http://127.0.0.1:8080").is_https());
    }
}
