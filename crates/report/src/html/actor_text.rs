//! An actor's Markdown text as HTML, and the rules every output applies to it: which Markdown it
//! may use and which links it keeps. The text is data, not markup: raw HTML in it is shown as
//! text, never run.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// The Markdown an actor's text may use, in every output: CommonMark with footnotes, tables and
/// strikethrough.
pub fn markdown_options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES
}

/// Whether a link target is on the web, a mail address, or relative: the only links an actor's
/// text keeps in any output (never `javascript:` or `data:`).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// An actor's Markdown (`markdown_options`) as HTML; raw HTML in the text is escaped.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = markdown_options();
    let mut out = String::new();
    // An actor's text is data, not markup: raw HTML in it is shown as text, never run.
    // A link goes only to the web or to mail, never to `javascript:` or `data:`. An image is
    // shown as its description: the report loads nothing from elsewhere (its own CSP forbids
    // it), so that reading it tells no server who reads it.
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => Event::Text("".into()),
        other => other,
    });
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_to_html;

    #[test]
    fn an_actors_text_cannot_carry_markup_or_script() {
        let html = markdown_to_html(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](https://www.myria.be) [c](#s-11) ![d](data:image/svg+xml,x)",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:") && !html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://www.myria.be\"") && html.contains("href=\"#s-11\""), "{html}");
    }

    #[test]
    fn an_image_in_an_actors_text_is_shown_as_its_description_and_loads_nothing() {
        let html = markdown_to_html("See ![the chart of the police](https://tracker.example/pixel.png).");
        assert!(!html.contains("<img") && !html.contains("tracker.example"), "{html}");
        assert!(html.contains("See the chart of the police."), "{html}");
    }
}
