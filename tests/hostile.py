"""Hostile names and values: the shared list that the output-safety tests push everywhere.

Each entry is ``(key, value, why)``: ``key`` is a short ASCII id for test ids, ``value`` the
text (used as a person's name, a circle, an organisation, a node id...), ``why`` what it
attacks. Import it from a test (``from hostile import HOSTILE``); ``tests/`` is on the path.
"""

from __future__ import annotations

__all__ = [
    "BY_KEY",
    "FORMULA",
    "HOSTILE",
    "MARKUP",
    "MATHTEXT",
    "NAMES",
    "PATHISH",
    "SQLISH",
    "TERMINAL",
    "TWINS",
    "XML_FORBIDDEN",
]

LONG = "Ana " + "x" * 9996  # 10,000 characters

# fmt: off
HOSTILE: list[tuple[str, str, str]] = [
    # --- CSV formula injection: a spreadsheet runs a cell that starts with = + - @ TAB CR
    ("f_eq", "=1+1", "CSV: '=' starts a formula"),
    ("f_plus", "+1+1", "CSV: '+' starts a formula"),
    ("f_minus", "-2+3", "CSV: '-' starts a formula"),
    ("f_at", "@SUM(1+1)", "CSV: '@' starts a formula (Lotus-style function)"),
    ("f_tab", "\t=1+1", "CSV: a leading TAB is skipped by some spreadsheets, then '='"),
    ("f_cr", "\r=1+1", "CSV: a leading CR is skipped by some spreadsheets, then '='"),
    ("f_hyperlink", '=HYPERLINK("http://x","y")', "CSV: a link that leaks data when clicked"),
    ("f_dde", "=cmd|' /C calc'!A0", "CSV: DDE, runs a program in old Excel"),
    ("f_phone", "+33 6 12 34 56 78", "CSV: a phone number as a *name* is read as a formula"),
    ("f_fullwidth", "\uff1d1+1", "CSV: fullwidth '＝' that CJK spreadsheets fold into '='"),
    ("f_space", " =1+1", "CSV: a leading space that a trimming import removes, then '='"),
    ("f_quote", "'=1+1", "CSV: already quoted: neutralising must stay reversible"),
    # --- HTML and JavaScript
    ("h_script", "</script><script>alert(1)</script>", "HTML: ends a script element, starts one"),
    ("h_img", '"><img src=x onerror=alert(1)>', "HTML: leaves an attribute, adds a handler"),
    ("h_entity", "&lt;", "HTML: an entity that must stay literal text, not become '<'"),
    ("h_comment", "<!--", "HTML/JSON-in-HTML: opens a comment that hides the rest"),
    ("h_cdata", "]]>", "XML: ends a CDATA section"),
    ("h_js_url", "javascript:alert(1)", "HTML/Markdown: a script URL if it ever becomes a link"),
    # --- JSON inside HTML or JavaScript
    ("j_ls", "Line\u2028Sep", "JSON in JS: U+2028 ends a JavaScript string literal"),
    ("j_ps", "Para\u2029Sep", "JSON in JS: U+2029 ends a JavaScript string literal"),
    ("j_quote", 'say "hi" \\ back', "JSON: quote and backslash must be escaped"),
    # --- characters XML 1.0 forbids (and controls no output should carry)
    ("x_nul", "Nul\x00Byte", "XML: NUL is forbidden; C strings end at it"),
    ("x_c0", "c0\x01\x02\x03\x04\x05\x06\x07\x08end", "XML: U+0001-U+0008 are forbidden"),
    ("x_vt_ff", "vt\x0bff\x0cend", "XML: vertical tab and form feed are forbidden"),
    ("x_c0_high", "hi\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1fend",
     "XML: U+000E-U+001F are forbidden"),
    ("x_nonchar", "non\ufffe\uffffchar", "XML: U+FFFE and U+FFFF are not characters"),
    ("x_surrogate", "lone\ud800sur\udfffrogate", "XML/UTF-8: a lone surrogate cannot be encoded"),
    ("x_del", "del\x7fend", "terminal: DEL; XML allows it (discouraged)"),
    # --- terminal escapes
    ("t_clear", "\x1b[2Jcleared", "terminal: ANSI clear screen"),
    ("t_title", "\x1b]0;owned\x07title", "terminal: OSC sets the window title"),
    ("t_csi8", "c1\x9b31mred", "terminal: 8-bit CSI (C1 control)"),
    # --- direction, joiners, combining marks, emoji, length
    ("u_rlo", "abc\u202eevil.exe", "display: right-to-left override reverses what follows"),
    ("u_rtl", "\u05e9\u05dc\u05d5\u05dd \u0645\u062d\u0645\u062f", "display: right-to-left script"),
    ("u_zwj", "Zo\u200de\u200b\ufeff", "display: zero-width joiner, space and no-break space"),
    ("u_combining", "Ze\u0301\u0301\u0301\u0308\u0308lgo", "display: stacked combining marks"),
    ("u_emoji", "Zoé 👍🏽 👩\u200d👩\u200d👧", "display: emoji with skin tone, ZWJ family"),
    ("u_long", LONG, "size: a 10,000-character name"),
    # --- path-ish: dangerous if ever used as a file name
    ("p_dotdot", "../../etc/passwd", "path: climbs out of the output folder"),
    ("p_windows", "C:\\Windows\\x", "path: an absolute Windows path"),
    ("p_con", "CON", "path: a reserved device name on Windows"),
    ("p_nul_txt", "nul.txt", "path: a reserved device name with a suffix on Windows"),
    ("p_slash", "a/b", "path: a folder separator"),
    ("p_punct", "what: *now?", "path: ':' '*' '?' are refused by Windows"),
    ("p_dot", ".hidden", "path: a hidden file, or '.'/'..'"),
    # --- SQL-ish: harmless only if every statement binds its values
    ("s_bobby", "Robert'); DROP TABLE persons;--", "SQL: ends a string literal, drops a table"),
    ("s_percent", "100% sure", "SQL LIKE: '%' matches anything unless escaped"),
    ("s_underscore", "a_b", "SQL LIKE: '_' matches any character unless escaped"),
    ("s_dquote", 'Dwayne "The Rock"', "SQL: double quotes delimit identifiers"),
    # --- Markdown
    ("m_pipe", "a | b", "Markdown: '|' splits a table cell"),
    ("m_tick", "`code`", "Markdown: backticks start code"),
    ("m_link", "[x](javascript:alert(1))", "Markdown: a link with a script URL"),
    ("m_heading", "# Heading *bold* _it_", "Markdown: heading and emphasis"),
    ("m_html", "<b>bold</b>", "Markdown: raw HTML passes through"),
    # --- matplotlib mathtext
    ("mt_frac", "$\\frac{1}{0}$", "plot: mathtext that matplotlib would typeset"),
    ("mt_double", "$$", "plot: empty mathtext, a parse error"),
    ("mt_lone", "cost $5", "plot: a lone dollar"),
    ("mt_bad", "$\\undefinedcommand{$", "plot: mathtext that fails to parse"),
    # --- Unicode normalisation twins: equal once normalised, different code points
    ("n_nfc", "Am\u00e9lie Twin", "twins: NFC 'é'"),
    ("n_nfd", "Ame\u0301lie Twin", "twins: NFD 'e' + combining acute"),
    ("n_fullwidth", "\uff34\uff57\uff49\uff4e", "twins: fullwidth 'Ｔｗｉｎ' (NFKC 'Twin')"),
    ("n_ligature", "\ufb01sh Twin", "twins: ligature 'ﬁ' (NFKC 'fi')"),
]
# fmt: on

BY_KEY: dict[str, str] = {key: value for key, value, _ in HOSTILE}
NAMES: list[str] = [value for _, value, _ in HOSTILE]


def _group(prefix: str) -> dict[str, str]:
    return {k: v for k, v in BY_KEY.items() if k.startswith(prefix)}


FORMULA = _group("f_")
MARKUP = {**_group("h_"), **_group("m_"), **_group("j_")}
XML_FORBIDDEN = _group("x_")
TERMINAL = _group("t_")
PATHISH = _group("p_")
SQLISH = _group("s_")
MATHTEXT = _group("mt_")
TWINS = _group("n_")

assert len(BY_KEY) == len(HOSTILE), "duplicate key in HOSTILE"
