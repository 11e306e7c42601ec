"""Two small widgets the quiz needs for keyboard and screen-reader users.

ipywidgets cannot put ARIA attributes on its views, so a plain
``ToggleButtons`` neither says which answer is pressed nor groups the
answers under their question, and an ``HTML`` widget re-creates any live
region it holds on every change (screen readers may then stay silent).
These two widgets, made with anywidget, draw the markup themselves:

* :class:`AnswerButtons`: one question's answers, as ``<button
  aria-pressed>`` elements in a ``role="group"`` named by the question; the
  pressed answer is dark with a check mark (drawn with borders, so it is not
  part of the button's name), not only a shade of grey;
* :class:`LiveHTML`: HTML shown inside a live region that stays in the page,
  so a new verdict is announced.

Their style sheet also gives every button of the quiz (Previous, Check,
Next) a focus ring that contrasts at least 3:1 with the page. The Python API
copies ipywidgets' (``.value``, ``.options``, ``.observe``), which the tests
drive. Used by ``kit.quiz_widget`` (lessons 1 and 2) and ``kit.listen.ear_quiz`` (module ``kit.listen.ear_widget``)
(lesson 3).
"""

from __future__ import annotations

import anywidget
import traitlets

_ANSWERS_ESM = r"""
let counter = 0;
function render({ model, el }) {
  const group = document.createElement("div");
  group.className = "kit-answers";
  group.setAttribute("role", "group");
  const question = document.createElement("span");
  question.className = "kit-question";
  // Unique in the page: each widget may get its own copy of this module.
  question.id = `kit-question-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}-${counter++}`;
  group.setAttribute("aria-labelledby", question.id);
  const row = document.createElement("div");
  row.className = "kit-answer-row";
  group.append(question, row);
  el.append(group);
  let buttons = [];

  function update() {
    const value = model.get("value");
    const off = model.get("disabled");
    for (const [button, v] of buttons) {
      const on = v === value;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("mod-active", on);
      button.disabled = off;
    }
  }
  function build() {
    question.textContent = model.get("question");
    const tips = model.get("tooltips") || [];
    row.textContent = "";
    buttons = (model.get("options") || []).map(([label, v], i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kit-answer";
      button.textContent = label;
      if (tips[i]) button.title = tips[i];
      button.addEventListener("click", () => {
        if (button.disabled) return;
        model.set("value", v);
        model.save_changes();
      });
      row.append(button);
      return [button, v];
    });
    update();
  }
  model.on("change:options", build);
  model.on("change:tooltips", build);
  model.on("change:question", build);
  model.on("change:value", update);
  model.on("change:disabled", update);
  build();
  return () => {
    model.off("change:options", build);
    model.off("change:tooltips", build);
    model.off("change:question", build);
    model.off("change:value", update);
    model.off("change:disabled", update);
  };
}
export default { render };
"""

_LIVE_ESM = r"""
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "kit-live";
  region.setAttribute("role", model.get("role"));
  region.setAttribute("aria-live", model.get("politeness"));
  el.append(region);
  // The value is HTML the kit built (every piece of data in it escaped).
  const show = () => { region.innerHTML = model.get("value"); };
  model.on("change:value", show);
  show();
  return () => model.off("change:value", show);
}
export default { render };
"""

#: Colours: the ring follows JupyterLab's theme variables (black on a light
#: page, white on a dark one; the fallbacks are for front ends without them);
#: the pressed answer is dark blue on a light theme, light blue on a dark one.
#: Measured in tests/test_accessibility.py.
_CSS = r"""
.kit-answers { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3em 0; margin: 0.15em 0; }
.kit-answers .kit-question { width: 17em; font-weight: bold; }
.kit-answers .kit-answer-row { display: flex; flex-wrap: wrap; gap: 0.4em; }
.kit-answers button.kit-answer {
  font: inherit; font-size: var(--jp-widgets-font-size, 13px); line-height: 1.3;
  padding: 0.3em 0.9em; border-radius: 3px; cursor: pointer;
  color: var(--jp-ui-font-color0, #111);
  background: var(--jp-layout-color0, #fff);
  border: 1px solid var(--jp-ui-font-color2, #757575);
}
.kit-answers button.kit-answer:hover { background: var(--jp-layout-color2, #eee); }
.kit-answers button.kit-answer[aria-pressed="true"] {
  color: #fff; background: #0b4f8a; border: 1px solid #0b4f8a; font-weight: bold;
}
/* On a dark theme the pressed answer is light, so that it still stands out 3:1. */
[data-jp-theme-light="false"] .kit-answers button.kit-answer[aria-pressed="true"] {
  color: #111; background: #9ecbff; border-color: #9ecbff;
}
.kit-answers button.kit-answer[aria-pressed="true"]::before {
  content: ""; display: inline-block; width: 0.35em; height: 0.7em; margin: 0 0.5em 0.15em 0;
  border: solid currentColor; border-width: 0 0.15em 0.15em 0; transform: rotate(45deg);
}
.kit-answers button.kit-answer:disabled { cursor: not-allowed; opacity: 0.6; }
.kit-answers button.kit-answer:focus { outline: none; }
.kit-answers button.kit-answer:focus-visible,
.kit-quiz .jupyter-button:focus-visible,
.kit-quiz .jupyter-button:focus {
  outline: 3px solid var(--jp-ui-font-color0, #000); outline-offset: 2px;
  box-shadow: none;
}
/* ipywidgets' boxes scroll (overflow: auto), which would cut the ring off: give it room. */
.kit-quiz .kit-quiz-nav { padding: 6px 6px 6px 2px; overflow: visible; }
.kit-answers .kit-answer-row { padding: 5px; margin: -5px 0; }
/* The quiz's text colours, made readable on a dark theme (4.5:1 or more on its background). */
[data-jp-theme-light="false"] .kit-quiz .kit-muted { color: #b8b8b8 !important; }
[data-jp-theme-light="false"] .kit-quiz .kit-right { color: #6fd39b !important; }
[data-jp-theme-light="false"] .kit-quiz .kit-wrong { color: #ff9e7a !important; }
"""


class AnswerButtons(anywidget.AnyWidget):
    """One question's answers as pressable buttons, grouped and named by the
    question; ``value`` is the chosen answer's value or None (as
    ``ToggleButtons``). ``options`` is a list of (label, value) pairs."""

    _esm = _ANSWERS_ESM
    _css = _CSS
    value = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    options = traitlets.List().tag(sync=True)
    question = traitlets.Unicode("").tag(sync=True)
    tooltips = traitlets.List(traitlets.Unicode()).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, options, question: str = "", value=None, tooltips=(), **kwargs):
        pairs = [[str(label), str(v)] for label, v in options]
        super().__init__(options=pairs, question=question, tooltips=list(tooltips), value=value, **kwargs)

    @traitlets.validate("value")
    def _known(self, proposal):
        value = proposal["value"]
        if value is not None and value not in {v for _, v in self.options}:
            raise traitlets.TraitError(f"{value!r} is not one of the answers to {self.question!r}")
        return value

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.options]


class LiveHTML(anywidget.AnyWidget):
    """HTML in a live region that stays in the page: screen readers announce
    each new ``value`` (``role="status"``, polite, unless told otherwise)."""

    _esm = _LIVE_ESM
    _css = _CSS
    value = traitlets.Unicode("").tag(sync=True)
    role = traitlets.Unicode("status").tag(sync=True)
    politeness = traitlets.Unicode("polite").tag(sync=True)
