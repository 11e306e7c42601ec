"""Support for the end-to-end tests in ``test_browser.py``.

Three parts, each usable on its own:

* finding a Chromium to drive (Debian's ``chromium`` by default) and deciding
  whether a missing browser skips the tests (locally) or fails them (CI=true);
* ``LabServer``: a private ``jupyter lab`` on 127.0.0.1 with its own config,
  runtime, data and home folders, stopped through its REST API;
* ``Lab``: what a person does in JupyterLab with a Playwright page: open a
  notebook, wait for the kernel (as the status bar reports it), Run All
  Cells from the menu, save, and read what the notebook shows.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"

#: Flags for a quiet, offline, headless Chromium on a small machine (and as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--mute-audio",
    # the listening lesson's players must play when a test calls play(), with no click first
    "--autoplay-policy=no-user-gesture-required",
]

# Generous but bounded waits (milliseconds unless named _S).
SERVER_START_S = 120
SERVER_STOP_S = 30
PAGE_LOAD = 90_000
KERNEL_IDLE = 120_000
RUN_ALL = 300_000
WIDGETS = 60_000
UI = 30_000


# -- the browser -----------------------------------------------------------------

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def skip_or_fail(reason: str) -> None:
    """Skip locally; under CI=true the browser tests must run, so fail."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run here, not skip)", pytrace=False)
    pytest.skip(reason)


def chromium_executable() -> str | None:
    """The Chromium to drive: $KIT_CHROMIUM, else Debian's, else one on PATH."""
    wanted = os.environ.get("KIT_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


MISSING_CHROMIUM = ("no Chromium found for the browser tests: install it with "
                    "`sudo apt-get install chromium` (Debian/Ubuntu) or point KIT_CHROMIUM at a "
                    "Chromium or Chrome executable")


# -- the server ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# No proxy for requests to our own server, whatever the environment says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

#: JupyterLab settings for a quiet test run: no news or update checks (offline).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


class LabServer:
    """``jupyter lab`` serving ``site`` with private folders under ``base``."""

    def __init__(self, site: Path, base: Path, answers_dir: Path):
        self.site = Path(site)
        self.base = Path(base)
        self.answers_dir = Path(answers_dir)
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = self.base / "jupyter-lab.log"
        self._log = None
        self.notes: list[str] = []  # anything unusual seen while stopping

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, path: str, workspace: str) -> str:
        """The address of ``path`` (relative to the site) in its own workspace."""
        quoted = urllib.parse.quote(path)
        return f"{self.url}/lab/workspaces/{workspace}/tree/{quoted}?token={self.token}"

    def _env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("JUPYTER") and k not in {"MPLBACKEND", "IPYTHONDIR", "MPLCONFIGDIR"}}
        # MPLBACKEND is dropped so that the kernel draws charts inline, as for a student.
        env.update(
            JUPYTER_CONFIG_DIR=str(self.base / "config"),
            JUPYTER_RUNTIME_DIR=str(self.base / "runtime"),
            JUPYTER_DATA_DIR=str(self.base / "data"),
            HOME=str(self.base / "home"),
            KIT_ANSWERS_DIR=str(self.answers_dir),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            PYTHONUNBUFFERED="1",
        )
        return env

    def _write_settings(self) -> None:
        for name in ("config", "runtime", "data", "home"):
            (self.base / name).mkdir(parents=True, exist_ok=True)
        self.answers_dir.mkdir(parents=True, exist_ok=True)
        user_settings = self.base / "config" / "lab" / "user-settings"
        for rel, value in USER_SETTINGS.items():
            path = user_settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=1), encoding="utf-8")

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.site}",
            "--ServerApp.allow_root=True",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            # A safety net should this test run die without stopping the server:
            # idle kernels are culled and the server then stops on its own.
            "--MappingKernelManager.cull_idle_timeout=1800",
            "--MappingKernelManager.cull_interval=120",
            "--ServerApp.shutdown_no_activity_timeout=1800",
        ]

    def start(self) -> "LabServer":
        self._write_settings()
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.command(), cwd=self.site, env=self._env(), stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C in the terminal reaches pytest, which stops us cleanly
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited at start with code {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=3)
                return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_S} s:\n{self.log_tail()}")
            time.sleep(0.25)

    def api(self, method: str, path: str, body=None, timeout: float = 15):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with _OPENER.open(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])

    def shutdown_kernels(self, timeout: float = 30) -> None:
        """End every session and kernel (between tests, to spare the 2 cores)."""
        for s in self.api("GET", "/api/sessions") or []:
            try:
                self.api("DELETE", f"/api/sessions/{s['id']}")
            except urllib.error.HTTPError as err:
                if err.code != 404:
                    raise
        for k in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{k['id']}")
            except urllib.error.HTTPError as err:
                if err.code != 404:
                    raise
        deadline = time.monotonic() + timeout
        while self.api("GET", "/api/kernels"):
            if time.monotonic() > deadline:
                raise RuntimeError("kernels were still running after DELETE")
            time.sleep(0.25)

    def _children(self) -> list:
        try:
            import psutil  # comes with ipykernel
            return psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:
            return []

    def stop(self) -> None:
        """POST /api/shutdown, wait for the process; kill only as a last resort."""
        proc = self.proc
        if proc is None:
            return
        children = self._children()  # kernels run in sessions of their own
        if proc.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=10)
            except (urllib.error.URLError, OSError) as err:
                self.notes.append(f"POST /api/shutdown failed: {err}")
            try:
                proc.wait(SERVER_STOP_S)
            except subprocess.TimeoutExpired:
                self.notes.append(f"jupyter lab still running {SERVER_STOP_S} s after /api/shutdown: terminated")
                self._signal_group(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.notes.append("jupyter lab ignored SIGTERM: killed")
                    self._signal_group(signal.SIGKILL)
                    proc.wait(10)
        for child in children:
            try:
                child.wait(10)
            except Exception:
                try:
                    if child.is_running():
                        self.notes.append(f"left-over process {child.pid} {child.name()}: killed")
                        child.kill()
                        child.wait(5)
                except Exception:
                    pass
        if self._log is not None:
            self._log.close()
            self._log = None
        self.proc = None

    def _signal_group(self, sig) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError, AttributeError):
            try:
                self.proc.send_signal(sig)
            except ProcessLookupError:
                pass


