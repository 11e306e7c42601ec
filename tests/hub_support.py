"""A real JupyterHub on 127.0.0.1 for ``test_hub.py`` and ``benchmarks/hub_load.py``.

What a school's hub has, in miniature: JupyterHub from PyPI behind
configurable-http-proxy from npm, the DummyAuthenticator (one shared
password), and the LocalProcessSpawner starting each student's server as
that student's own Unix user. The users and their group are made here and
removed afterwards, with their home folders.

The students' single-user environment is ``/opt/kit-hub-venv`` (made by
``.ci/hub-setup`` from Debian's python3, so other users can read it); the kit
is installed into it from the working tree by ``install_kit``. The lessons
reach the students as a git repository (the working tree, committed to a
bare repository that ``git daemon`` serves on 127.0.0.1) through an
nbgitpuller link.

Everything stops through the hub's REST API (``POST /hub/api/shutdown``);
anything the users left running is ended afterwards and reported.

Parts:

* ``preflight``: why the hub cannot run here (not root, no proxy, ...), or None;
* ``UnixUsers``: create and remove the test users and the teachers' group;
* ``install_kit``, ``LessonRepo``: the kit and the lessons, as students get them;
* ``Hub``: the hub process, its REST API and each user's server;
* ``Kernel``: run code in a user's kernel over the server's websocket, as a
  notebook does (through the hub's proxy).
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUB_VENV = Path(os.environ.get("KIT_HUB_VENV", "/opt/kit-hub-venv"))
PROXY_BIN = Path(os.environ.get("KIT_HUB_PROXY", "/opt/kit-hub-proxy")) / "node_modules" / ".bin" / \
    "configurable-http-proxy"
SETUP_HINT = "run `sudo bash .ci/hub-setup` once (it installs the proxy and the students' environment)"

#: Written into each test user's GECOS field: only users carrying it are ever removed.
USER_MARK = "kit hub test user"
TEACHERS_GROUP = "kit-teachers"
PASSWORD = "kit-class-password"

SPAWN_S = 300           # one server start, with 30 starting at once on 2 cores
HUB_START_S = 120
HUB_STOP_S = 120

#: JupyterLab settings for each test user: no news or update checks (offline).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}

# No proxy for requests to our own hub, whatever the environment says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# -- can it run here? ----------------------------------------------------------------

def preflight() -> str | None:
    """Why a real hub cannot run on this machine, or None when it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the real-hub tests create Unix users, so they run as root only (as CI does)"
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "git"):
        if shutil.which(tool) is None:
            return f"`{tool}` is missing; the real-hub tests need it"
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return "jupyterhub is not installed in this environment: pip install -e '.[test]'"
    if not PROXY_BIN.exists():
        return f"configurable-http-proxy is not at {PROXY_BIN}: {SETUP_HINT}"
    if shutil.which("node") is None:
        return f"Node.js is missing (configurable-http-proxy needs it): {SETUP_HINT}"
    single_user = HUB_VENV / "bin" / "jupyterhub-singleuser"
    if not single_user.exists():
        return f"the students' environment {HUB_VENV} is missing: {SETUP_HINT}"
    try:
        stamp = (HUB_VENV / ".kit-hub-stamp").read_text(encoding="utf-8")
    except OSError:
        stamp = ""
    if stamp != students_requirements():
        return f"the students' environment {HUB_VENV} does not match pyproject.toml: {SETUP_HINT}"
    return None


def students_requirements() -> str:
    """What ``.ci/hub-setup`` installs for the students (and records in its stamp file)."""
    import tomllib

    import jupyterhub

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return "\n".join([f"jupyterhub=={jupyterhub.__version__}", "nbgitpuller>=1.2", "ipykernel>=6.25", *deps])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    """Run a command; on failure raise with what it printed."""
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    proc = subprocess.run(cmd, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                           f"{proc.stdout or ''}{proc.stderr or ''}")
    return proc


