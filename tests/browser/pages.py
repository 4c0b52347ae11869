"""What every browser test checks on a page: axe-core, the landmarks, the skip link and visible focus."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

#: The README's screenshots (committed; the journey test writes them on every run).
README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

_FOCUS_VISIBLE = """() => {
    const style = getComputedStyle(document.activeElement);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
}"""
_FOCUS_IN_MAIN = "() => document.querySelector('main').contains(document.activeElement)"


def checked(page: Page) -> None:
    """The page as it is now passes the WCAG 2.1 AA rules of axe-core and has the site's landmarks."""
    assert_accessible(page)
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    assert page.get_by_role("navigation").count() >= 1


def focused_text(page: Page) -> str:
    text: str = page.evaluate("() => (document.activeElement.innerText || document.activeElement.value || '').trim()")
    return text


def assert_focus_visible(page: Page) -> None:
    assert page.evaluate(_FOCUS_VISIBLE), f"no visible focus indicator on {focused_text(page)!r} at {page.url}"


def assert_skip_link_leads_to_main(page: Page) -> None:
    """From the top of a freshly loaded page: the first Tab reaches the skip link, which is then shown
    with a visible focus indicator, and following it sends the next Tab into the main content."""
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main", focused_text(page)
    assert focused_text(page) == "Naar de inhoud"
    assert_focus_visible(page)
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 1, f"the focused skip link is not shown: {box}"
    assert box["height"] > 1, f"the focused skip link is not shown: {box}"
    assert box["top"] >= 0, f"the focused skip link is above the page: {box}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS_IN_MAIN), f"after the skip link, Tab reached {focused_text(page)!r} outside main"


def tab_to(page: Page, text: str, limit: int = 100) -> None:
    """Press Tab until the element showing ``text`` has the focus; it must show that it has."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page) == text:
            assert_focus_visible(page)
            return
    raise AssertionError(f"{text!r} not reached with {limit} presses of Tab on {page.url}")


def assert_no_horizontal_scroll(page: Page, width: int = 320) -> None:
    """At ``width`` CSS pixels (WCAG 1.4.10 Reflow) the page needs no horizontal scrolling."""
    page.set_viewport_size({"width": width, "height": 640})
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at a {width} px viewport"
