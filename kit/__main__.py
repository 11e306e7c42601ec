"""Command line for teachers and for ``make lab``: ``python -m kit COMMAND``.

    lab             make your own copies of the lessons (my-work/) and open lesson 1 in JupyterLab
    workspace       make or refresh your own copies of the lessons, and say what was done
    link            print the class link (nbgitpuller) that opens a lesson on your hub
    student-branch  commit the repository, less the teachers' files, on the branch students pull
    drop-folder     create the class drop folder with the right permissions (as root)
    enable-class-links  switch on the page that class links open, for this Python environment
    hand-in         hand in your answers to the class drop folder
    gradebook       write the class's gradebook CSV from the drop folder
    summary         print the class's hardest cues from the drop folder

Guide: lessons/deploying-for-a-class.md. Each command has --help.
"""

from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import quote


def _lab(args) -> int:
    from kit.classroom.workspace import lesson_path, update_workspace

    report = update_workspace(args.repo)
    _say_workspace(report)
    work = report["folder"]
    first = lesson_path(work, args.lesson).relative_to(work).as_posix()
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={work}",
               f"--LabApp.default_url=/lab/tree/{quote(first)}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and some lab machines run as root
    command += args.jupyter_args
    print("Opening", work / first, flush=True)
    if args.dry_run:
        print(" ".join(command))
        return 0
    os.chdir(work)
    if os.name == "posix":
        os.execv(sys.executable, command)
    import subprocess

    return subprocess.call(command)


def _say_workspace(report) -> None:
    print(f"Your work is in {report['folder']}")
    for key, words in (("copied", "new copy"), ("updated", "brought up to date (you had not changed it)"),
                       ("kept", "kept as you left it (your teacher's newer version is in notebooks/)")):
        for name in report[key]:
            print(f"  {name}: {words}")


def _workspace(args) -> int:
    from kit.classroom.workspace import update_workspace

    _say_workspace(update_workspace(args.repo, args.into))
    return 0


def _link(args) -> int:
    from kit.classroom.links import nbgitpuller_link

    print(nbgitpuller_link(args.hub, args.repo, branch=args.branch, lesson=args.lesson, app=args.app,
                           folder=args.folder))
    return 0


def _student_branch(args) -> int:
    from kit.classroom.workspace import student_branch

    commit = student_branch(args.repo, source=args.source, branch=args.branch)
    if commit is None:
        print(f"Branch {args.branch} is already up to date with {args.source}.")
    else:
        print(f"Branch {args.branch} now at {commit[:12]}. Publish it: git push origin {args.branch}")
    return 0


def _drop_folder(args) -> int:
    from kit.classroom.hand_in import ENV, drop_folder_problems, make_drop_folder

    path = make_drop_folder(args.path, args.group, owner=args.owner)
    problems = drop_folder_problems(path)
    print(f"Drop folder ready: {path} (mode {oct(os.stat(path).st_mode & 0o7777)[2:]}, group {args.group}).")
    for problem in problems:
        print("  problem:", problem)
    print(f"Tell every student's server where it is: {ENV}={path}")
    return 1 if problems else 0


def _enable_class_links(args) -> int:
    from kit.classroom.server import enable

    print("Class links will open students' copies; written:", enable(args.prefix))
    print("Restart running Jupyter servers to load it.")
    return 0


def _hand_in(args) -> int:
    from kit.classroom.hand_in import hand_in

    print("Handed in:", hand_in(save_to=args.save_to, student=args.student, folder=args.folder))
    return 0


def _gradebook(args) -> int:
    from kit.classroom.gradebook import gradebook

    book = gradebook(args.folder, out=args.out, pseudonymise=args.pseudonymise)
    print(f"{len(book)} student(s) written to {args.out}")
    for path, why in book.attrs["skipped"]:
        print(f"  skipped {path}: {why}")
    return 0