# -- notebooks ---------------------------------------------------------------------

def write_notebook(path: Path, *sources: str) -> Path:
    """A small notebook of code cells with the venv's Python kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# -- JupyterLab in a page ----------------------------------------------------------

KERNEL_STATUS = ".jp-StatusBar-Widget .jp-StatusBar-TextItem[title^='Change kernel']"

_IDLE_FOR = """([sel, ms]) => {
  const el = document.querySelector(sel);
  const text = el ? el.textContent.trim() : '';
  const idle = /\\|\\s*Idle$/.test(text) && !/^No Kernel/.test(text);
  const now = performance.now();
  if (!idle) { window.__kitIdleSince = undefined; return false; }
  if (window.__kitIdleSince === undefined) window.__kitIdleSince = now;
  return now - window.__kitIdleSince >= ms;
}"""

_ARM_RUN = """() => {
  // Note when any cell is queued or running ("[*]"), however briefly.
  window.__kitRunSeen = false;
  const nb = document.querySelector('.jp-Notebook');
  const busy = () => [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
  const obs = new MutationObserver(() => {
    if (busy()) { window.__kitRunSeen = true; obs.disconnect(); }
  });
  obs.observe(nb, {subtree: true, childList: true, characterData: true});
}"""

_RUN_DONE = """([sel, ms]) => {
  const el = document.querySelector(sel);
  const text = el ? el.textContent.trim() : '';
  const busy = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
  const done = window.__kitRunSeen && /\\|\\s*Idle$/.test(text) && !busy;
  const now = performance.now();
  if (!done) { window.__kitDoneSince = undefined; return false; }
  if (window.__kitDoneSince === undefined) window.__kitDoneSince = now;
  return now - window.__kitDoneSince >= ms;
}"""

_CELLS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => ({
  kind: cell.classList.contains('jp-CodeCell') ? 'code'
      : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
  prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
  outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
    mime: o.getAttribute('data-mime-type') || '',
    text: (o.textContent || '').slice(0, 4000),
    images: [...o.querySelectorAll('img')].map(i => ({complete: i.complete, width: i.naturalWidth})),
  })),
}))"""

# A widget output reads "Loading widget..." until its view is drawn (ipywidgets 8).
_WIDGETS_RENDERED = """() => ![...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
  .some(o => o.textContent.trim() === 'Loading widget...')"""

#: The output areas that hold a drawn widget.
WIDGET_OUTPUT = ".jp-OutputArea-output > .jupyter-widgets"


_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

_SCROLL_TO_TOP = """async el => {
  el.scrollIntoView({block: 'start'});
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const panel = el.closest('.jp-WindowedPanel-outer') || document.documentElement;
  return el.getBoundingClientRect().top - panel.getBoundingClientRect().top;
}"""


@dataclass
class Cell:
    kind: str
    prompt: str
    outputs: list = field(default_factory=list)

    def stderr(self) -> list[str]:
        return [o["text"] for o in self.outputs if o["mime"] == "application/vnd.jupyter.stderr"]

    def images(self) -> list[dict]:
        return [i for o in self.outputs for i in o["images"]]


class Lab:
    """A JupyterLab page driven as a person would."""

    def __init__(self, page, server: LabServer):
        self.page = page
        self.server = server

    def open(self, path: str, workspace: str) -> None:
        """Open a notebook in a fresh workspace and wait for its kernel to be idle."""
        self.page.goto(self.server.page_url(path, workspace), timeout=PAGE_LOAD)
        self.page.locator(".jp-NotebookPanel .jp-Notebook").wait_for(timeout=PAGE_LOAD)
        self.wait_kernel_idle()

    def wait_kernel_idle(self, steady_ms: int = 1000) -> None:
        """Idle as the status bar says it, for ``steady_ms`` in a row.

        The notebook toolbar's indicator reports idle before the kernel has
        really started, so the status bar is the one to trust.
        """
        self.page.wait_for_function(_IDLE_FOR, arg=[KERNEL_STATUS, steady_ms], timeout=KERNEL_IDLE,
                                    polling=100)

    def kernel_status(self) -> str:
        loc = self.page.locator(KERNEL_STATUS)
        return loc.text_content() if loc.count() else "(no kernel status in the status bar)"

    def menu(self, top: str, item: str) -> None:
        # A menu item's accessible name ends with its shortcut ("Save Notebook Ctrl+S").
        self.page.get_by_role("menuitem", name=top, exact=True).click(timeout=UI)
        self.page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}(\s+\S*\+\S*)?$")).click(timeout=UI)

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every queued cell has run."""
        has_code = self.page.locator(".jp-Notebook .jp-CodeCell").count() > 0
        self.page.evaluate(_ARM_RUN)
        self.menu("Run", "Run All Cells")
        if not has_code:
            return
        try:
            self.page.wait_for_function(_RUN_DONE, arg=[KERNEL_STATUS, 1000], timeout=RUN_ALL, polling=200)
        except Exception as err:
            prompts = [c.prompt for c in self.cells() if c.kind == "code"]
            raise AssertionError(f"Run All Cells did not finish within {RUN_ALL // 1000} s; kernel: "
                                 f"{self.kernel_status()!r}; prompts: {prompts}") from err
        try:
            self.page.wait_for_function(_WIDGETS_RENDERED, timeout=WIDGETS, polling=200)
        except Exception as err:
            raise AssertionError(f"a widget still reads 'Loading widget...' after {WIDGETS // 1000} s") from err

    def save(self) -> None:
        """File > Save Notebook, and wait until the tab is no longer marked dirty."""
        self.menu("File", "Save Notebook")
        self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)").wait_for(
            timeout=UI)

    def cells(self) -> list[Cell]:
        return [Cell(**c) for c in self.page.evaluate(_CELLS)]

    def cell(self, index: int):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def screenshot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if locator is not None:
            locator.wait_for(state="attached", timeout=UI)
            # Cells off screen are laid out lazily (content-visibility), so the
            # first scroll may land short: scroll again once the cells are drawn.
            for _ in range(4):
                top = locator.evaluate(_SCROLL_TO_TOP)
                if 0 <= top < 120:
                    break
            locator.wait_for(state="visible", timeout=UI)
        self.page.evaluate(_TWO_FRAMES)
        self.page.wait_for_timeout(200)
        self.page.screenshot(path=str(path))
        return path


def tab_to(page, target, *, backwards: bool = False, max_presses: int = 30) -> int:
    """Press Tab (or Shift+Tab) until ``target`` has the focus; return the presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(max_presses + 1):
        if target.evaluate("el => el === document.activeElement"):
            return presses
        if presses < max_presses:
            page.keyboard.press(key)
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{key} x{max_presses} never reached {target}; the focus is on {focused}")