def public_tempdir(prefix: str) -> Path:
    """A folder under /tmp that every user may enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


# -- Unix users ----------------------------------------------------------------------

def _ours(name: str) -> bool:
    try:
        return pwd.getpwnam(name).pw_gecos == USER_MARK
    except KeyError:
        return False


def processes_of(uid: int) -> list:
    """The processes running as ``uid`` (psutil comes with ipykernel)."""
    import psutil

    found = []
    for p in psutil.process_iter(["uids"]):
        try:
            if p.info["uids"] and p.info["uids"].real == uid:
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


class UnixUsers:
    """Test users with home folders, and the teachers' group.

    ``create`` refuses a name that belongs to someone else; a user left by an
    earlier run that died (marked with ``USER_MARK``) is removed first.
    ``remove`` ends the users' processes, then deletes users, homes and group.
    """

    def __init__(self, students: list[str], teachers: list[str] = (), group: str = TEACHERS_GROUP):
        self.students = list(students)
        self.teachers = list(teachers)
        self.group = group
        self.created: list[str] = []
        self.group_created = False
        self.notes: list[str] = []  # processes that had to be killed, and similar

    @property
    def names(self) -> list[str]:
        return self.teachers + self.students

    def create(self) -> "UnixUsers":
        for name in self.names:
            if _ours(name):
                self._remove_user(name)
            else:
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    pass
                else:
                    raise RuntimeError(f"a user called {name!r} already exists and is not a test user")
        if self.teachers:
            try:
                grp.getgrnam(self.group)
            except KeyError:
                run(["groupadd", self.group])
                self.group_created = True
        for name in self.names:
            # Private homes (700): without HOME_MODE, Debian's useradd makes them
            # 755 and every student could read every other student's answers.
            cmd = ["useradd", "--create-home", "--key", "HOME_MODE=0700", "--shell", "/bin/bash",
                   "--comment", USER_MARK]
            if name in self.teachers:
                cmd += ["--groups", self.group]
            run(cmd + [name])
            self.created.append(name)
            self._lab_settings(name)
        return self

    def _lab_settings(self, name: str) -> None:
        info = pwd.getpwnam(name)
        base = Path(info.pw_dir) / ".jupyter" / "lab" / "user-settings"
        for rel, value in LAB_SETTINGS.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")
        run(["chown", "-R", f"{info.pw_uid}:{info.pw_gid}", str(Path(info.pw_dir) / ".jupyter")])

    def uid(self, name: str) -> int:
        return pwd.getpwnam(name).pw_uid

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def leftover_processes(self) -> dict[str, list]:
        out = {}
        for name in self.created:
            try:
                procs = processes_of(self.uid(name))
            except KeyError:
                continue
            if procs:
                out[name] = procs
        return out

    def _remove_user(self, name: str) -> None:
        import psutil

        uid = pwd.getpwnam(name).pw_uid
        procs = processes_of(uid)
        for p in procs:
            try:
                self.notes.append(f"{name}: process {p.pid} {' '.join(p.cmdline())[:120]} still running: killed")
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(procs, timeout=10)
        proc = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
        if proc.returncode not in (0, 6):  # 6: no such user (already gone)
            # userdel warns (code 12) when the mail spool is missing; the user is still gone.
            try:
                pwd.getpwnam(name)
            except KeyError:
                return
            raise RuntimeError(f"userdel {name} failed: {proc.stderr}")

    def remove(self) -> None:
        errors = []
        for name in list(self.created):
            try:
                self._remove_user(name)
                self.created.remove(name)
            except Exception as err:  # keep going: remove every user we can
                errors.append(f"{name}: {err}")
        if self.group_created:
            subprocess.run(["groupdel", self.group], capture_output=True)
            self.group_created = False
        if errors:
            raise RuntimeError("could not remove test users:\n" + "\n".join(errors))


# -- the kit and the lessons -----------------------------------------------------------

def install_kit(venv: Path = HUB_VENV, source: Path = ROOT) -> str:
    """Build a wheel of the working tree and install it into the students' environment.

    Offline: the wheel is built with this environment's ``build`` and
    hatchling, and the dependencies are already there (``.ci/hub-setup``).
    Returns the kit's version as the students' Python reports it.
    """
    out = Path(tempfile.mkdtemp(prefix="kit-wheel-"))
    try:
        run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)])
        wheel = next(out.glob("*.whl"))
        run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
             "--force-reinstall", "--disable-pip-version-check", str(wheel)])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    enable_class_links(venv)
    run(["chmod", "-R", "a+rX", str(venv)])
    return run([str(venv / "bin" / "python"), "-c", "import kit; print(kit.__version__)"],
               cwd="/").stdout.strip()


def enable_class_links(venv: Path = HUB_VENV) -> None:
    """Switch on the kit's page that class links open, as the deployment guide's step 3 does."""
    run([str(venv / "bin" / "python"), "-m", "kit", "enable-class-links"], cwd="/")


def tree_files(source: Path = ROOT) -> list[str]:
    """The repository's files as they are now: tracked and new, ignored ones left out."""
    listed = run(["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    return sorted({f for f in listed.stdout.split("\0") if f and (source / f).is_file()})


GIT_ENV = {"GIT_AUTHOR_NAME": "Kit teacher", "GIT_AUTHOR_EMAIL": "teacher@example.org",
           "GIT_COMMITTER_NAME": "Kit teacher", "GIT_COMMITTER_EMAIL": "teacher@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    return run(["git", *args], cwd=cwd, env=env).stdout


class LessonRepo:
    """The lessons as a git repository that the students' servers clone.

    ``bare`` is the class's repository (``kit``, no ``.git`` suffix, as a
    hosting site names it), served read-only by ``git daemon`` on 127.0.0.1
    at ``url``: a clone over the network as from a hosting site (a
    ``file://`` clone of a repository owned by root is refused by git as
    "dubious ownership"). ``teacher`` is the teacher's clone, from which
    ``push_change`` commits and pushes, as a teacher updates a lesson.
    """

    def __init__(self, base: Path, source: Path = ROOT, branch: str = "main"):
        self.base = Path(base)
        self.bare = self.base / "kit"
        self.teacher = self.base / "teacher-clone"
        self.branch = branch
        self.source = Path(source)
        self.port = free_port()
        self.daemon: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"git://127.0.0.1:{self.port}/kit"

    def create(self) -> "LessonRepo":
        self.teacher.mkdir(parents=True)
        for rel in tree_files(self.source):
            dest = self.teacher / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.source / rel, dest)
        git("init", "--quiet", "--initial-branch", self.branch, ".", cwd=self.teacher)
        git("add", "--all", cwd=self.teacher)
        git("commit", "--quiet", "-m", "The kit as the class starts", cwd=self.teacher)
        git("clone", "--quiet", "--bare", str(self.teacher), str(self.bare), cwd=self.base)
        git("remote", "add", "origin", str(self.bare), cwd=self.teacher)
        git("fetch", "--quiet", "origin", cwd=self.teacher)
        git("branch", "--quiet", f"--set-upstream-to=origin/{self.branch}", cwd=self.teacher)
        return self

    def serve(self) -> "LessonRepo":
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--export-all", "--reuseaddr", "--informative-errors",
             f"--base-path={self.base}", "--listen=127.0.0.1", f"--port={self.port}", str(self.bare)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while subprocess.run(["git", "ls-remote", "--heads", self.url], capture_output=True).returncode:
            if self.daemon.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"git daemon did not serve {self.url}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.daemon is not None:
            if self.daemon.poll() is None:
                os.killpg(self.daemon.pid, signal.SIGTERM)
            self.daemon.wait(10)
            self.daemon = None

    def push_change(self, rel: str, edit, message: str) -> str:
        """Apply ``edit(text) -> text`` to ``rel``, commit and push; return the new commit."""
        path = self.teacher / rel
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        git("commit", "--quiet", "-am", message, cwd=self.teacher)
        git("push", "--quiet", "origin", self.branch, cwd=self.teacher)
        return git("rev-parse", "HEAD", cwd=self.teacher).strip()


def gitpuller_link(hub_url: str, repo: str, path: str, branch: str = "main") -> str:
    """An nbgitpuller link as nbgitpuller's documentation builds it (the reference form)."""
    target = urllib.parse.urlparse(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{target}/{path}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


# -- the hub ---------------------------------------------------------------------------

CONFIG = '''\
# Written by tests/hub_support.py for one test run.
c = get_config()  # noqa
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_file!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.log_level = "INFO"

c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid_file!r}
c.ConfigurableHTTPProxy.should_start = True

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = set({users!r})

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{single_user!r}]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = {spawn_s}
c.Spawner.http_timeout = {spawn_s}
# The students' environment only: nothing of the hub's own (root's) environment.
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {environment!r}
c.Spawner.args = [
    "--ServerApp.terminals_enabled=False",
    # Kernels talk to their server over {kernel_transport!r}: "ipc" (Unix sockets in the
    # user's runtime folder) cannot collide with the ports of kernels other users start
    # at the same moment, as "tcp" (the default) can on one shared machine.
    "--KernelManager.transport={kernel_transport}",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    # A safety net should a run die without stopping the hub.
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--ServerApp.shutdown_no_activity_timeout=1800",
]

c.JupyterHub.services = [{{"name": "kit-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "kit-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "shutdown", "read:hub", "list:users"],
    "services": ["kit-test"],
}}]
'''


@dataclass
class Hub:
    """A JupyterHub whose files (config, database, logs) live in ``base``."""

    base: Path
    users: list[str]
    environment: dict = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    kernel_transport: str = "ipc"
    proc: subprocess.Popen | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.base = Path(self.base)
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o700)  # the database and cookie secret are the hub's alone
        self.log_path = self.base / "jupyterhub.log"
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def user_url(self, user: str) -> str:
        return f"{self.url}/user/{user}"

    def write_config(self) -> Path:
        env = {
            "PATH": f"{HUB_VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "PYTHONUNBUFFERED": "1",
            **self.environment,
        }
        text = CONFIG.format(
            bind_url=self.url, hub_bind_url=f"http://127.0.0.1:{free_port()}",
            db_url=f"sqlite:///{self.base / 'jupyterhub.sqlite'}",
            cookie_file=str(self.base / "jupyterhub_cookie_secret"),
            pid_file=str(self.base / "jupyterhub.pid"),
            proxy=str(PROXY_BIN), proxy_api_url=f"http://127.0.0.1:{free_port()}",
            proxy_pid_file=str(self.base / "proxy.pid"),
            password=PASSWORD, users=sorted(self.users),
            single_user=str(HUB_VENV / "bin" / "jupyterhub-singleuser"),
            spawn_s=SPAWN_S, environment=env, token=self.token, kernel_transport=self.kernel_transport,
        )
        path = self.base / "jupyterhub_config.py"
        path.write_text(text, encoding="utf-8")
        return path

    def start(self) -> "Hub":
        config = self.write_config()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CONFIGPROXY"))}
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.base, env=env,
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + HUB_START_S
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited at start with code {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                self.api("GET", "/hub/api/", timeout=3)
                return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyterhub did not answer within {HUB_START_S} s:\n{self.log_tail()}")
            time.sleep(0.25)

    # -- REST ------------------------------------------------------------------------
    def request(self, method: str, url: str, body=None, timeout: float = 30, token: str | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"token {token or self.token}", "Content-Type": "application/json"})
        with _OPENER.open(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def api(self, method: str, path: str, body=None, timeout: float = 30):
        """The hub's REST API (``path`` starts with /hub/api)."""
        return self.request(method, self.url + path, body, timeout)

    def server_api(self, user: str, method: str, path: str, body=None, timeout: float = 30):
        """A user's Jupyter server, through the proxy (``path`` starts with /api)."""
        return self.request(method, self.user_url(user) + path, body, timeout)

    def user(self, name: str) -> dict:
        return self.api("GET", f"/hub/api/users/{name}")

    def request_server(self, user: str) -> None:
        """Ask the hub to start ``user``'s server (returns before it is ready)."""
        try:
            self.api("POST", f"/hub/api/users/{user}/server", timeout=60)
        except urllib.error.HTTPError as err:
            if err.code != 400:  # 400: already running or starting
                raise

    def wait_server(self, user: str, timeout: float = SPAWN_S) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            info = self.user(user)
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                return server
            if not info.get("pending") and not server:
                raise RuntimeError(f"{user}'s server stopped while starting:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{user}'s server was not ready after {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.5)

    def start_server(self, user: str) -> dict:
        self.request_server(user)
        return self.wait_server(user)

    def stop_server(self, user: str, timeout: float = 60) -> None:
        try:
            self.api("DELETE", f"/hub/api/users/{user}/server", timeout=timeout)
        except urllib.error.HTTPError as err:
            if err.code != 400:
                raise
        deadline = time.monotonic() + timeout
        while self.user(user).get("servers"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{user}'s server still listed {timeout} s after DELETE")
            time.sleep(0.5)

    # -- stopping ------------------------------------------------------------------
    def proxy_pid(self) -> int | None:
        try:
            return int((self.base / "proxy.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """``POST /hub/api/shutdown`` (servers and proxy too); kill only as a last resort."""
        import psutil

        proc = self.proc
        if proc is None:
            return
        proxy_pid = self.proxy_pid()
        if proc.poll() is None:
            try:
                self.api("POST", "/hub/api/shutdown", {"servers": True, "proxy": True}, timeout=30)
            except (urllib.error.URLError, OSError) as err:
                self.notes.append(f"POST /hub/api/shutdown failed: {err}")
            try:
                proc.wait(HUB_STOP_S)
            except subprocess.TimeoutExpired:
                self.notes.append(f"jupyterhub still running {HUB_STOP_S} s after /hub/api/shutdown: terminated")
                self._signal_group(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.notes.append("jupyterhub ignored SIGTERM: killed")
                    self._signal_group(signal.SIGKILL)
                    proc.wait(10)
        if proxy_pid:
            try:
                p = psutil.Process(proxy_pid)
                if "configurable-http-proxy" in " ".join(p.cmdline()):
                    try:
                        p.wait(10)
                    except psutil.TimeoutExpired:
                        self.notes.append(f"the proxy ({proxy_pid}) outlived the hub: killed")
                        p.kill()
            except psutil.NoSuchProcess:
                pass
        if self._log is not None:
            self._log.close()
            self._log = None
        self.proc = None

    def _signal_group(self, sig) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def log_tail(self, n: int = 60) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])


# -- a kernel, as a notebook talks to it ---------------------------------------------

@dataclass
class Execution:
    stdout: str = ""
    stderr: str = ""
    error: tuple[str, str] | None = None   # (ename, evalue)
    seconds: float = 0.0

    def raise_for_error(self, code: str = "") -> "Execution":
        if self.error:
            raise RuntimeError(f"the kernel raised {self.error[0]}: {self.error[1]}\n{self.stderr}\n"
                               f"while running:\n{textwrap.indent(code, '    ')}")
        return self


class Kernel:
    """A kernel in a user's server, reached through the hub's proxy.

    ``Kernel.start(hub, user)`` asks the user's server for a new kernel
    (``POST /user/<name>/api/kernels``) and opens its websocket;
    ``execute`` sends an execute request and waits for the kernel to go
    idle, collecting what it printed. The code runs as that user.

    Between executions a background thread keeps reading the websocket, so
    the server's pings are answered as a browser answers them (an unread
    websocket is closed by the server after its ping timeout). Every wait is
    bounded: reads time out every ``POLL_S`` and the deadline is checked.
    """

    POLL_S = 0.25

    def __init__(self, hub: Hub, user: str, kernel_id: str):
        import threading

        import websocket  # websocket-client, a dependency of jupyter_server

        self.hub, self.user, self.id = hub, user, kernel_id
        self.session = uuid.uuid4().hex
        ws_url = hub.user_url(user).replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {hub.token}"], timeout=120,
            http_no_proxy=["127.0.0.1"], suppress_origin=True)
        self.ws.settimeout(self.POLL_S)
        self._timeout = websocket.WebSocketTimeoutException
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._keep_alive, daemon=True,
                                        name=f"keep-alive {user} {kernel_id[:8]}")
        self._reader.start()

    @classmethod
    def start(cls, hub: Hub, user: str, name: str = "python3") -> "Kernel":
        info = hub.server_api(user, "POST", "/api/kernels", {"name": name}, timeout=120)
        return cls(hub, user, info["id"])

    def _keep_alive(self) -> None:
        """Read (and drop) whatever arrives while no execution waits: pings get their pongs."""
        while not self._closed.is_set():
            with self._lock:
                try:
                    self.ws.recv()
                except self._timeout:
                    pass
                except Exception:
                    return  # closed
            time.sleep(0.05)  # let execute() take the lock

    def _message(self, code: str) -> dict:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "username": self.user, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }

    def execute(self, code: str, timeout: float = 120) -> Execution:
        """Run ``code``; ``seconds`` is the round trip from sending to the kernel's idle."""
        msg = self._message(code)
        msg_id = msg["header"]["msg_id"]
        result = Execution()
        replied = idle = False
        with self._lock:
            deadline = time.monotonic() + timeout
            started = time.perf_counter()
            self.ws.send(json.dumps(msg))
            while not (replied and idle):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.user}'s kernel did not finish within {timeout} s")
                try:
                    raw = self.ws.recv()
                except self._timeout:
                    continue
                if isinstance(raw, bytes):  # binary frames carry buffers (widgets); not ours
                    continue
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = reply["msg_type"], reply["content"]
                if kind == "stream":
                    if content["name"] == "stdout":
                        result.stdout += content["text"]
                    else:
                        result.stderr += content["text"]
                elif kind == "error":
                    result.error = (content["ename"], content["evalue"])
                elif kind == "execute_reply":
                    replied = True
                    if content.get("status") == "error" and result.error is None:
                        result.error = (content.get("ename", "Error"), content.get("evalue", ""))
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
            result.seconds = time.perf_counter() - started
        return result

    def wait_ready(self, timeout: float = 120) -> None:
        """Run an empty cell: returns once the kernel answers."""
        self.execute("pass", timeout=timeout).raise_for_error("pass")

    def close(self, shutdown: bool = True) -> None:
        self._closed.set()
        with self._lock:
            try:
                self.ws.close()
            except Exception:
                pass
        self._reader.join(5)
        if shutdown:
            try:
                self.hub.server_api(self.user, "DELETE", f"/api/kernels/{self.id}")
            except (urllib.error.URLError, OSError):
                pass


# -- a person in the browser ----------------------------------------------------------

def log_in(page, hub: Hub, user: str, timeout: int = 60_000) -> None:
    """Sign in on the hub's login page, as a student does."""
    page.goto(f"{hub.url}/hub/login", timeout=timeout)
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation(timeout=timeout):
        page.click("input[type=submit], button[type=submit]")
