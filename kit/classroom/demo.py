"""A made-up class, to try the teachers' dashboard before a real class hands in.

Twelve imaginary students take the lesson 1 quiz (the same eight cues, as
with ``seed=1`` in class), each right more or less often, and hand in
through ``kit.hand_in`` into a drop folder, exactly as real students would.
Used by lessons/masters/teacher-dashboard.ipynb when no drop folder is set.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from kit.classroom.hand_in import hand_in


def demo_class(folder=None, students: int = 12, n: int = 8, seed: int = 0) -> Path:
    """Fill ``folder`` (default: a new temporary folder) with a made-up class's hand-ins."""
    from kit.grading import QUESTIONS, expected_answer
    from kit.loading import load_cues
    from kit.quiz_session import QuizSession

    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="kit-demo-class-"))
    folder.mkdir(parents=True, exist_ok=True)
    homes = Path(tempfile.mkdtemp(prefix="kit-demo-answers-"))
    cues, rng = load_cues(), random.Random(seed)
    for i in range(1, students + 1):
        save_to = homes / f"student-{i:02d}.json"
        session = QuizSession(cues, level=1, n=n, seed=1, save_to=save_to, student=f"Student {i:02d}")
        skill = rng.uniform(0.3, 0.95)
        for _ in range(session.n):
            right = expected_answer(session.cue(), 1)["binary"]
            wrong = [c for c in QUESTIONS[1]["binary"] if c != right]
            session.answer({"binary": right if rng.random() < skill else rng.choice(wrong)})
            session.go(1)
        account, os.environ["JUPYTERHUB_USER"] = os.environ.get("JUPYTERHUB_USER"), f"student{i:02d}"
        try:  # each made-up student hands in from an account of their own
            hand_in(save_to=save_to, folder=folder)
        finally:
            if account is None:
                del os.environ["JUPYTERHUB_USER"]
            else:
                os.environ["JUPYTERHUB_USER"] = account
    return folder