# -- audio -------------------------------------------------------------------------

#: For every <audio> under ``root``: wait for its metadata, then play it (muted,
#: as the browser is) and report how far it got. ``currentTime`` advancing is
#: the proof that the browser decoded and played the sound.
AUDIO_CHECK = """async ([root, playMs]) => {
  const host = typeof root === 'string' ? document.querySelector(root) : root;
  const els = [...(host || document).querySelectorAll('audio')];
  const out = [];
  for (const el of els) {
    el.scrollIntoView({block: 'center'});
    if (el.readyState < 1) {
      if (el.preload === 'none') el.preload = 'metadata';
      el.load();
      await new Promise((resolve) => {
        const done = () => resolve();
        el.addEventListener('loadedmetadata', done, {once: true});
        el.addEventListener('error', done, {once: true});
        setTimeout(done, 15000);
      });
    }
    const info = {label: el.getAttribute('aria-label') || '', controls: el.controls,
                  autoplay: el.autoplay, duration: el.duration,
                  error: el.error ? el.error.code : null, played: false, currentTime: 0, playError: ''};
    try {
      el.muted = true;
      await el.play();
      // on a busy machine playback may start late: wait up to playMs for time to move
      const start = performance.now();
      while (el.currentTime === 0 && performance.now() - start < playMs) {
        await new Promise(r => setTimeout(r, 50));
      }
      info.currentTime = el.currentTime;
      info.played = !el.paused || el.ended || el.currentTime > 0;
      el.pause();
      el.currentTime = 0;
    } catch (err) {
      info.playError = String(err);
    }
    out.push(info);
  }
  return out;
}"""


def check_audio(page, root=".jp-Notebook", play_ms: int = 5000) -> list[dict]:
    """Load and play every <audio> under ``root`` (a selector or an element handle)."""
    return page.evaluate(AUDIO_CHECK, [root, play_ms])
