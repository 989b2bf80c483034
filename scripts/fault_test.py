"""Faults under load: restart PostgreSQL while the personas use the app, then count the losses.

Run by scripts/fault_test.sh (`make fault-test`), which starts the database, gunicorn and the
task worker and passes the command that restarts the database after ``--``. This script:

- runs the mixed persona traffic (loadtest/fault.py, locust, headless) for ``--duration``;
- meanwhile writes through the real forms, as the personas do: the demo peer worker saves
  supervision records, the demo manager records applications to an open campaign, each with a
  marker of its own (in the shared summary, in the applicant's name). A write is acknowledged
  when the server answers the POST as it answers a saved form: a redirect (302) to the new
  record's page, which names the record;
- probes the home page as the demo supervisor every ``--probe-interval`` seconds;
- restarts PostgreSQL ``--restart-after`` seconds in (gunicorn is not touched);
- then looks up every acknowledged write in the database (through the models, so the marker is
  compared as the app reads it) and measures the recovery: from the restart until the first
  probe that succeeded after the database was back and after the last failed request of any
  client (load, writers, probe), i.e. until the app serves pages again without errors.

After the load it restarts PostgreSQL once more while the app is idle and then sends
3 x ``--workers`` requests at once: with every gunicorn worker holding a connection the restart
closed, any failure there is a connection reused unchecked.

It prints the figures and ends with ``RESULT acknowledged=N found=N lost=N recovery_s=S``; the
exit status is 1 if an acknowledged write is missing, the recovery took ``--max-recovery``
seconds or more, nothing was acknowledged, or a request after the idle restart failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "loadtest")]

from pageforms import form_fields, session_form_data  # noqa: E402

PASSWORD = os.environ.get("LOAD_TEST_PASSWORD", "demo-peerwork")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSION_PAGE = re.compile(r"^/supervision/sessions/([0-9a-f-]{36})/$")
APPLICATION_PAGE = re.compile(r"^/recruitment/applications/([0-9a-f-]{36})/$")
CAMPAIGN_LINK = re.compile(r'href="(/recruitment/campaigns/[0-9a-f-]{36}/)"')
TIMEOUT = 15


@dataclass
class Outcome:
    """One request of the writers or the probe: when it was sent and answered, and how."""

    sent: float
    done: float
    ok: bool
    what: str


@dataclass
class Write:
    kind: str
    marker: str  # the exact text saved: the shared summary, or the applicant's name
    public_id: str | None = None  # from the redirect, when acknowledged


@dataclass
class Record:
    outcomes: list[Outcome] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome, write: Write | None = None) -> None:
        with self.lock:
            self.outcomes.append(outcome)
            if write is not None:
                self.writes.append(write)


class Browser:
    """A signed-in persona on plain HTTP (DEBUG=false marks the cookies Secure)."""

    def __init__(self, host: str, email: str, record: Record) -> None:
        self.host, self.email, self.record = host, email, record
        self.http = requests.Session()

    def clone(self, record: Record) -> Browser:
        """The same signed-in persona on a connection of its own."""
        twin = Browser(self.host, self.email, record)
        twin.http.cookies.update(self.http.cookies)
        twin._insecure_cookies()
        return twin

    def _insecure_cookies(self) -> None:
        for cookie in self.http.cookies:
            cookie.secure = False

    def sign_in(self) -> None:
        page = self.http.get(f"{self.host}/accounts/login/", timeout=TIMEOUT)
        self._insecure_cookies()
        response = self.http.post(
            f"{self.host}/accounts/login/",
            {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page.text)},
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if response.status_code != 302:
            raise SystemExit(f"sign-in as {self.email} failed: {response.status_code}")
        self._insecure_cookies()

    def get(self, path: str) -> requests.Response | None:
        """GET ``path``; None (and a failure recorded) unless it answers 200."""
        sent = time.time()
        try:
            response = self.http.get(f"{self.host}{path}", timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as exc:
            self.record.add(Outcome(sent, time.time(), False, f"GET {path}: {type(exc).__name__}"))
            return None
        ok = response.status_code == 200
        self.record.add(Outcome(sent, time.time(), ok, f"GET {path}: {response.status_code}"))
        self._insecure_cookies()
        return response if ok else None

    def save(self, path: str, data: dict, page: str, write: Write, created: re.Pattern) -> bool:
        """POST a form; acknowledged when answered with a redirect to the created record."""
        sent = time.time()
        try:
            response = self.http.post(
                f"{self.host}{path}",
                {**data, "csrfmiddlewaretoken": [_csrf(page)]},
                headers={"Referer": f"{self.host}{path}"},
                allow_redirects=False,
                timeout=TIMEOUT,
            )
        except requests.RequestException as exc:
            self.record.add(
                Outcome(sent, time.time(), False, f"POST {path}: {type(exc).__name__}"), write
            )
            return False
        done = time.time()
        self._insecure_cookies()
        match = created.match(response.headers.get("Location", ""))
        if response.status_code == 302 and match:
            write.public_id = match.group(1)
            self.record.add(Outcome(sent, done, True, f"POST {path}: 302"), write)
            return True
        # 200 is the form shown again with a message: refused, not a server failure.
        ok = response.status_code == 200
        self.record.add(Outcome(sent, done, ok, f"POST {path}: {response.status_code}"), write)
        return False


def _csrf(page: str) -> str:
    match = CSRF.search(page)
    return match.group(1) if match else ""


def write_sessions(browser: Browser, run: str, stop: threading.Event, pause: float) -> None:
    number = 0
    while not stop.is_set():
        page = browser.get("/supervision/new/")
        if page is not None:
            number += 1
            marker = f"Fault test record fault-{run}-session-{number}."
            data = session_form_data(page.text, summary=marker)
            browser.save(
                "/supervision/new/", data, page.text, Write("session", marker), SESSION_PAGE
            )
        stop.wait(pause)


def open_campaign_form(browser: Browser, run: str) -> str:
    """The new-application path of a campaign that takes applications (one is recorded)."""
    listing = browser.get("/recruitment/")
    campaigns = dict.fromkeys(CAMPAIGN_LINK.findall(listing.text if listing else ""))
    for number, campaign in enumerate(campaigns):
        path = f"{campaign}applications/new/"
        page = browser.get(path)
        if page is None:
            continue
        marker = f"Applicant fault-{run}-campaign-{number}"
        data = application_data(page.text, marker)
        if browser.save(path, data, page.text, Write("application", marker), APPLICATION_PAGE):
            return path
    raise SystemExit(f"no open campaign takes applications from {browser.email}")


def application_data(page: str, marker: str) -> dict[str, list[str]]:
    data = form_fields(page, "full_name")
    data["full_name"] = [marker]
    return data


def write_applications(
    browser: Browser, run: str, path: str, stop: threading.Event, pause: float
) -> None:
    number = 0
    while not stop.is_set():
        page = browser.get(path)
        if page is not None:
            number += 1
            marker = f"Applicant fault-{run}-application-{number}"
            browser.save(
                path,
                application_data(page.text, marker),
                page.text,
                Write("application", marker),
                APPLICATION_PAGE,
            )
        stop.wait(pause)


def probe(browser: Browser, stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        browser.get("/")
        stop.wait(interval)


def restart(command: list[str], at: float, times: dict[str, float]) -> None:
    time.sleep(max(0.0, at - time.time()))
    times["restart_issued"] = time.time()
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    times["database_back"] = time.time()
    if result.returncode:
        times["restart_failed"] = result.returncode
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)


def quiet_restart(command: list[str], supervisor: Browser, requests_after: int) -> Record:
    """Restart the database while nothing is asked of the app, then send ``requests_after``
    home page requests at once: each gunicorn worker still holds the connection the restart
    closed, so without a check before reuse its first request after the restart fails."""
    times: dict[str, float] = {}
    restart(command, time.time(), times)
    quiet = Record()
    browsers = [supervisor.clone(quiet) for _ in range(requests_after)]
    burst = [threading.Thread(target=browser.get, args=("/",)) for browser in browsers]
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join()
    if "restart_failed" in times:
        quiet.add(Outcome(times["restart_issued"], time.time(), False, "restart failed"))
    return quiet


def found_writes(writes: list[Write]) -> set[str]:
    """The markers of ``writes`` whose record is in the database with exactly that text."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
    import django

    django.setup()
    from recruitment.models import Application
    from supervision.models import SupervisionSession

    ids = {write.public_id for write in writes if write.public_id}
    stored = {
        str(public_id): summary
        for public_id, summary in SupervisionSession.objects.filter(public_id__in=ids).values_list(
            "public_id", "shared_summary"
        )
    }
    stored |= {
        str(public_id): name
        for public_id, name in Application.objects.filter(public_id__in=ids).values_list(
            "public_id", "full_name"
        )
    }
    return {
        write.marker
        for write in writes
        if write.public_id and stored.get(write.public_id) == write.marker
    }


