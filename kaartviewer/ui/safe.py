"""Everything shown is text: the one helper for strings that come from data or from a URL.

Streamlit renders the body of ``st.markdown``, ``st.caption``, ``st.subheader``, alerts,
``st.table`` cells and the labels of buttons, tabs and metrics as GitHub-flavoured
Markdown with LaTeX (``$…$``), directives (``:red[…]``) and bare-URL autolinks. A name
such as ``[Klik hier](https://…)``, ``![x](http://…)`` or ``$\\rule{3000px}{3000px}$``
would become a link, an outside image or a page-covering box. :func:`md` turns any value
into Markdown that renders as exactly that value, character for character:

- every ASCII punctuation character is backslash-escaped (CommonMark allows that for all
  of them), which neutralises emphasis, links, images, headings, lists, code, tables,
  LaTeX (``$``), directives (``:``), raw HTML (``<``) and entities (``&#x27;`` shows as
  those eight characters, while a real apostrophe stays an apostrophe: nothing is
  HTML-escaped, so nothing is double-escaped);
- the GFM autolinker works on the parsed text, after escapes are gone, so a word joiner
  (U+2060, invisible) is put before ``http:``, ``https:``, ``ftp:``, ``mailto:`` and ``www.``
  and after ``@``: the text looks the same but is no longer a link;
- line breaks, other control characters and bidi overrides become spaces, so a value
  cannot start a new block or display reversed.

Rules for the UI code (``tests/test_safe_text.py`` walks every view and fails on a bypass):
Markdown-rendering calls get literal text from the code, numbers, or ``md(value)``.
Plain-text places (``st.dataframe`` cells, ``format_func`` of a selectbox or multiselect,
``st.text``) get the raw value: escaping there would show the backslashes.

Links from data (a samenwerking's website, register page, instellingsbesluiten) are never
put into Markdown: they become ``st.link_button`` targets, and only when :func:`safe_url`
accepts them (``http``/``https`` with a host, no spaces, quotes, angle brackets or control
characters). Anything else (``javascript:``, ``data:``, a relative path) is shown as text.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

#: Invisible; breaks the GFM autolink-literal patterns without changing what one reads.
WORD_JOINER = "\u2060"
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(?i)(https?:|ftp:|mailto:|www\.)")
#: Control characters, line/paragraph separators and bidi overrides (which can make a name
#: read backwards): each run becomes one space.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def md(value) -> str:
    """``value`` as Markdown that Streamlit renders as the literal text of ``value``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _CONTROL.sub(" ", str(value))
    text = _AUTOLINK.sub(WORD_JOINER + r"\1", text).replace("@", "@" + WORD_JOINER)
    return _PUNCT.sub(r"\\\1", text)


def plain(value) -> str:
    """``value`` for a plain-text place (option labels, cells): one line, no control chars."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _CONTROL.sub(" ", str(value))


def shorten(value, limit: int = 80) -> str:
    """A URL value can be arbitrarily long: quote at most ``limit`` characters of it."""
    text = plain(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Characters that have no place in a URL taken from data (they would have to be encoded).
_URL_FORBIDDEN = re.compile(
    r"[\x00-\x20\x7f-\x9f\"'<>\\`{}|^\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def safe_url(value) -> str | None:
    """``value`` if it is a plain ``http(s)`` URL with a host, else ``None``.

    Only such a URL may become a link target: ``javascript:``, ``data:``, ``vbscript:``,
    scheme-relative (``//host``) and relative URLs, and URLs with spaces, quotes, angle
    brackets, backslashes or control characters are refused (leading and trailing spaces
    are ignored).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    url = str(value).strip()
    if not url or len(url) > 2000 or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None  # "https://bank.example@evil.example/" reads as the wrong host
    return url


def url_host(url: str) -> str:
    """The host of a URL accepted by :func:`safe_url`, without ``www.``."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
