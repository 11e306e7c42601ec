"""kit.listen: measure the sound, not just that it runs.

Each test checks what a listener would hear (bands, levels, pitches, onsets)
with an FFT or an autocorrelation, so a broken effect or a wrong note fails.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import kit.listen as L
from kit.listen import effects as fx
from kit.listen.demos import BUILDERS, MODES, MOTIF_BEATS, MOTIF_STEPS, VARIANTS, demo, demos
from kit.listen.ear import BANK, EAR_QUESTIONS, check_ear_answer, ear_clip
from kit.listen.measure import band_share_over_time, bands, onset_strength, pitch_hz, semitones
from kit.listen.melodies import MELODIES, sources
from kit.listen.synth import RATE, hz, midi, peak_dbfs, play_notes

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cues():
    with open(ROOT / "data" / "cues.csv", encoding="utf-8", newline="") as f:
        return {r["cue_id"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def all_demos():
    return demos()


# --- the synthesiser -------------------------------------------------------------

def test_pitch_names():
    assert midi("C4") == 60 and midi("A4") == 69 and midi("F#3") == 54
    assert midi("E#4") == midi("F4") and midi("Eb5") == midi("D#5")
    assert hz("A4") == pytest.approx(440.0)
    with pytest.raises(ValueError, match="not a pitch name"):
        midi("H2")


@pytest.mark.parametrize("timbre", ["strings", "pad", "pluck", "brass", "whistle"])
def test_each_timbre_sounds_at_its_pitch(timbre):
    x = play_notes([("A3", 2)], 60, timbre, seed=1)
    seg = x[int(0.5 * RATE):int(1.2 * RATE)]
    assert abs(semitones(220.0, pitch_hz(seg))) < 0.3


def test_timbres_differ_in_brightness():
    def centroid(x):
        f = np.fft.rfftfreq(len(x), 1 / RATE)
        p = np.abs(np.fft.rfft(x)) ** 2
        return (f * p).sum() / p.sum()
    c = {t: centroid(play_notes([("A3", 2)], 60, t, seed=1)[int(0.3 * RATE):int(1.5 * RATE)])
         for t in ("pad", "strings", "brass")}
    assert c["pad"] < c["strings"] and c["pad"] < c["brass"]


# --- effects, measured ------------------------------------------------------------

def test_source_treatment_removes_lows_and_highs(all_demos):
    under, radio = demo("two-worlds").clips
    u, r = bands(under.samples), bands(radio.samples)
    # Energy outside 300-3500 Hz, relative to inside, is at least 20 dB lower on the radio.
    assert r["lows_db"] <= u["lows_db"] - 20
    assert r["highs_db"] <= u["highs_db"] - 20
    assert radio.channels == 1 and under.channels == 2


@pytest.mark.parametrize("speaker", sorted(fx.SPEAKERS))
def test_every_speaker_cuts_broadband_noise(speaker):
    noise = np.random.default_rng(0).standard_normal(3 * RATE) * 0.1
    before, after = bands(noise), bands(fx.source(noise, speaker=speaker))
    assert after["lows_db"] <= before["lows_db"] - 20
    assert after["highs_db"] <= before["highs_db"] - 20


def test_source_is_quieter_and_mono():
    x = play_notes([(("C3", "E4", "G5"), 4)], 120, "strings")
    y = fx.source(fx.underscore(x))
    assert y.ndim == 1
    assert np.sqrt(np.mean(y ** 2)) < np.sqrt(np.mean(x ** 2)) * 10 ** (-6 / 20)


def test_ducking_lowers_music_while_dialogue_sounds_and_restores_it():
    clip = demo("under-dialogue").clips[1]
    t, g = fx.music_gain_db(clip.stems["music_ducked"], clip.stems["music"])
    lines = demo("under-dialogue").figure["lines"]
    for a, b in lines:
        inside = g[(t > a + 0.2) & (t < b - 0.2)]
        assert inside.max() <= -6, "music must be at least 6 dB lower while someone speaks"
    gap = g[(t > lines[0][1] + 0.45) & (t < lines[1][0] - 0.45)]
    before = g[t < lines[0][0] - 0.45]
    after = g[t > lines[-1][1] + 0.45]
    for part in (before, gap, after):
        assert len(part) and part.min() >= -1, "music must come back up between and after lines"


def test_dialogue_stand_in_is_band_limited_and_only_in_lines():
    voice = fx.dialogue(((0.5, 1.5),), 2.5)
    b = bands(voice)
    assert b["lows_db"] < -15 and b["highs_db"] < -15
    rms = lambda s: np.sqrt(np.mean(s ** 2))  # noqa: E731
    assert rms(voice[int(1.7 * RATE):]) < 1e-3 * rms(voice[int(0.6 * RATE):int(1.4 * RATE)])


def test_crossing_cue_bandwidth_widens_over_time():
    d = demo("crossing")
    out, back = d.clips
    _, widening = band_share_over_time(out.samples, window=0.5)
    _, narrowing = band_share_over_time(back.samples, window=0.5)
    before = int(d.figure["start"] / 0.5)           # half-second windows wholly before the crossing
    after = len(widening) - int(np.ceil(d.figure["end"] / 0.5))  # ... and wholly after it
    assert before >= 2 and after >= 2
    # energy outside the speaker band, relative to inside: before the crossing against after it
    assert widening[-after:].mean() - widening[:before].mean() >= 20
    assert narrowing[:before].mean() - narrowing[-after:].mean() >= 20
    assert widening[:before].max() < -20 and narrowing[-after:].max() < -20


def test_fades_and_crossfade():
    x = np.ones(RATE)
    assert fx.fade_in(x, 0.5)[0] == 0 and fx.fade_out(x, 0.5)[-1] == 0
    joined = fx.crossfade(x, x, 0.25)
    assert len(joined) == 2 * RATE - RATE // 4
    mid = joined[RATE - RATE // 8]
    assert mid == pytest.approx(np.sqrt(2), abs=0.01)  # equal power: no dip at the join


# --- demonstrations ----------------------------------------------------------------

def _note_windows(v, rate=RATE):
    beat = 60 / v["bpm"]
    for on, beats in zip(v["onsets"], v["beats"]):
        length = beats * beat * 0.92
        yield int((on + 0.3 * length) * rate), int((on + 0.8 * length) * rate)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_leitmotif_variants_have_intended_intervals(name):
    d = demo("leitmotif")
    clip = next(c for c in d.clips if c.key == name)
    v = d.figure["variants"][name]
    measured = [pitch_hz(clip.stems["melody"][a:b]) for a, b in _note_windows(v)]
    scale = MODES[VARIANTS[name]["mode"]]
    intended = np.diff([scale[s] for s in MOTIF_STEPS])
    heard = np.round(np.diff([semitones(measured[0], f) for f in measured])).astype(int)
    assert list(heard) == list(intended)
    assert abs(semitones(hz(VARIANTS[name]["tonic"]), measured[0])) < 0.3


def test_leitmotif_modes_differ_where_they_should():
    major = np.diff([MODES["major"][s] for s in MOTIF_STEPS])
    minor = np.diff([MODES["minor"][s] for s in MOTIF_STEPS])
    assert (major != minor).any()


def test_leitmotif_tempo_ratios_are_heard():
    d = demo("leitmotif")

    def last_note_start(name):
        """Measured: when the pitch first reaches the motif's final note."""
        clip = next(c for c in d.clips if c.key == name)
        v = d.figure["variants"][name]
        target = hz(v["pitches"][-1])
        x, hop, win = clip.stems["melody"], int(0.01 * RATE), int(0.06 * RATE)
        start_search = int((v["onsets"][-2]) * RATE)
        for i in range(start_search, len(x) - win, hop):
            if abs(semitones(target, pitch_hz(x[i:i + win]))) < 0.5:
                return i / RATE
        raise AssertionError("final note not found")

    spans = {n: last_note_start(n) for n in VARIANTS}
    bpm = {n: v["bpm"] for n, v in VARIANTS.items()}
    assert spans["tender"] / spans["heroic"] == pytest.approx(bpm["heroic"] / bpm["tender"], rel=0.05)
    assert spans["menacing"] / spans["heroic"] == pytest.approx(bpm["heroic"] / bpm["menacing"], rel=0.05)
    assert bpm["heroic"] > bpm["tender"] > bpm["menacing"]  # brisk, slower, slowest, as the text says
    assert sum(MOTIF_BEATS) == pytest.approx(7)


