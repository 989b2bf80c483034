"""Load test: the personas' real traffic, mixed (run by scripts/load_test.sh, `make load-test`).

- peer workers save the supervision form (a new record each time) and read their sessions;
- supervisors open their dashboard and session list;
- service managers open their pages (from the navigation) and the comparison by context;
- researchers open the comparison by context and by initiative, the case table, and export:
  the context CSV in the request, the initiative and case-table exports as jobs (the server
  runs with PEERWORK_EXPORT_INLINE_MAX_ROWS=0), polling the job until its file is ready.

Each persona signs in once (password hashing is slow on purpose) and its users share the
session. At the end it prints p50/p95/p99 and errors per endpoint and one line:
RESULT users=N requests=N errors=N save_p95_ms=… worst_page_p95_ms=…
("pages" are every endpoint but signing in). Traffic stays on loopback.
"""

from __future__ import annotations

import html
import itertools
import os
import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, events, task
from pageforms import session_form_data

PASSWORD = os.environ.get("LOAD_TEST_PASSWORD", "demo-peerwork")
NAV_LINK = re.compile(r'class="nav-link[^"]*" href="(/[^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EXPORT_LINK = re.compile(r'href="(/comparison/export/\?[^"]+)"')
SIGN_IN_NAMES = {"login page", "sign in"}
SAVE_NAME = "POST /supervision/new/ (save)"

_sessions: dict[str, dict[str, str]] = {}
_locks: dict[str, Semaphore] = {}


class Signed(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    emails: itertools.cycle

    def on_start(self) -> None:
        self.email = next(self.emails)
        lock = _locks.setdefault(self.email, Semaphore())
        with lock:
            if self.email not in _sessions:
                self._sign_in()
                _sessions[self.email] = {c.name: c.value for c in self.client.cookies}
        for name, value in _sessions[self.email].items():
            self.client.cookies.set(name, value)
        home = self.client.get("/", name="/ (home)")
        self.paths = sorted(set(NAV_LINK.findall(home.text)))

    def _sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        self._insecure_cookies()
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {self.email} failed: {response.status_code}")
        self._insecure_cookies()

    def _insecure_cookies(self) -> None:
        # DEBUG=false marks cookies Secure; on loopback HTTP the client must still send them.
        for cookie in self.client.cookies:
            cookie.secure = False

    def post_form(self, url: str, data: dict, *, name: str, page: str, expect: int = 302):
        """POST ``data`` with the CSRF token of ``page`` (the form's own, as a browser does)."""
        token = CSRF.search(page)
        with self.client.post(
            url,
            {**data, "csrfmiddlewaretoken": [token.group(1) if token else ""]},
            headers={"Referer": f"{self.host}{url}"},
            name=name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{name}: {response.status_code}")
            return response


class PeerWorker(Signed):
    weight = 4
    emails = itertools.cycle(["peer@demo.peerwork"])

    @task(3)
    def save_session(self) -> None:
        page = self.client.get("/supervision/new/", name="/supervision/new/")
        self.post_form(
            "/supervision/new/", session_form_data(page.text), name=SAVE_NAME, page=page.text
        )

    @task(2)
    def sessions(self) -> None:
        self.client.get("/supervision/", name="/supervision/")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")


class Supervisor(Signed):
    weight = 2
    emails = itertools.cycle(["supervisor@demo.peerwork"])

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/supervision/supervisees/", name="/supervision/supervisees/")

    @task(1)
    def sessions(self) -> None:
        self.client.get("/supervision/", name="/supervision/")


class Manager(Signed):
    weight = 2
    emails = itertools.cycle(["manager@demo.peerwork", "manager2@demo.peerwork"])

    @task(4)
    def section(self) -> None:
        if self.paths:
            self.client.get(random.choice(self.paths))

    @task(1)
    def comparison(self) -> None:
        self.client.get("/comparison/", name="/comparison/ (manager)")


class Researcher(Signed):
    weight = 2
    emails = itertools.cycle(["researcher@demo.peerwork"])

    def on_start(self) -> None:
        super().on_start()
        page = self.client.get("/comparison/", name="/comparison/ (context)")
        self.exports = [html.unescape(link) for link in EXPORT_LINK.findall(page.text)]

    @task(3)
    def by_context(self) -> None:
        self.client.get("/comparison/", name="/comparison/ (context)")

    @task(2)
    def by_initiative(self) -> None:
        self.client.get("/comparison/?view=initiative", name="/comparison/ (initiative)")

    @task(2)
    def case_table(self) -> None:
        self.client.get("/comparison/cases/", name="/comparison/cases/")

    @task(1)
    def export_inline(self) -> None:
        links = [link for link in self.exports if "view=context" in link or "view=" not in link]
        if links:
            self.client.get(links[0], name="/comparison/export/ (context, in the request)")

    @task(1)
    def export_job(self) -> None:
        query = self.exports[0].split("?", 1)[1] if self.exports else ""
        params = "&".join(part for part in query.split("&") if not part.startswith("view="))
        url = f"/comparison/export/?{params}&view=case-table"
        offer = self.client.get(url, name="/comparison/export/ (offer a job)")
        response = self.post_form(
            url, {}, name="POST /comparison/export/ (start job)", page=offer.text
        )
        location = response.headers.get("Location", "")
        if not location.startswith("/jobs/"):
            return
        for _attempt in range(20):
            progress = self.client.get(f"{location}progress/", name="/jobs/<id>/progress/")
            if "Download" in progress.text or "failed" in progress.text:
                break
            self.wait()
        match = re.search(r'href="(/jobs/[^"]+/download/)"', progress.text)
        if match:
            self.client.get(match.group(1), name="/jobs/<id>/download/")
        else:
            events.request.fire(
                request_type="JOB",
                name="export job finished",
                response_time=0,
                response_length=0,
                exception=RuntimeError("the export job did not finish"),
                context={},
            )


@events.quitting.add_listener
def _report(environment, **kwargs) -> None:
    stats = environment.stats
    print(f"\n{'endpoint':58} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}")
    worst = 0.0
    for (name, method), entry in sorted(stats.entries.items()):
        p95 = entry.get_response_time_percentile(0.95)
        print(
            f"{method + ' ' + name:58} {entry.num_requests:8} {entry.num_failures:6} "
            f"{entry.get_response_time_percentile(0.5):6.0f} {p95:6.0f} "
            f"{entry.get_response_time_percentile(0.99):6.0f}"
        )
        if name not in SIGN_IN_NAMES and method != "JOB":
            worst = max(worst, p95)
    save = stats.entries.get((SAVE_NAME, "POST"))
    save_p95 = save.get_response_time_percentile(0.95) if save else float("nan")
    total = stats.total
    print(
        f"RESULT users={os.environ.get('LOAD_TEST_USERS', '?')} "
        f"requests={total.num_requests} errors={total.num_failures} "
        f"save_p95_ms={save_p95:.0f} worst_page_p95_ms={worst:.0f}"
    )
    if total.num_failures or not total.num_requests:
        environment.process_exit_code = 1
