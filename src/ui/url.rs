//! The app's address lives in the URL hash (`#/sandbox?lang=en&seed=42`), so any static host serves it and a
//! copied link reopens the same view. This module parses and writes that hash; it never touches the DOM.

/// A parsed hash: the route path (without `#/`) and its query parameters in order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HashUrl {
    pub path: String,
    pub params: Vec<(String, String)>,
}

impl HashUrl {
    /// Parses `#/path?a=1&b=2` (the leading `#` and `/` are optional). Never fails: junk becomes odd keys
    /// that the caller reports as unknown.
    pub fn parse(hash: &str) -> HashUrl {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let hash = hash.strip_prefix('/').unwrap_or(hash);
        let (path, query) = match hash.split_once('?') {
            Some((path, query)) => (path, query),
            None => (hash, ""),
        };
        let params = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => (percent_decode(key), percent_decode(value)),
                None => (percent_decode(pair), String::new()),
            })
            .collect();
        HashUrl {
            path: percent_decode(path.trim_end_matches('/')),
            params,
        }
    }

    /// The first value of a parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated parameter, in order (`n=a&n=b`).
    pub fn get_all(&self, key: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Replaces every value of a repeated parameter, placing the new ones where the first old one was
    /// (or at the end).
    pub fn set_all(&mut self, key: &str, values: &[String]) {
        let at = self
            .params
            .iter()
            .position(|(k, _)| k == key)
            .unwrap_or(self.params.len());
        self.params.retain(|(k, _)| k != key);
        let at = at.min(self.params.len());
        for (offset, value) in values.iter().enumerate() {
            self.params
                .insert(at + offset, (key.to_string(), value.clone()));
        }
    }

    /// Sets (or with `None` removes) a parameter, keeping the others in place.
    pub fn set(&mut self, key: &str, value: Option<String>) {
        match value {
            Some(value) => match self.params.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => self.params.push((key.to_string(), value)),
            },
            None => self.params.retain(|(k, _)| k != key),
        }
    }

    /// Writes the hash back, `#/path?k=v&...`, percent-encoding what needs it.
    pub fn to_hash(&self) -> String {
        let mut out = format!("#/{}", percent_encode(&self.path));
        for (i, (key, value)) in self.params.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(&percent_encode(key));
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        out
    }
}

/// Decodes `%XX` escapes and `+`; invalid escapes are kept as written and invalid UTF-8 is replaced, so a
/// mangled link still parses.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high * 16 + low);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Encodes everything but unreserved characters (and `-`, `.`, `_`, `~`, `/`, `,`, `:`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/,:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_path_and_params() {
        let url = HashUrl::parse("#/sandbox?lang=zh-CN&seed=42");
        assert_eq!(url.path, "sandbox");
        assert_eq!(url.get("lang"), Some("zh-CN"));
        assert_eq!(url.get("seed"), Some("42"));
        assert_eq!(url.get("nodes"), None);
    }

    #[test]
    fn round_trips_odd_values() {
        let mut url = HashUrl::parse("#/ring");
        url.set("name", Some("<b>a&b=c</b> 节点".to_string()));
        let again = HashUrl::parse(&url.to_hash());
        assert_eq!(again.get("name"), Some("<b>a&b=c</b> 节点"));
        assert_eq!(again.path, "ring");
    }

    #[test]
    fn survives_broken_escapes() {
        let url = HashUrl::parse("#/x?a=%&b=%zz&c=%e4%b8");
        assert_eq!(url.get("a"), Some("%"));
        assert_eq!(url.get("b"), Some("%zz"));
        assert!(url.get("c").is_some());
    }

    #[test]
    fn repeated_params_round_trip() {
        let mut url = HashUrl::parse("#/ring?lang=en&n=a&x=1&n=b");
        assert_eq!(url.get_all("n"), vec!["a", "b"]);
        url.set_all("n", &["1.u.10.0.0.1:11211".to_string(), "c,d".to_string()]);
        let again = HashUrl::parse(&url.to_hash());
        assert_eq!(again.get_all("n"), vec!["1.u.10.0.0.1:11211", "c,d"]);
        assert_eq!(again.get("x"), Some("1"));
    }

    #[test]
    fn set_replaces_and_removes() {
        let mut url = HashUrl::parse("#/a?x=1&y=2");
        url.set("x", Some("3".into()));
        url.set("y", None);
        assert_eq!(url.to_hash(), "#/a?x=3");
    }
}