def test_mickey_mousing_hits_land_on_the_events_and_the_pad_does_not():
    d = demo("hits-or-mood")
    hits, mood = d.clips
    t, s_hit = onset_strength(hits.samples)
    _, s_mood = onset_strength(mood.samples)
    for sec, label in d.figure["events"]:
        near = (t >= sec - 0.03) & (t <= sec + 0.03)
        assert s_hit[near].max() > 1.0, f"no hit at {sec} s ({label})"
        assert s_mood[near].max() < 0.25 * s_hit[near].max()


def test_borrowed_cut_fits_the_scene():
    concert, cut = demo("borrowed").clips
    scene = demo("borrowed").figure["scene"]
    assert cut.seconds == pytest.approx(scene, abs=1 / RATE)
    assert cut.seconds < concert.seconds
    assert np.max(np.abs(cut.samples[-int(0.02 * RATE):])) < 0.01  # silent on the cut
    # the concert form has a quiet pedal before the brass; the cut starts with the brass
    first = lambda x: np.sqrt(np.mean(x[: int(0.5 * RATE)] ** 2))  # noqa: E731
    assert first(cut.samples) > 2 * first(concert.samples)


def test_demonstrations_are_short_tied_to_real_cues_and_described(all_demos, cues):
    assert [d.number for d in all_demos] == [1, 2, 3, 4, 5, 6]
    for d in all_demos:
        assert d.cue_ids and set(d.cue_ids) == set(d.cue_notes)
        for cue_id in d.cue_ids:
            assert cue_id in cues, f"{d.key}: {cue_id} is not in data/cues.csv"
        text = d.text()
        assert d.title in text and d.concept in text
        for c in d.clips:
            assert 3.0 <= c.seconds <= 8.0, f"{d.key}/{c.key} is {c.seconds:.1f} s"
            assert len(c.description) > 40 and c.description in text


