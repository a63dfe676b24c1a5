//! An email address parsed at the boundary: a shopper's (orders, verified identities) or a
//! merchant's (sign-in).

/// An email address that looks deliverable: one `@`, a local part, a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Err("required");
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err("invalid_email");
        };
        let domain_ok = domain.len() <= 253
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if text.len() <= 254 && local_ok && domain_ok {
            Ok(Self(text.to_owned()))
        } else {
            Err("invalid_email")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_pass_and_others_get_a_code() {
        for ok in [
            "ada@example.com",
            " a.b+tag@sub.example.co.uk ",
            "josé@correo.es",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Email::parse("  "), Err("required"));
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@@b.com",
            "a@b..com",
            ".a@b.com",
            "a@-b.com",
        ] {
            assert_eq!(Email::parse(bad), Err("invalid_email"), "{bad}");
        }
    }
}
