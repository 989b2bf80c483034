"""Load smoke: demo personas browse the main pages (run by scripts/load_smoke.sh).

Each simulated user plays a demo manager, supervisor or peer worker (each persona signs in
once; its users share that session), then keeps
opening the home page, the pages its navigation bar links to, its security page and any
extra paths in LOAD_SMOKE_PATHS (comma-separated, e.g. the supervision form's URL). Pages
are found from the navigation, so new apps' pages join the smoke when they land.

The server runs with DEBUG=false (secure cookies) over plain HTTP on loopback, so the client
is told to send the cookies back anyway; nothing leaves the machine.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from gevent.lock import Semaphore
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_SMOKE_PASSWORD", "demo-peerwork")
PERSONAS = itertools.cycle(
    os.environ.get(
        "LOAD_SMOKE_USERS",
        "peer@demo.peerwork,manager@demo.peerwork,supervisor@demo.peerwork,manager2@demo.peerwork",
    ).split(",")
)
EXTRA_PATHS = [path for path in os.environ.get("LOAD_SMOKE_PATHS", "").split(",") if path]
NAV_LINK = re.compile(r'class="nav-link[^"]*" href="(/[^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Signing in hashes a password on purpose slowly; 30 users signing in at once would measure
# only that. Each persona signs in once and the users playing it share the session.
_sessions: dict[str, dict[str, str]] = {}
_locks: dict[str, Semaphore] = {}


class Persona(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.email = next(PERSONAS)
        lock = _locks.setdefault(self.email, Semaphore())
        with lock:
            if self.email not in _sessions:
                self._sign_in()
                _sessions[self.email] = {
                    cookie.name: cookie.value for cookie in self.client.cookies
                }
        for name, value in _sessions[self.email].items():
            self.client.cookies.set(name, value)
        home = self.client.get("/", name="/ (home)")
        self.paths = sorted(set(NAV_LINK.findall(home.text))) + self._extra_paths_for_persona()

    def _extra_paths_for_persona(self) -> list[str]:
        """The LOAD_SMOKE_PATHS this persona may open (a manager has no supervision form)."""
        usable = []
        for path in EXTRA_PATHS:
            with self.client.get(path, name="probe", catch_response=True) as response:
                if response.status_code == 200:
                    usable.append(path)
                response.success()
        return usable

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
            else:
                response.success()
        self._insecure_cookies()

    def _insecure_cookies(self) -> None:
        # DEBUG=false marks cookies Secure; on loopback HTTP the client must still send them.
        for cookie in self.client.cookies:
            cookie.secure = False

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")

    @task(6)
    def section(self) -> None:
        if self.paths:
            self.client.get(random.choice(self.paths))

    @task(1)
    def security(self) -> None:
        self.client.get("/accounts/security/", name="/accounts/security/")


SIGN_IN_NAMES = {"login page", "sign in", "probe"}


@events.quitting.add_listener
def _fail_on_any_error(environment, **kwargs) -> None:
    from locust.stats import StatsEntry

    stats = environment.stats.total
    print(
        f"\nLOAD SMOKE: {stats.num_requests} requests, {stats.num_failures} failures, "
        f"{stats.total_rps:.1f} requests/s, p95 {stats.get_response_time_percentile(0.95):.0f} ms, "
        f"median {stats.median_response_time:.0f} ms"
    )
    # Signing in hashes a password (deliberately slow); show the pages on their own too.
    pages = StatsEntry(environment.stats, "pages", "")
    for (name, _method), entry in environment.stats.entries.items():
        if name not in SIGN_IN_NAMES:
            pages.extend(entry)
    if pages.num_requests:
        print(
            f"LOAD SMOKE (pages, without sign-in): {pages.num_requests} requests, "
            f"{pages.total_rps:.1f} requests/s, p95 {pages.get_response_time_percentile(0.95):.0f} ms, "
            f"median {pages.median_response_time:.0f} ms"
        )
    if stats.num_failures or stats.num_requests == 0:
        environment.process_exit_code = 1