def test_crossing_cues_are_coded_ambiguous(cues):
    kinds = []
    for cue_id in demo("crossing").cue_ids:
        assert cues[cue_id]["diegesis"] == "ambiguous"
        kinds.append(cues[cue_id]["ambiguity"])
        if kinds[-1] != "trans-diegetic":  # lesson 3 says why: a crossing not yet confirmed
            assert kinds[-1] == "unclear" and "confirms" in cues[cue_id]["notes"]
    assert kinds.count("trans-diegetic") >= 3  # the kind lesson 3 names


def test_no_clip_clips(all_demos):
    clips = [c for d in all_demos for c in d.clips] + [ear_clip(e.id) for e in BANK]
    for c in clips:
        assert peak_dbfs(c.samples) <= -1.0, f"{c.key} peaks at {peak_dbfs(c.samples):.1f} dBFS"
        pcm = np.frombuffer(c.wav()[44:], dtype="<i2")
        assert np.abs(pcm).max() < 32767


def test_clips_are_deterministic():
    for key, build in BUILDERS.items():
        a, b = build(), build()
        assert [c.wav() for c in a.clips] == [c.wav() for c in b.clips], key
    assert ear_clip("ducked-talk").wav() == ear_clip("ducked-talk").wav()


def test_same_bytes_in_a_fresh_process():
    code = ("import hashlib; from kit.listen.demos import BUILDERS; "
            "print(hashlib.sha256(b''.join(c.wav() for k in ('under-dialogue', 'hits-or-mood') "
            "for c in BUILDERS[k]().clips)).hexdigest())")
    here = hashlib.sha256(b"".join(c.wav() for k in ("under-dialogue", "hits-or-mood")
                                   for c in BUILDERS[k]().clips)).hexdigest()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == here


def test_embedded_audio_stays_small(all_demos):
    total = sum(len(c.wav()) for d in all_demos for c in d.clips)
    assert total < 4_500_000  # about 6 MB as base64 in an executed lesson


# --- melodies and their sources ----------------------------------------------------

