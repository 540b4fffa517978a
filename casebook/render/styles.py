"""The book's style sheets as one file: every page links `_static/casebook-styles.css` alone.

A page of the theme links about eleven style sheets in its `<head>` (the theme's, Pygments', and one
from each extension; the theme's `styles/theme.css` imports `basic.css`, a second round trip), and
the browser draws nothing until it has them all. Here they are read from the built site's `_static/`
in the order the page links them, each `@import` replaced by the sheet it names, each relative
`url()` made relative to `_static/`, and written as one sheet, without

- the rules that match nothing the book shows: a rule goes when every selector in its list needs
  a class (`.name` outside `:not()`, `:is()` and the like) that occurs as a word in no page and no
  script of the built site (most of Bootstrap's components and utilities in pydata-sphinx-theme's
  sheet, and sphinx-design's and myst-nb's rules for elements the book never uses). The rule is
  conservative: a class named anywhere in a page's text or in any script, which may add it later,
  keeps its rules (and so do the few that a script builds from parts: BUILT_BY_SCRIPTS);
- Font Awesome's glyph rules (GLYPH_RULE: the book draws its icons without that font);
- comments, except those marked `/*!` (licences).

The rules stay in the same order inside the same `@media` and `@supports` blocks, so that the
cascade (dark mode, print, the phone layout) is what it was with the separate sheets.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from tinycss2.serializer import serialize_string_value, serialize_url

BUNDLE = "casebook-styles.css"  # in _static/
# The theme's own sheets: its template links them itself, before the ones Sphinx lists (css_files).
THEME_SHEETS = ("styles/theme.css", "styles/pydata-sphinx-theme.css")
# At-rules whose block holds rules (pruned inside) rather than declarations or key frames.
GROUPS = {"media", "supports", "layer", "container", "document"}
# A rule of Font Awesome's style sheet that only gives an icon class its glyph in Font Awesome's font,
# `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}`: about 1,900 of them in the theme's sheet.
GLYPH_RULE = re.compile(r'(?<=[}])(?:\.fa-[\w-]+::?before,?)+\{content:"[^"{}]*"\}')
WORD = re.compile(r"[A-Za-z_][\w-]*")
# Classes a script of the site builds from parts, so that no word of it spells them: Bootstrap's
# tooltips and popovers (`bs-${this.constructor.NAME}-auto`), whose arrows are placed by these rules.
BUILT_BY_SCRIPTS = frozenset({"bs-tooltip-auto", "bs-popover-auto"})


def slim_css(text: str) -> str:
    """A style sheet without Font Awesome's glyph rules."""
    return GLYPH_RULE.sub("", text)


def used_words(site: Path) -> set[str]:
    """Every word (a name as CSS and scripts spell class names) in the built site's pages and scripts,
    and the classes that scripts build from parts (BUILT_BY_SCRIPTS)."""
    words: set[str] = set(BUILT_BY_SCRIPTS)
    for path in site.rglob("*"):
        if path.suffix in {".html", ".js"} and path.is_file():
            words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def selector_classes(prelude: list) -> list[set[str]]:
    """For each selector of a rule's selector list, the classes it requires of some element (those
    inside a function such as `:not(.x)` or `:is(.x)` are not required and are left out)."""
    selectors: list[set[str]] = [set()]
    previous = None
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(set())
        elif token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            selectors[-1].add(token.value)
        previous = token
    return selectors


def matches_nothing(prelude: list, used: set[str]) -> bool:
    """Whether every selector of the list requires a class that is not in `used`."""
    return all(classes - used for classes in selector_classes(prelude))


