"""Hand in quiz answers to a class drop folder, with no grading server.

The teacher (or the hub's administrator) makes the drop folder once, with
``python -m kit drop-folder PATH --group TEACHERS`` (see
:func:`make_drop_folder` for the permission model), and tells every
student's server where it is with the environment variable
``KIT_HAND_IN_DIR``. A student runs ``kit.hand_in(student=...)`` (or presses
the Hand in button, ``kit.hand_in_button``) at the end of lessons 1 and 2;
the teacher reads the folder with ``kit.class_summary`` and ``kit.gradebook``
(guide: lessons/deploying-for-a-class.md).

Pure file rules: no widgets, no pandas.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import re
import secrets
import stat
from pathlib import Path

from kit.answers import (_reason, _source, _student_name, file_stem, owner_problem,
                         read_answers)
from kit.errors import AnswersFileError, KitInputError

#: Environment variable naming the class drop folder.
ENV = "KIT_HAND_IN_DIR"

#: Mode of a hand-in file: the student may read (and write) it, the teachers'
#: group (inherited from the setgid drop folder) may read it, nobody else.
HAND_IN_MODE = 0o640

#: Mode of a drop folder: setgid (files get the teachers' group) + sticky
#: (only a file's owner can delete or rename it); the owner and the teachers'
#: group may list, read and write; everyone else may only create files (-wx).
DROP_FOLDER_MODE = 0o3773

_NAME = re.compile(r"^(?P<stem>[^+]+)\+(?P<at>\d{8}T\d{6}(?:\.\d{1,6})?Z)\+(?P<token>[0-9a-f]{16,})\.json$")
_ASK = ("Ask your teacher where the class hands in, or keep your answers file and send it with "
        "kit.export_answers() instead.")


def _account() -> str | None:
    """The account the student is logged in with: the hub's user name if any."""
    if name := os.environ.get("JUPYTERHUB_USER"):
        return name
    try:
        import getpass

        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return None


def drop_folder(folder=None) -> Path:
    """The class drop folder: ``folder`` if given, else ``$KIT_HAND_IN_DIR``.

    Raises :class:`~kit.errors.KitInputError` with what to do when none is
    set up, when it does not exist, or when the student cannot write there.
    """
    chosen = folder if folder is not None else os.environ.get(ENV, "").strip()
    if not chosen:
        raise KitInputError("No hand-in folder is set up on this computer, so nothing was handed in. "
                            f"Your teacher sets one for the class (the environment variable {ENV}); "
                            "on your own computer pass folder='...' instead. " + _ASK)
    path = Path(chosen).expanduser()
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise KitInputError(f"The hand-in folder {path} {what}, so nothing was handed in. " + _ASK)
    if not os.access(path, os.W_OK | os.X_OK):
        raise KitInputError(f"You do not have permission to hand in to {path}, so nothing was handed in. "
                            + _ASK)
    return path


def hand_in_name(student: str | None, at: _dt.datetime | None = None) -> str:
    """``<name>+<UTC time>+<random token>.json``: sortable, unique, not guessable."""
    at = at or _dt.datetime.now(_dt.timezone.utc)
    stamp = at.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{file_stem(student)}+{stamp}+{secrets.token_hex(12)}.json"


