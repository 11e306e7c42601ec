"""A class's work: hand-in to a drop folder, class summaries, a gradebook,
students' own copies of the lessons, and the link that starts a class on
JupyterHub. Guide: lessons/deploying-for-a-class.md.

Pure file and table rules; the Hand in button lives in ``kit.classroom.button``
and the Jupyter server extension in ``kit.classroom.server``.
"""

from kit.classroom.gradebook import gradebook
from kit.classroom.hand_in import drop_folder, hand_in, make_drop_folder
from kit.classroom.links import nbgitpuller_link
from kit.classroom.summary import class_summary, read_class
from kit.classroom.workspace import student_branch, workspace

__all__ = ["class_summary", "read_class", "hand_in", "drop_folder", "make_drop_folder", "gradebook",
           "nbgitpuller_link", "workspace", "student_branch"]