def saved_without_answer(writes: list[Write]) -> int:
    """Writes that got no acknowledgement but were saved all the same (not a loss)."""
    from recruitment.models import Application
    from supervision.models import SupervisionSession

    markers = [write.marker for write in writes if not write.public_id]
    return sum(
        SupervisionSession.objects.filter(shared_summary=marker).exists()
        or Application.objects.filter(full_name=marker).exists()
        for marker in markers
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--restart-after", type=float, default=20)
    parser.add_argument("--write-pause", type=float, default=0.5)
    parser.add_argument("--probe-interval", type=float, default=0.2)
    parser.add_argument("--max-recovery", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's")
    parser.add_argument("restart_command", nargs="+", help="after --: restarts the database")
    options = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    record = Record()
    peer = Browser(options.host, "peer@demo.peerwork", record)
    manager = Browser(options.host, "manager@demo.peerwork", record)
    supervisor = Browser(options.host, "supervisor@demo.peerwork", record)
    for browser in (peer, manager, supervisor):
        browser.sign_in()
    application_path = open_campaign_form(manager, run)

    locust_log = Path(tempfile.mkstemp(prefix="fault-locust-", suffix=".jsonl")[1])
    locust_out = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (read after the run)
    started = time.time()
    locust = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(ROOT / "loadtest" / "fault.py"),
            "--headless",
            "--host",
            options.host,
            "--users",
            str(options.users),
            "--spawn-rate",
            "10",
            "--run-time",
            f"{math.ceil(options.duration)}s",
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ],
        env={
            **os.environ,
            "FAULT_LOCUST_LOG": str(locust_log),
            "LOAD_TEST_USERS": str(options.users),
        },
        stdout=locust_out,
        stderr=subprocess.STDOUT,
    )
    stop = threading.Event()
    times: dict[str, float] = {}
    threads = [
        threading.Thread(target=write_sessions, args=(peer, run, stop, options.write_pause)),
        threading.Thread(
            target=write_applications,
            args=(manager, run, application_path, stop, options.write_pause),
        ),
        threading.Thread(target=probe, args=(supervisor, stop, options.probe_interval)),
        threading.Thread(
            target=restart,
            args=(options.restart_command, started + options.restart_after, times),
        ),
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, started + options.duration - time.time()))
    stop.set()
    for thread in threads:
        thread.join()
    locust.wait(timeout=120)
    time.sleep(2)  # the last requests finish; every gunicorn worker keeps its connection
    quiet = quiet_restart(options.restart_command, supervisor, 3 * options.workers)
    quiet_failures = [o.what for o in quiet.outcomes if not o.ok]

    # --- what happened -----------------------------------------------------------------
    locust_failures: list[tuple[float, str]] = []
    locust_requests = 0
    for line in locust_log.read_text().splitlines():
        entry = json.loads(line)
        if "at" in entry:
            locust_failures.append((entry["at"], f"{entry['name']}: {entry['error']}"))
        else:
            locust_requests = entry["requests"]
    locust_log.unlink()
    # Locust's own tables are long: its per-endpoint table (loadtest/mixed.py) is enough.
    locust_out.seek(0)
    lines = locust_out.read().splitlines()
    table = next((i for i, line in enumerate(lines) if line.startswith("endpoint ")), 0)
    for line in lines[table:]:
        if line.startswith("RESULT "):  # this script's RESULT line is the last word
            break
        print(line)

    issued = times.get("restart_issued", math.inf)
    back = times.get("database_back", math.inf)
    failures = locust_failures + [(o.done, o.what) for o in record.outcomes if not o.ok]
    # An export job given up on is noticed long after its cause: counted, but not a request.
    unfinished_jobs = [what for _at, what in failures if what.startswith("JOB ")]
    failures = [(at, what) for at, what in failures if not what.startswith("JOB ")]
    after_restart = [at for at, _what in failures if at >= issued]
    settled = max([back, *after_restart])
    probes = sorted(
        (o for o in record.outcomes if o.what.startswith("GET /:") and o.sent >= settled),
        key=lambda o: o.sent,
    )
    recovered = next((o.done for o in probes if o.ok), math.inf)
    recovery = recovered - issued
    during = [what for at, what in failures if issued <= at <= recovered]
    before = [what for at, what in failures if at < issued]

    writes = record.writes
    acknowledged = [write for write in writes if write.public_id]
    found = found_writes(acknowledged)
    lost = [write for write in acknowledged if write.marker not in found]

    print(f"\nrestart of PostgreSQL {times.get('restart_issued', 0) - started:.1f} s into the run;")
    print(f"  database accepting connections again after {back - issued:.2f} s")
    print(
        f"requests: {locust_requests} from the load, "
        f"{len(record.outcomes)} from the writers and the probe"
    )
    print(f"failures before the restart: {len(before)}")
    print(f"failures during the outage (restart until recovered): {len(during)}", end="")
    if after_restart:
        print(
            f", the first {min(after_restart) - issued:.2f} s and the last "
            f"{max(after_restart) - issued:.2f} s after the restart began"
        )
    else:
        print()
    for what in sorted(set(during))[:12]:
        print(f"  {what}")
    print(
        f"writes attempted: {len(writes)} "
        f"(sessions {sum(w.kind == 'session' for w in writes)}, "
        f"applications {sum(w.kind == 'application' for w in writes)})"
    )
    print(f"writes acknowledged: {len(acknowledged)}")
    print(f"writes found: {len(found)}")
    print(f"writes saved although not acknowledged: {saved_without_answer(writes)}")
    for write in lost:
        print(f"  LOST {write.kind} {write.public_id} {write.marker}")
    print(f"export jobs that did not finish: {len(unfinished_jobs)}")
    print(
        f"recovery: {recovery:.2f} s (limit {options.max_recovery:g} s), of which "
        f"{recovered - back:.2f} s after the database was back; gunicorn not restarted"
    )
    print(
        f"restart while the app was idle, then {len(quiet.outcomes)} requests at once: "
        f"{len(quiet_failures)} failed"
    )
    for what in sorted(set(quiet_failures)):
        print(f"  {what}")
    if "restart_failed" in times:
        print("the restart command failed")
    print(
        f"RESULT acknowledged={len(acknowledged)} found={len(found)} lost={len(lost)} "
        f"recovery_s={recovery:.1f}"
    )
    failed = (
        bool(lost)
        or not acknowledged
        or recovery >= options.max_recovery
        or "restart_failed" in times
        or bool(quiet_failures)
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