def _summary(args) -> int:
    import warnings

    from kit.classroom.summary import class_summary

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = class_summary(args.folder)
    columns = ["music_title", "answers", "first_try_accuracy", "most_common_wrong"]
    print(summary[columns].head(args.top).to_string())
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kit", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Guide: lessons/deploying-for-a-class.md")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("lab", help="copy the lessons into my-work/ and open lesson 1 in JupyterLab",
                       description="Other options (e.g. --no-browser, --port 8890) go to jupyter lab.")
    c.add_argument("--repo", help="the kit's folder (default: this one)")
    c.add_argument("--lesson", default="1", help="lesson to open (default 1)")
    c.add_argument("--dry-run", action="store_true", help="print the JupyterLab command instead of running it")
    c.set_defaults(run=_lab)

    c = sub.add_parser("workspace", help="make or refresh your own copies of the lessons")
    c.add_argument("--repo", help="the kit's folder (default: this one)")
    c.add_argument("--into", help="where to put the copies (default: my-work/ in the kit's folder)")
    c.set_defaults(run=_workspace)

    c = sub.add_parser("link", help="print the nbgitpuller link that opens a lesson on your hub")
    c.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    c.add_argument("--repo", required=True, help="the repository, e.g. https://github.com/ORG/REPO")
    c.add_argument("--branch", default="main", help="branch students pull (default main; see student-branch)")
    c.add_argument("--lesson", default="1", help="lesson number or file name (default 1)")
    c.add_argument("--app", default="lab", choices=["lab", "notebook"], help="interface (default lab)")
    c.add_argument("--folder", help="folder in each student's home (default: the repository's name)")
    c.set_defaults(run=_link)

    c = sub.add_parser("student-branch", help="commit the repository less the teachers' files on a branch")
    c.add_argument("--repo", default=".", help="the git repository (default: this folder)")
    c.add_argument("--source", default="main", help="branch or commit to copy (default main)")
    c.add_argument("--branch", default="student", help="branch to write (default student)")
    c.set_defaults(run=_student_branch)

    c = sub.add_parser("drop-folder", help="create the class drop folder (run as root on a hub)")
    c.add_argument("path", help="the folder, e.g. /srv/kit-hand-in")
    c.add_argument("--group", required=True, help="the teachers' group (only teachers in it)")
    c.add_argument("--owner", help="owner of the folder (default: you)")
    c.set_defaults(run=_drop_folder)

    c = sub.add_parser("enable-class-links", help="switch on the page class links open (hub's user environment)")
    c.add_argument("--prefix", help="the Python environment (default: this one, sys.prefix)")
    c.set_defaults(run=_enable_class_links)

    c = sub.add_parser("hand-in", help="hand in your answers to the class drop folder")
    c.add_argument("--student", help="your name, as typed in the quiz")
    c.add_argument("--save-to", help="your answers file (default answers/<name>.json)")
    c.add_argument("--folder", help="the drop folder (default $KIT_HAND_IN_DIR)")
    c.set_defaults(run=_hand_in)

    c = sub.add_parser("gradebook", help="write the class's gradebook CSV")
    c.add_argument("folder", help="the drop folder (or any folder of answers files)")
    c.add_argument("--out", required=True, help="the CSV file to write")
    c.add_argument("--pseudonymise", action="store_true", help="S01, S02 ... instead of names")
    c.set_defaults(run=_gradebook)

    c = sub.add_parser("summary", help="print the cues the class found hardest")
    c.add_argument("folder", help="the drop folder (or any folder of answers files)")
    c.add_argument("--top", type=int, default=10, help="how many cues (default 10)")
    c.set_defaults(run=_summary)
    return p


def main(argv=None) -> int:
    p = parser()
    args, extra = p.parse_known_args(argv)
    if extra and args.command != "lab":
        p.error("unrecognized arguments: " + " ".join(extra))
    args.jupyter_args = [a for a in extra if a != "--"]  # lab: passed on to jupyter lab, e.g. --no-browser
    from kit.errors import AnswersFileError, KitInputError

    try:
        return args.run(args)
    except (KitInputError, AnswersFileError, FileNotFoundError) as err:
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
