//! The portal's pages, one module per area.

pub mod account;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod checklist;
pub mod home;
pub mod report;
pub mod returns;
pub mod texts;
pub mod users;

/// The query of a page reached by a redirect: which `flash-` message to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// `/path?done=what`: a redirect after a change that shows the `flash-what` message.
pub fn done(path: &str, what: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&format!("{path}?done={what}"))
}

/// `back` if it is a path on this site, else `fallback`: never an open redirect. Browsers read
/// `//host` and `/\host` as another site, and a control character could split the header.
pub fn local_path(back: &str, fallback: String) -> String {
    let mut chars = back.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !back.chars().any(|c| c.is_control());
    if local {
        back.to_string()
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        let fallback = || "/".to_string();
        assert_eq!(local_path("/cycles/2019-2020?done=saved", fallback()), "/cycles/2019-2020?done=saved");
        for outside in
            ["//evil.example", "/\\evil.example", "https://evil.example", "", "/x\r\nSet-Cookie: a=b"]
        {
            assert_eq!(local_path(outside, fallback()), "/", "{outside:?}");
        }
    }
}
