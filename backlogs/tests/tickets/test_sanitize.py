from backlogs.tickets.sanitize import description_clean


def test_plain_text_is_kept_as_written():
    for text in ("Tom & Jerry", "a < b and c > d", "line one\nline two", "I <3 this"):
        assert description_clean(text) == text


def test_html_keeps_formatting_and_loses_what_could_run():
    html = (
        '<h2>Steps</h2><p onclick="x()">Open <b>the</b> <em>page</em></p><ul><li>one</li></ul>'
        '<script>alert(1)</script><style>p{}</style><a href="javascript:alert(1)">bad</a>'
        '<a href="https://example.com">good</a><img src="https://example.com/a.png" onerror="x()">'
        '<table><tr><td colspan="2">cell</td></tr></table><pre><code class="language-py">x = 1</code></pre>'
    )
    clean = description_clean(html)
    for kept in ("<h2>Steps</h2>", "<b>the</b>", "<em>page</em>", "<li>one</li>", 'href="https://example.com"',
                 'colspan="2"', '<code class="language-py">'):  # fmt: skip
        assert kept in clean, (kept, clean)
    for removed in ("<script", "alert(1)", "<style", "onclick", "onerror", "javascript:"):
        assert removed not in clean, (removed, clean)
