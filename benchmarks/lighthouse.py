"""Lighthouse (mobile) on Today and the interval timer, with a demo runner logged in; and
whether Chromium finds the web app installable. It prints figures; it asserts nothing.

    .venv/bin/python benchmarks/lighthouse.py [--runner test@demo.runback.dk] [--runs N]

What it does:

1. Installs Lighthouse on demand (`npm ci` from benchmarks/lighthouse/package-lock.json
   into benchmarks/lighthouse/node_modules, which git ignores). Lighthouse 12 runs on
   Node 18+; 13 would need Node 22.
2. Makes a fresh data folder with the demo accounts (`runback demo`) and starts
   `runback serve` on 127.0.0.1 with production settings (as benchmarks/load.py does:
   plain HTTP on loopback, so no HTTPS redirect).
3. Logs the demo runner in and hands Lighthouse the session cookie (`--extra-headers`),
   with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), the mobile preset,
   performance, accessibility and best practices; the best of N runs per page (default 1).
4. Installability: Lighthouse 12 no longer has a PWA category, so Chromium is asked
   directly (DevTools protocol `Page.getInstallabilityErrors`, through Playwright) on
   Today once the service worker controls it; it prints the errors, or "installable".

Loopback only; the server is always stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import HOST, Client, _environment, _runback_command, server_start, server_stop  # noqa: E402

LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
DEMO_PASSWORD = "runback-demo-2026"
CATEGORIES = ("performance", "accessibility", "best-practices")
PAGES = {"Today": "/today/", "timer": "/today/timer/"}


def lighthouse_install() -> None:
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install Lighthouse (apt-get install npm)")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True
    )


def login(port: int, email: str) -> dict[str, str]:
    client = Client(port)
    if not client.login(email, DEMO_PASSWORD):
        raise SystemExit(f"could not log in as {email}")
    return client.cookies


def lighthouse_run(url: str, cookies: dict[str, str], out: Path) -> dict[str, float]:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    report = json.loads(out.read_text())
    if report.get("finalDisplayedUrl", url) != url:
        print(f"    ended on {report['finalDisplayedUrl']}, not {url}")
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failed = [
        f"{audit['id']} ({audit['score']})"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    if failed:
        print(f"    below 0.9: {', '.join(sorted(failed))}")
    return scores


def installability(base: str, cookies: dict[str, str], profile: Path) -> list[str]:
    """Chromium's own installability check on Today, once the service worker controls it
    (in a real profile: Chromium never offers to install from an incognito window)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox"],
            viewport={"width": 412, "height": 823},
            is_mobile=True,
            extra_http_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
        try:
            page = context.new_page()
            page.goto(base + "/today/")
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.reload()
            session = context.new_cdp_session(page)
            errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
            return [error["errorId"] for error in errors]
        finally:
            context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runner", default="test@demo.runback.dk", help="a demo runner")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the best counts")
    args = parser.parse_args(argv)
    lighthouse_install()
    with tempfile.TemporaryDirectory(prefix="runback-lighthouse-") as tmp:
        folder = Path(tmp)
        env = _environment(folder / "data", "") | {"RUNBACK_DEMO_ALLOWED": "1"}
        for command in (["manage", "migrate", "--verbosity", "0"], ["demo"]):
            subprocess.run(
                [*_runback_command(), *command], env=env, check=True, stdout=subprocess.DEVNULL
            )
        server = server_start(env=env, data_dir=folder / "data", name="server")
        try:
            base = f"http://{HOST}:{server.port}"
            cookies = login(server.port, args.runner)
            print(f"Lighthouse {_version()}, mobile, {CHROMIUM}, as {args.runner}")
            for name, path in PAGES.items():
                best: dict[str, int] = {}
                for run in range(args.runs):
                    scores = lighthouse_run(base + path, cookies, folder / f"{name}-{run}.json")
                    best = {k: max(best.get(k, 0), v) for k, v in scores.items()}
                print(f"  {name:6} " + "  ".join(f"{k} {v}" for k, v in best.items()))
            errors = installability(base, cookies, folder / "profile")
            print("  installable" if not errors else f"  not installable: {', '.join(errors)}")
        finally:
            server_stop(server)
    return 0


def _version() -> str:
    package = LIGHTHOUSE.parents[1] / "package.json"
    return str(json.loads(package.read_text())["version"])


if __name__ == "__main__":
    raise SystemExit(main())
