"""Accessibility as a test: axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page
each demo persona can reach, on every form with and without errors, and on the phone-sized
supervision pages.

The demo landscape (``seed_demo``) gives every page real content. Each persona signs in through
the real forms (two-factor included) and the test walks the links it is shown, breadth first,
visiting one page per address pattern (identifiers and query values set aside), so the number
of pages does not grow with the data. axe-core comes from ``axe-playwright-python``, which
ships ``axe.min.js``; it is evaluated in the page, so nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import parse_qsl, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography.fernet import Fernet
from django.core.management import call_command
from django_otp.oath import TOTP
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
MAX_PAGES_PER_PERSONA = 90

PERSONAS = [
    "manager@demo.peerwork",
    "manager2@demo.peerwork",
    "supervisor@demo.peerwork",
    "peer@demo.peerwork",
    "researcher@demo.peerwork",
    "admin@demo.peerwork",
]
# Pages each persona also sees on a phone: the journeys made away from a desk.
PHONE_PAGES = {
    "peer@demo.peerwork": ["/", "/supervision/", "/supervision/new/", "/training/mine/"],
    "supervisor@demo.peerwork": ["/", "/supervision/supervisees/"],
}

# Files (and the API's schema and endpoints, which are files too), sign-out, the Django
# admin's own pages and anything that changes data on GET.
NOT_PAGES = re.compile(
    r"(\.(csv|xlsx|qdc|qdpx|pdf|docx|json)$|/download/|/export|/logout/|^/admin/|/static/|"
    r"/media/|sign-out|^/api/(schema|v1)/)"
)
# Create and edit forms, also submitted empty to check the page that shows their errors.
FORM_PAGES = re.compile(
    r"/(new|edit|enrol|feedback|move|merge|memo)/$|^/qualitative/codebook/<id>/$"
)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=checkbox]):not([type=radio]), textarea, select"


@dataclass
class Audit:
    pages: int = 0
    violations: list[str] = field(default_factory=list)
    dead_links: list[str] = field(default_factory=list)

    def check(self, page, axe: Axe, label: str) -> None:
        results = axe.run(page, options=AXE_OPTIONS).response
        self.pages += 1
        for violation in results["violations"]:
            nodes = violation["nodes"]
            examples = "; ".join(
                f"{node['target']} {node['failureSummary'].splitlines()[-1].strip()}"
                for node in nodes[:3]
            )
            self.violations.append(
                f"{label}: {violation['id']} ({violation['impact']}, {len(nodes)} nodes) {examples}"
            )


def pattern(url: str) -> str:
    """The address with identifiers and query values set aside: one page per pattern."""
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query)})
    return UUID.sub("<id>", parts.path) + ("?" + "&".join(keys) if keys else "")


def sign_in(page, base: str, email: str, audit: Audit, axe: Axe) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.demo import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    if "/two-factor/" in page.url:
        audit.check(page, axe, f"{email} {pattern(page.url)}")
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Code").fill(f"{totp.token():06d}")
        page.get_by_role("button", name=re.compile("Verify|Continue|Sign in")).click()
        page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url and "/two-factor/" not in page.url, page.url


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    links = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#")[0]
        if path and not NOT_PAGES.search(urlsplit(path).path):
            links.append(path)
    return links


def submit_with_errors(page) -> bool:
    """Empty every field of the page's main form and submit it without the browser's own
    checks; True when the page came back with the form's errors."""
    form = page.evaluate(
        """(fields) => {
            const forms = Array.from(document.querySelectorAll("main form[method=post], main form[method=POST]"))
                .filter(form => form.querySelectorAll(fields).length > 0);
            if (!forms.length) return false;
            const form = forms.sort((a, b) => b.querySelectorAll(fields).length - a.querySelectorAll(fields).length)[0];
            form.noValidate = true;
            form.setAttribute("data-axe-target", "1");
            for (const field of form.querySelectorAll(fields)) {
                if (field.tagName === "SELECT") {
                    const blank = Array.from(field.options).find(option => option.value === "");
                    if (blank) field.value = "";
                } else if (field.type !== "file") {
                    field.value = "";
                }
            }
            return true;
        }""",
        FIELDS,
    )
    if not form:
        return False
    button = page.locator("form[data-axe-target] [type=submit]").first
    if not button.count():
        return False
    with page.expect_navigation(wait_until="load"):
        button.click()
    return page.locator(".invalid-feedback, .errorlist, .error-summary").count() > 0


def crawl(page, base: str, email: str, audit: Audit, axe: Axe) -> None:
    queue = deque(["/"])
    seen: set[str] = set()
    forms_tried: set[str] = set()
    sources: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES_PER_PERSONA:
        path = queue.popleft()
        key = pattern(path)
        if key in seen:
            continue
        seen.add(key)
        try:
            response = page.goto(base + path, wait_until="load")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file (a template, an export), not a page
            raise
        if response is None or response.status != 200:
            # A link a persona is shown must lead somewhere that persona may go.
            status = response.status if response else "no response"
            audit.dead_links.append(f"{email} {key}: {status} (linked from {sources.get(key)})")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        audit.check(page, axe, f"{email} {key}")
        for link in same_site_links(page, base):
            if pattern(link) not in seen:
                queue.append(link)
                sources.setdefault(pattern(link), key)
        if FORM_PAGES.search(key) and key not in forms_tried and submit_with_errors(page):
            forms_tried.add(key)
            audit.check(page, axe, f"{email} {key} (with errors)")


@pytest.fixture
def demo(transactional_db, settings):
    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None
    call_command("seed_demo", stdout=StringIO())


def test_every_page_for_every_persona_passes_axe(browser, live_server, demo, record_property):
    axe = Axe()
    audit = Audit()
    base = live_server.url
    for email in PERSONAS:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        sign_in(page, base, email, audit, axe)
        crawl(page, base, email, audit, axe)
        context.close()
        if email in PHONE_PAGES:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            sign_in(page, base, email, audit, axe)
            for path in PHONE_PAGES[email]:
                page.goto(base + path, wait_until="load")
                audit.check(page, axe, f"{email} {path} (390x844)")
            context.close()
    print(f"\nRESULT pages={audit.pages} violations={len(audit.violations)}")
    # Also in the suite's summary, which shows no test's own output when run on several
    # processes (tests/conftest.py).
    record_property("axe_pages", audit.pages)
    record_property("axe_violations", len(audit.violations))
    assert audit.violations == [], "\n".join(audit.violations)
    assert audit.dead_links == [], "\n".join(audit.dead_links)