def _relative(url: str, folder: str) -> str:
    """An address in a sheet in `folder` (relative to _static/), made relative to _static/."""
    if not url or url.startswith(("#", "/", "data:")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    return posixpath.normpath(posixpath.join(folder, url)) if folder else url


def _rebase(tokens: Iterable, folder: str) -> None:
    """Make every `url()` among the tokens (at any depth) relative to _static/, in place."""
    for token in tokens or ():
        if token.type == "url":
            token.value = _relative(token.value, folder)
            token.representation = f"url({serialize_url(token.value)})"
        elif token.type == "function":
            if token.lower_name == "url":
                for argument in token.arguments:
                    if argument.type == "string":
                        argument.value = _relative(argument.value, folder)
                        argument.representation = f'"{serialize_string_value(argument.value)}"'
            _rebase(token.arguments, folder)
        elif token.type in {"() block", "[] block", "{} block"}:
            _rebase(token.content, folder)


def _rules(content: list) -> list:
    """A group's block as rules (an imported sheet put inside `@media` is already rules)."""
    if any(item.type in {"qualified-rule", "at-rule"} for item in content):
        return content
    return tinycss2.parse_rule_list(content, skip_whitespace=True)


def _serialize(nodes: list, used: set[str] | None) -> str:
    """The rules of a sheet or of a group's block, without those that match nothing (when `used` is
    given), comments other than licences, and whitespace between rules."""
    out = []
    for node in nodes:
        if node.type == "comment":
            if node.value.startswith("!"):
                out.append(f"/*{node.value}*/\n")
        elif node.type == "qualified-rule":
            if used is None or not matches_nothing(node.prelude, used):
                out.append(node.serialize() + "\n")
        elif node.type == "at-rule" and node.lower_at_keyword in GROUPS and node.content is not None:
            inner = _serialize(_rules(node.content), used)
            if inner:
                out.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}{{\n{inner}}}\n")
        elif node.type == "at-rule" and node.lower_at_keyword == "charset":
            continue  # the merged sheet declares its own
        elif node.type != "error":
            out.append(node.serialize() + "\n")
    return "".join(out)


def _import_target(prelude: list) -> tuple[str, str] | None:
    """The address and the media list of an `@import` of a local sheet (None for a remote one)."""
    tokens = [token for token in prelude if token.type not in {"whitespace", "comment"}]
    if not tokens:
        return None
    first, rest = tokens[0], prelude[prelude.index(tokens[0]) + 1:]
    if first.type in {"string", "url"}:
        url = first.value
    elif first.type == "function" and first.lower_name == "url" and first.arguments:
        url = first.arguments[0].value
    else:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I):
        return None
    return url, tinycss2.serialize(rest).strip()


def read_sheet(static: Path, name: str, seen: frozenset[str] = frozenset()) -> list:
    """The rules of the sheet `name` (relative to `static`), its local `@import`s replaced by the
    rules of the sheets they name (inside `@media` when they name media) and its addresses made
    relative to `static`."""
    folder = posixpath.dirname(name)
    text = slim_css((static / name).read_text(encoding="utf-8"))
    nodes = []
    for node in tinycss2.parse_stylesheet(text, skip_whitespace=True):
        target = _import_target(node.prelude) if node.type == "at-rule" and node.lower_at_keyword == "import" else None
        if target is None:
            _rebase(getattr(node, "prelude", None), folder)
            _rebase(getattr(node, "content", None), folder)
            nodes.append(node)
            continue
        url, media = target
        imported = posixpath.normpath(posixpath.join(folder, url))
        if imported in seen:
            continue
        rules = read_sheet(static, imported, seen | {name})
        if media:
            group = tinycss2.parse_one_rule(f"@media {media} {{}}")
            group.content = rules
            rules = [group]
        nodes.extend(rules)
    return nodes


def unused_selectors(static: Path, names: Iterable[str], used: set[str]) -> list[str]:
    """The selector lists of the rules that combine() leaves out of the sheets `names` (to check them)."""
    def walk(nodes):
        for node in nodes:
            if node.type == "qualified-rule" and matches_nothing(node.prelude, used):
                yield tinycss2.serialize(node.prelude).strip()
            elif node.type == "at-rule" and node.lower_at_keyword in GROUPS and node.content is not None:
                yield from walk(_rules(node.content))
    return [selector for name in names for selector in walk(read_sheet(static, name))]


def bundled_names(text: str) -> list[str]:
    """The sheets a sheet written by combine() holds, from the line that opens each."""
    return re.findall(r"^/\* (\S+\.css) \*/$", text, re.M)


def combine(static: Path, names: Iterable[str], used: set[str] | None = None) -> str:
    """The sheets `names` (relative to `static`, in the order a page links them) as one sheet, without
    the rules that match nothing when `used` (the site's words: used_words) is given."""
    parts = ['@charset "utf-8";\n']
    for name in names:
        parts.append(f"/* {name} */\n" + _serialize(read_sheet(static, name), used))
    return "".join(parts)