def _create_new(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to a new file ``folder/name`` with mode 0640, never over another file.

    The text goes to a hidden temporary file created with ``O_EXCL`` (mode
    0600 until complete), is flushed to disk, gets mode 0640 with ``fchmod``
    (so the student's umask does not matter), and is then linked under its
    final name, which fails rather than replace an existing file.
    """
    final = folder / name
    tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), HAND_IN_MODE)
        try:
            os.link(tmp, final)
        except OSError as err:  # file systems without hard links (some network drives)
            if err.errno not in (errno.EPERM, errno.EMLINK, errno.ENOSYS, errno.EXDEV,
                                 getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)):
                raise
            if os.path.lexists(final):
                raise FileExistsError(errno.EEXIST, "a hand-in with that name exists", str(final)) from None
            os.rename(tmp, final)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return final


def hand_in(save_to=None, student: str | None = None, folder=None) -> Path:
    """Copy a student's answers file into the class drop folder; return the new file.

    ``save_to`` is the quiz's answers file (default: the one for ``student``,
    ``answers/<name>.json``); ``folder`` the drop folder (default:
    ``$KIT_HAND_IN_DIR``, set by the teacher for the whole class). Every
    hand-in is a new file ``<name>+<UTC time>+<random token>.json`` that
    only its author and the teachers' group can read, so handing in again
    keeps the earlier hand-ins and nobody can guess another student's file.
    Used in the last cells of lessons 1 and 2.
    """
    target = drop_folder(folder)
    src = _source(save_to, student)
    data = read_answers(src, student, set_aside=False)
    if problem := owner_problem(data, student, src):
        raise AnswersFileError(problem)
    if not data.get("answers"):
        raise AnswersFileError(f"Your answers file {src} has no answers yet, so nothing was handed in. "
                               "Answer the quiz first, then hand in.")
    name = data.get("student") or _student_name(student)
    at = _dt.datetime.now(_dt.timezone.utc)
    record = dict(data, student=name)
    record["handed_in"] = {"at": at.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                           "account": _account()}
    text = json.dumps(record, ensure_ascii=False, indent=1)
    try:
        return _create_new(target, hand_in_name(name, at), text)
    except OSError as err:
        raise AnswersFileError(f"Your answers could not be handed in to {target}: {_reason(err)}. "
                               "Nothing was changed; try again, or " + _ASK[0].lower() + _ASK[1:]) from None


def hand_in_info(path: Path, data: dict | None) -> dict:
    """What a file in a class folder says about its hand-in.

    ``identity`` tells students apart (the account for a hand-in, else the
    file name), ``account`` and ``handed_in_at`` (UTC, ISO) are None for an
    ordinary answers file, ``stem`` names answers that carry no name.
    """
    match = _NAME.match(path.name)
    info = (data or {}).get("handed_in") if isinstance(data, dict) else None
    info = info if isinstance(info, dict) else {}
    account = info.get("account") if isinstance(info.get("account"), str) else None
    at = info.get("at") if isinstance(info.get("at"), str) else None
    if match and not at:
        stamp = match["at"]
        at = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:]}"
    stem = match["stem"] if match else path.stem
    if match:
        identity = account or stem
    else:
        identity = path.stem
    return {"identity": identity, "account": account if match else None,
            "handed_in_at": at if match else None, "stem": stem}


# -- the teacher's side -------------------------------------------------------------


def make_drop_folder(path, group: str, owner: str | None = None) -> Path:
    """Create (or repair) a class drop folder: run once, as root on a hub.

    The folder gets owner ``owner`` (default: whoever runs this), group
    ``group`` (the teachers, and only the teachers) and mode 3773:

    - others (every student) have ``-wx``: they can create a file in it but
      cannot list it, so they cannot learn each other's file names;
    - the sticky bit: only a file's owner (or the folder's owner, or root)
      may delete or rename it, so nobody removes or replaces another's work;
    - setgid: every file created in it belongs to the teachers' group, and
      ``kit.hand_in`` gives each file mode 0640 (whatever the student's
      umask), so the teachers can read every hand-in and other students none;
    - the owner and the teachers' group have ``rwx``: they list and read
      everything (and a teacher can hand in a test file of their own).

    nbgrader's exchange uses the same idea for its inbound folder (mode 733
    with setgid, and random submission names); the sticky bit and the 0640
    files are added here so that a student who learns a file name can still
    neither read, remove nor replace it.
    """
    import grp
    import pwd

    path = Path(path)
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise KitInputError(f"There is no group {group!r} on this computer. Create it first (for "
                            f"example: groupadd {group}) and add the teachers to it.") from None
    try:
        uid = pwd.getpwnam(owner).pw_uid if owner else os.getuid()
    except KeyError:
        raise KitInputError(f"There is no user {owner!r} on this computer.") from None
    try:
        path.mkdir(parents=True, exist_ok=True)
        os.chown(path, uid, gid)
        os.chmod(path, DROP_FOLDER_MODE)
    except PermissionError:
        raise KitInputError(f"You may not set up {path} with owner {owner or uid} and group {group}: "
                            "run this command as root (sudo).") from None
    return path


def drop_folder_problems(path) -> list[str]:
    """What is wrong with a drop folder's permissions (an empty list if nothing)."""
    path = Path(path)
    problems = []
    st = path.stat()
    mode = stat.S_IMODE(st.st_mode)
    if mode & stat.S_IROTH:
        problems.append("everyone can list the folder (others have r): run drop-folder again")
    if not mode & stat.S_ISVTX:
        problems.append("the sticky bit is missing: students could delete each other's hand-ins")
    if not mode & stat.S_ISGID:
        problems.append("setgid is missing: hand-ins would not belong to the teachers' group")
    if (mode & 0o003) != 0o003:
        problems.append("students cannot create files in it (others need w and x)")
    parent = path.resolve().parent
    while parent != parent.parent:
        if not stat.S_IMODE(parent.stat().st_mode) & stat.S_IXOTH:
            problems.append(f"students cannot reach it: {parent} is closed to others (needs o+x)")
            break
        parent = parent.parent
    return problems
