"""The book's one style sheet (casebook.render.styles), made from small sheets written here: imports
resolved, addresses rebased, order kept, and only the rules that match nothing left out."""

from pathlib import Path

from casebook.render import styles


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_imports_are_replaced_by_the_sheets_they_name_in_order(tmp_path):
    static = write(tmp_path, {
        "basic.css": "p { margin: 0 }",
        "print.css": ".x { color: red }",
        "styles/theme.css": '@import "../basic.css";\n@import url(../print.css) print;\nh1 { color: blue }',
        "late.css": "h1 { color: green }",
    })
    css = styles.combine(static, ["styles/theme.css", "late.css"])
    assert "@import" not in css
    assert css.index("margin: 0") < css.index("@media print") < css.index("color: blue") < css.index("color: green")
    assert "@media print {\n.x { color: red }\n}" in css


def test_relative_addresses_are_made_relative_to_the_static_folder(tmp_path):
    static = write(tmp_path, {"styles/a.css": (
        '@font-face { src: url(../vendor/f.woff2) } .i { background: url("img/i.svg") }'
        ' .d { background: url("data:image/svg+xml,<svg/>") } .w { background: url(https://example.org/w.png) }')})
    css = styles.combine(static, ["styles/a.css"])
    assert "url(vendor/f.woff2)" in css and 'url("styles/img/i.svg")' in css
    assert 'url("data:image/svg+xml,<svg/>")' in css and "url(https://example.org/w.png)" in css


def test_font_awesome_glyph_rules_and_comments_go_and_licences_stay(tmp_path):
    static = write(tmp_path, {"a.css": '/*! Bootstrap, MIT licence */ /* a note */ .fa{display:inline}'
                                       '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.b{color:red}'})
    css = styles.combine(static, ["a.css"])
    assert "/*! Bootstrap, MIT licence */" in css and "a note" not in css
    assert "f0c9" not in css and ".fa{display:inline}" in css and ".b{color:red}" in css


def test_a_rule_goes_only_when_every_selector_needs_a_class_no_page_or_script_names(tmp_path):
    static = write(tmp_path, {"a.css": """
        .used { color: red }
        .unused { color: blue }
        .unused, .used-too { color: green }
        .used .unused { color: gray }
        div, .unused { color: olive }
        .used:not(.unused) { color: teal }
        html[data-theme=dark] .unused { color: navy }
        @media (max-width: 600px) { .unused { color: pink } }
        @media print { .used { color: black } .unused { color: white } }
    """})
    css = styles.combine(static, ["a.css"], used={"used", "used-too"})
    kept = [".used { color: red }", ".unused, .used-too { color: green }", "div, .unused { color: olive }",
            ".used:not(.unused) { color: teal }", ".used { color: black }"]
    gone = ["color: blue", "color: gray", "color: navy", "color: pink", "color: white", "max-width: 600px"]
    assert all(rule in css for rule in kept), css
    assert not [text for text in gone if text in css], css
    assert [css.index(rule) for rule in kept] == sorted(css.index(rule) for rule in kept)
    # without the site's words nothing but glyph rules and comments is left out
    assert all(text in styles.combine(static, ["a.css"]) for text in gone[:-1])


def test_the_site_s_words_come_from_its_pages_and_scripts(tmp_path):
    site = write(tmp_path, {"a/page.html": '<p class="one two">three</p>', "_static/s.js": 'el.classList.add("four-five")',
                            "_static/s.css": ".six {}", "_sources/a.txt": "seven"})
    words = styles.used_words(site)
    assert {"one", "two", "three", "four-five"} <= words and not {"six", "seven"} & words
    assert words >= styles.BUILT_BY_SCRIPTS


def test_selector_lists_give_the_classes_each_selector_requires():
    import tinycss2
    prelude = tinycss2.parse_one_rule(".a .b:hover, div > .c:not(.d), :is(.e), p {}").prelude
    assert styles.selector_classes(prelude) == [{"a", "b"}, {"c"}, set(), set()]
