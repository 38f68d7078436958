"""Time the content analysis of a 180 s answer (~600 Chinese characters, and ~450 English words).

    python hr_ai_analysis_worker/evaluation/time_content.py

The first answer of a question also embeds the question's key points, prototypes and baseline (kept for
the next answers of the job); the figure that matters is an answer after that. Prints wall and CPU seconds.
"""

import json
import time
from pathlib import Path

HERE = Path(__file__).parent


def _long_answer(writer, lang, chars):
    data = json.loads((HERE / "corpus" / f"writer_{writer}.json").read_text(encoding="utf-8"))
    jobs = [j for j in data["jobs"] if j["lang"] == lang]
    question = jobs[0]["questions"][0]
    texts = [a["text"] for j in jobs for q in j["questions"] for a in q["answers"]
             if a["tag"] in ("strong", "rambling")]
    text = ""
    for t in texts:
        if len(text) >= chars:
            break
        text += t if lang == "zh" else " " + t
    q = {"text": question["text"], "key_points": question["key_points"], "lang": lang}
    return q, text.strip()


def _segments(text, seconds=180.0, parts=12):
    size = len(text) // parts + 1
    chunks = [text[i: i + size] for i in range(0, len(text), size)]
    step = seconds / len(chunks)
    return [{"start": round(i * step, 2), "end": round((i + 1) * step, 2), "text": c, "words": []}
            for i, c in enumerate(chunks)]


def main():
    from hr_ai_analysis_worker.analysis.content import analyze_content

    for writer, lang, size in (("a", "zh", 600), ("b", "en", 2400)):
        question, text = _long_answer(writer, lang, size)
        segments = _segments(text)
        analyze_content(segments[:2], question)  # first answer of the job: loads models, embeds the question
        wall, cpu = time.perf_counter(), time.process_time()
        result = analyze_content(segments, question)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{lang}: {len(text)} characters, {len(segments)} segments: content analysis {wall:.2f} s wall, "
              f"{cpu:.2f} s CPU (score {result['score']})")


if __name__ == "__main__":
    main()
