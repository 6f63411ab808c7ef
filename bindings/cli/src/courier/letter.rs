//! The HTML part of a mail, made from its text: paragraphs at blank lines, links made
//! clickable, everything else escaped.

/// The HTML alternative of the text `body`.
pub fn html(subject: &str, body: &str) -> String {
    let mut out = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5\">",
        escape(subject)
    );
    for paragraph in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (i, line) in paragraph.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            if line.starts_with("https://") || line.starts_with("http://") {
                let url = escape(line);
                out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
            } else {
                out.push_str(&escape(line));
            }
        }
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::html;

    #[test]
    fn paragraphs_links_and_escaping() {
        assert_eq!(
            html(
                "Reset",
                "Hello <Ada> & co,\n\nOpen:\nhttps://x.test/r?hash=ab&c=\"1\"\n\nBye.\n"
            ),
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Reset</title></head>\
             <body style=\"font-family:system-ui,sans-serif;line-height:1.5\">\
             <p>Hello &lt;Ada&gt; &amp; co,</p>\
             <p>Open:<br><a href=\"https://x.test/r?hash=ab&amp;c=&quot;1&quot;\">https://x.test/r?hash=ab&amp;c=&quot;1&quot;</a></p>\
             <p>Bye.</p></body></html>"
        );
    }
}