def test_sources_table_has_composer_year_and_reason(cues):
    rows = sources()
    this_year = datetime.date.today().year
    assert {r["melody_id"] for r in rows} == set(MELODIES)
    for r in rows:
        for col in ("title", "composer", "year", "public_domain_reason", "passage", "references"):
            assert r[col].strip(), f"{r['melody_id']}: empty {col}"
        assert int(r["composer_died"]) < this_year - 70, f"{r['composer']} died less than 70 years ago"
        assert int(r["year"]) < 1930
        assert all(u.strip().startswith("http") for u in r["references"].split(";"))
        ids = [c.strip() for c in r["cue_ids"].split(";")]
        assert ids
        for cue_id in ids:
            assert cue_id in cues, f"{r['melody_id']}: {cue_id} not in data/cues.csv"
            composer_surname = r["composer"].split()[-1].lower()
            row = cues[cue_id]
            assert composer_surname in (row["artist"] + row["notes"] + row["music_title"]).lower() \
                or r["title"].split(":")[0].split("(")[0].strip().lower() in row["music_title"].lower()


def test_no_other_melody_is_used(all_demos):
    listed = {r["melody_id"] for r in sources()}
    used = {m for d in all_demos for m in d.melodies} | {m for e in BANK for m in e.melodies}
    assert used <= listed
    # and the code asks for no melody outside the table
    called = set()
    for path in (ROOT / "kit" / "listen").glob("*.py"):
        called |= set(re.findall(r'melody\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert called <= listed, called - listed


def test_melodies_have_the_right_shape():
    # spot checks a class would notice at once
    king = [midi(p) for p, _ in MELODIES["mountain-king"].notes[:7]]
    assert np.diff(king).tolist() == [2, 1, 2, 2, -4, 4]
    ode = [p for p, _ in MELODIES["ode-to-joy"].notes[:8]]
    assert ode == ["F#4", "F#4", "G4", "A4", "A4", "G4", "F#4", "E4"]
    fifth = [p for p, _ in MELODIES["fifth-symphony"].notes if p]
    assert fifth == ["G4", "G4", "G4", "Eb4", "F4", "F4", "F4", "D4"]
    zara = [midi(p) for p, _ in MELODIES["zarathustra"].notes]
    assert np.diff(zara).tolist() == [7, 5, 4, -1]  # fifth, fourth (octave in all), major third, then minor
    for m in MELODIES.values():
        beats = sum(b for _, b in m.notes)
        assert beats > 0


# --- ear quiz logic -------------------------------------------------------------------

def test_ear_bank_answers_are_valid_and_reasoned():
    assert len({e.id for e in BANK}) == len(BANK) >= 6
    for e in BANK:
        for level, (question, choices) in EAR_QUESTIONS.items():
            assert e.answers[level] in choices
            assert len(e.reasons[level]) > 30
    diegeses = {e.answers[1] for e in BANK}
    assert diegeses == {"diegetic", "non-diegetic", "ambiguous"}


def test_check_ear_answer_right_wrong_and_blank():
    ok = check_ear_answer("radio-elise", "diegetic")
    assert ok.correct and ok.headline == "Correct." and "small speaker" in ok.reasons[0]
    wrong = check_ear_answer("radio-elise", "non-diegetic")
    assert not wrong.correct and wrong.expected == "diegetic"
    assert "Yes: it plays in their world" in wrong.headline
    assert wrong.reasons[-1].startswith("Next time:")
    blank = check_ear_answer("hits-fall", None, level=2)
    assert not blank.correct and blank.expected == "hits"
    with pytest.raises(ValueError, match="choose one of"):
        check_ear_answer("radio-elise", "maybe")
    with pytest.raises(KeyError, match="the bank has"):
        check_ear_answer("nope", "diegetic")


def test_ear_reasons_match_what_the_clips_measure():
    """Where a reason says the lows and highs are cut, they are; where it says
    the sound is full range, it is."""
    for e in BANK:
        c = ear_clip(e.id)
        assert 3.0 <= c.seconds <= 8.0
        b = bands(c.samples)
        if e.answers[2] == "source" and e.id != "whistled-king":
            assert b["lows_db"] < -20 and b["highs_db"] < -30, e.id
        if e.answers[1] == "non-diegetic" and e.id in ("score-ode",):
            assert b["lows_db"] > -15, e.id


def test_ear_bank_has_the_cue_bank_shape():
    from kit.listen.ear import EarBank
    bank = EarBank(level=1)
    assert bank.ids == [e.id for e in BANK]
    assert bank.questions == {"diegesis": ("diegetic", "non-diegetic", "ambiguous")}
    fb = bank.check("score-ode", {"diegesis": "diegetic"})
    assert not fb.correct and fb.missed == ["diegesis"]
    assert fb.headline == "Not quite: the answer is 'No: only the audience hears it'."
    assert bank.check("score-ode", {"diegesis": "non-diegetic"}).correct
    two = EarBank(level=2)
    assert two.check("ducked-talk", {"function": "ducking"}).correct
    assert two.labels["hits"] == "Hitting the on-screen action"
    assert bank.item("radio-elise")["scene"]
    assert bank.record("radio-elise") == {"music_title": "Piano on a radio", "title": "ear quiz"}


# --- front ends -------------------------------------------------------------------------

def test_import_listen_stays_free_of_matplotlib_and_ipython():
    code = "import sys, kit.listen; print('matplotlib' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_play_keeps_levels():
    radio = demo("two-worlds").clips[1]
    audio = L.play(radio)
    pcm = np.frombuffer(audio.data[44:], dtype="<i2")
    assert np.abs(pcm).max() == pytest.approx(np.abs(radio.samples).max() * 32767, rel=0.01)
    stereo = L.play(demo("two-worlds"))
    assert stereo.data[22] == 2  # channel count in the WAV header
    with pytest.raises(ValueError, match="sample rate"):
        L.play(np.zeros(10))


def test_pictures_have_labels_titles_and_text(all_demos):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    for d in all_demos:
        axes = np.atleast_1d(L.plot_demo(d))
        for ax in axes:
            assert ax.get_xlabel() or ax is not axes[-1]
            assert ax.get_ylabel() and (ax.get_title() or ax.figure._suptitle)
            assert len(L.describe_chart(ax)) > 80
        plt.close("all")
    ax = L.plot_clip(demo("two-worlds").clips[1])
    assert "below 300 Hz" in L.describe_chart(ax) or "Energy below 300 Hz" in L.describe_chart(ax)
    plt.close("all")


# --- the ear quiz widget (driven as a student would: choose, Check, Next) ----------------

def _right_answer(q):
    return next(e for e in BANK if e.id == q.session.current_id).answers[q.session.level]


def test_ear_quiz_plays_each_clip_and_answers_with_reasons(tmp_path):
    q = L.ear_quiz(level=1, n=3, seed=4, save_to=tmp_path / "ana.json", student="ana")
    assert "Question 1 of 3" in q.progress.value
    label, player = q.media.children[0].children
    clip = ear_clip(q.session.current_id)
    assert player.value == clip.wav() and player.format == "wav"
    assert player.controls and not player.autoplay
    assert np.frombuffer(player.value[24:28], "<u4")[0] == RATE  # the WAV's rate, as measured in the tests
    assert f"{clip.seconds:.1f} seconds" in label.value
    assert "Can the characters hear it?" in q.card.value
    assert "<details" in q.card.value and "Read a description" in q.card.value
    assert clip.description.split(",")[0] in q.card.value  # the text alternative is the clip's description
    assert "How it was made" not in q.card.value            # nothing given away before answering
    assert clip.title not in q.card.value and clip.title not in label.value
    q.check_button.click()
    assert "Choose an answer first" in q.feedback.value
    expected = _right_answer(q)
    wrong = next(v for v in EAR_QUESTIONS[1][1] if v != expected)
    q.choices["diegesis"].value = wrong
    q.check_button.click()
    assert "Not quite: the answer is" in q.feedback.value and EAR_QUESTIONS[1][1][expected] in q.feedback.value
    assert "Next time:" in q.feedback.value and "How it was made" in q.card.value and clip.title in q.card.value
    q.choices["diegesis"].value = expected
    q.check_button.click()
    assert "Correct." in q.feedback.value and "first try" in q.feedback.value
    assert "score 0 of 1" in q.progress.value  # the first try is the one scored
    first = q.session.current_id
    q.next_button.click()
    assert q.session.current_id != first
    assert q.media.children[0].children[1].value == ear_clip(q.session.current_id).wav()
    for _ in range(2):
        q.choices["diegesis"].value = _right_answer(q)
        q.check_button.click()
        q.next_button.click()
    assert "Finished: 2 of 3 correct." in q.summary.value and ear_clip(first).title in q.summary.value


def test_ear_quiz_level_two_asks_what_the_music_does(tmp_path):
    q = L.ear_quiz(level=2, n=8, seed=1, save_to=tmp_path / "a.json")
    assert set(q.choices) == {"function"} and "What is the music doing?" in q.card.value
    for _ in range(8):
        q.choices["function"].value = _right_answer(q)
        q.check_button.click()
        assert "Correct." in q.feedback.value
        q.next_button.click()
    assert "Finished: 8 of 8 correct." in q.summary.value
    with pytest.raises(ValueError, match="level must be 1"):
        L.ear_quiz(level=3, save_to=tmp_path / "b.json")


def test_ear_answers_share_the_cue_quiz_file_and_reach_the_class_summary(tmp_path):
    import json

    import kit
    for name in ("ana", "ben"):
        q = L.ear_quiz(level=1, n=8, seed=2, save_to=tmp_path / f"{name}.json", student=name)
        for i in range(8):
            q.choices["diegesis"].value = _right_answer(q) if (name == "ana" or i % 2) else (
                "diegetic" if _right_answer(q) != "diegetic" else "non-diegetic")
            q.check_button.click()
            q.next_button.click()
    saved = json.loads((tmp_path / "ana.json").read_text())
    assert all(a["quiz"].startswith("ear-") for a in saved["answers"]) and len(saved["answers"]) == 8
    again = L.ear_quiz(level=1, n=8, seed=2, save_to=tmp_path / "ana.json", student="ana")
    assert "answered 8" in again.progress.value and "score 8 of 8" in again.progress.value
    summary = kit.class_summary(tmp_path)
    assert set(summary.index) == {e.id for e in BANK}
    assert summary.loc["radio-elise", "music_title"] == "Piano on a radio"
    assert summary.attrs["by_student"].loc["ana", "first_try_accuracy"] == 1.0
    assert summary.attrs["by_student"].loc["ben", "first_try_accuracy"] == 0.5
    import matplotlib
    matplotlib.use("Agg")
    ax = kit.plot_confusion(summary, axis="diegesis")
    assert "16 answers, 12 right" in kit.describe_chart(ax)
    for name in ("ana", "ben"):
        q = L.ear_quiz(level=2, n=3, seed=2, save_to=tmp_path / f"{name}.json", student=name)
        q.choices["function"].value = "mood"
        q.check_button.click()
    ax = kit.plot_confusion(kit.class_summary(tmp_path, level=2), axis="function")
    assert "Confusion table for function: 2 answers" in kit.describe_chart(ax)
    assert "Mood" in [t.get_text() for t in ax.get_xticklabels()]


def test_ear_quiz_card_escapes_text(tmp_path, monkeypatch):
    from kit.listen.ear_widget import EarQuizBank
    bank = EarQuizBank(1)
    item = dict(bank.item("radio-elise"), scene="<script>alert(1)</script>", description="a <b>bold</b> hum")
    html_ = bank.card_html(item, reveal=True)
    assert "<script>" not in html_ and "&lt;script&gt;" in html_ and "&lt;b&gt;bold" in html_


def test_ear_scenes_and_cards_do_not_name_the_source_of_the_music():
    """The sound must decide: no scene mentions a radio, phone, jukebox, whistling or
    the like, and no card shows the clip's title before the answer."""
    from kit.listen.ear_widget import EarQuizBank
    giveaways = re.compile(r"radio|phone|jukebox|whistl|record|speaker|band|sing|orchestra|score|music", re.I)
    bank = EarQuizBank(1)
    for e in BANK:
        assert not giveaways.search(e.scene), e.id
        before = bank.card_html(bank.item(e.id), reveal=False)
        assert e.title not in before and e.scene in before
        assert e.title in bank.card_html(bank.item(e.id), reveal=True)


def test_related_shows_the_datasets_rows_and_names_missing_cues():
    import kit
    cues = kit.load_cues()
    d = demo("crossing")
    rows = d.related(cues)
    assert list(rows.index) == list(d.cue_ids)
    assert {"title", "diegesis", "ambiguity", "scene", "link"} <= set(rows.columns)
    assert set(rows["ambiguity"]) <= {"trans-diegetic", "unclear"} and "trans-diegetic" in set(rows["ambiguity"])
    assert list(d.related(cues.drop(columns="ambiguity")).columns)[:4] == ["title", "year", "music_title", "diegesis"]
    with pytest.raises(ValueError, match="lacks the cue.*top-gun-1986-05"):
        d.related(cues[cues["cue_id"] != "top-gun-1986-05"])
