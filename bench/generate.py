#!/usr/bin/env python3
"""Writes a synthetic roadmap of N initiatives for benchmarks, as a waymark
roadmap, or the same bodies as a Hugo or a Zola site.

Deterministic: the same N gives the same files. Realistic: goals (one per
20 initiatives), team folders, schedules over eight quarters, zero to three
prerequisites that respect the schedule, risks, metrics, a changelog entry,
and a Markdown body of about 3 KB (headings, lists, a table, a code block,
a quote, links) split by <!-- more -->. It validates with no error.

    bench/generate.py 1000 /tmp/roadmap-1000
    bench/generate.py 1000 /tmp/hugo-1000 --format hugo
    bench/generate.py 1000 /tmp/zola-1000 --format zola
    bench/generate.py 10000 /tmp/portfolio-10000 --members 20

With --members M, the same initiatives and goals are split over M member
roadmaps (`members/m00` ...), initiative i and goal g in member i mod M and
g mod M, each reference to another member's work namespaced by its member
(`m03/init-00042`), and a portfolio in `portfolio/` lists them all: build
`portfolio/` and compare with the same N as one folder.

The Hugo and Zola sites have one page per initiative with the same title
and Markdown body, minimal templates (a page and a list page), and no code
highlighting, taxonomies, feeds or sitemaps, so that all three tools do the
same Markdown work; waymark renders more on each page besides.
"""

import argparse
import random
from pathlib import Path

QUARTERS = [f"{year}-Q{q}" for year in (2026, 2027) for q in (1, 2, 3, 4)]
# The quarter of the date the benchmarks and tests build on, 2026-11-21.
CURRENT = QUARTERS.index("2026-Q4")
TEAMS = ["platform", "data", "web", "mobile", "payments", "security", "devex", "search", "growth", "infra"]
STATUSES = ["proposed", "planned", "planned", "in-progress", "in-progress", "at-risk", "done"]
CATEGORIES = ["infrastructure", "architecture", "security", "compliance", "tech-debt", "tooling", "product"]
WORDS = (
    "migrate service latency cache queue schema index replica cluster rollout canary budget "
    "throughput partition contract gateway token audit pipeline artifact regression dashboard "
    "capacity failover backlog throttle encryption observability tracing deploy dependency"
).split()


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def body(rng, index):
    """About 3 KB of Markdown: summary, marker, technical details."""
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} ms | {rng.randint(100, 999)} ms |" for _ in range(4))
    return f"""{paragraph(rng, 3)}

<!-- more -->

## Approach

{paragraph(rng, 5)}

- {sentence(rng)}
- {sentence(rng)}
- {sentence(rng)} See [the design notes](https://wiki.example.internal/design/{index}).

## Measurements

| component | today | target |
|---|---|---|
{rows}

```sh
deploy --service svc-{index} --canary 5% --region eu-west-1
```

> {sentence(rng, 14)}

### Rollout

1. {sentence(rng)}
2. {sentence(rng)}
3. {sentence(rng)}

{paragraph(rng, 4)} More in [the runbook](https://runbooks.example.internal/{index}).
"""


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schedules(rng, n):
    spans = []
    for _ in range(n):
        start = rng.randrange(len(QUARTERS))
        end = min(len(QUARTERS) - 1, start + rng.randint(0, 2))
        spans.append((start, end))
    return spans


def prerequisites(rng, index, spans):
    """Up to three earlier initiatives that end before this one starts."""
    start = spans[index][0]
    candidates = [j for j in range(max(0, index - 60), index) if spans[j][1] < start]
    return rng.sample(candidates, min(len(candidates), rng.randint(0, 3)))


def initiative(rng, index, n_goals, spans, prereqs, finished):
    start, end = spans[index]
    goals = sorted({f"goal-{rng.randrange(n_goals):04d}" for _ in range(rng.randint(1, 2))})
    status = rng.choice(STATUSES)
    if end < CURRENT:
        # Work planned to end before the benchmarks' today (2026-11-21) is
        # mostly finished, as on a roadmap that is kept up to date; a few
        # items are late, and so is what waits for them.
        on_time = rng.random() < 0.95 and all(j in finished for j in prereqs)
        status = "done" if on_time else "in-progress"
    elif any(True for _ in prereqs) and status == "done":
        status = "in-progress"
    lines = [
        "---",
        f"title: {quote(sentence(rng, 5)[:-1])}",
        f"status: {status}",
        f"category: {rng.choice(CATEGORIES)}",
        f"kind: {'product' if index % 5 == 0 else 'technology'}",
        f"goals: [{', '.join(goals)}]",
        f"depends_on: [{', '.join(f'init-{j:05d}' for j in prereqs)}]",
        f'start: "{QUARTERS[start]}"',
        f'end: "{QUARTERS[end]}"',
        f"effort: {rng.randint(2, 30)}",
        f"cost: {rng.randint(1, 5)}",
        f"impact: {rng.randint(1, 5)}",
        f"owner: {quote('Owner ' + str(index % 97))}",
        f"team: {TEAMS[index % len(TEAMS)]}",
        f"progress: {rng.randint(0, 100)}",
        "risks:",
        f"  - risk: {quote(sentence(rng, 8))}",
        f"    mitigation: {quote(sentence(rng, 10))}",
        f"    likelihood: {rng.choice(['low', 'medium', 'high'])}",
        f"    impact: {rng.choice(['low', 'medium', 'high'])}",
        "metrics:",
        f"  - name: {quote('p95 latency of ' + rng.choice(WORDS))}",
        f'    target: "{rng.randint(50, 400)} ms"',
        f'reviewed: "2026-11-{rng.randint(1, 20):02d}"',
        f"visibility: {rng.choice(['public', 'internal'])}",
        "changelog:",
        f'  - date: "2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"',
        f"    change: {quote('Moved to ' + QUARTERS[end])}",
        f"    why: {quote(sentence(rng, 9))}",
        "---",
    ]
    return "\n".join(lines) + "\n" + body(rng, index)


def goal(rng, index):
    return f"""---
title: {quote('Goal ' + str(index) + ': ' + sentence(rng, 4)[:-1])}
owner: {quote('Executive ' + str(index))}
target: "{rng.choice(QUARTERS)}"
metrics:
  - name: {quote(rng.choice(WORDS) + ' rate')}
    baseline: "{rng.randint(1, 50)}%"
    target: "{rng.randint(51, 99)}%"
---
{paragraph(rng, 3)}
"""


def roadmap(n):
    """The roadmap's files: (relative path, text), the same for the same N."""
    rng = random.Random(n)
    n_goals = max(1, n // 20)
    files = [("roadmap.toml",
              f'title = "Synthetic roadmap of {n} initiatives"\n'
              'base_url = "https://roadmap.example.internal/"\n\n'
              "[history]\nenabled = false\n")]
    files += [(f"content/goals/goal-{g:04d}.md", goal(rng, g)) for g in range(n_goals)]
    spans = schedules(rng, n)
    served = set()
    texts = []
    finished = set()
    for i in range(n):
        text = initiative(rng, i, n_goals, spans, prerequisites(rng, i, spans), finished)
        if "\nstatus: done\n" in text:
            finished.add(i)
        texts.append(text)
        served.update(part.strip() for part in text.split("goals: [", 1)[1].split("]", 1)[0].split(","))
    # Every goal is served: give unserved ones to the first initiatives.
    unserved = [f"goal-{g:04d}" for g in range(n_goals) if f"goal-{g:04d}" not in served]
    for i, goal_id in enumerate(unserved):
        texts[i] = texts[i].replace("goals: [", f"goals: [{goal_id}, ", 1)
    files += [(f"content/initiatives/{TEAMS[i % len(TEAMS)]}/init-{i:05d}.md", text) for i, text in enumerate(texts)]
    return files


def member_of(stem, members):
    """The member that holds the goal or initiative with this id."""
    return f"m{int(stem.split('-')[1]) % members:02d}"


def reference_in(member, ids, members):
    """The ids of a `goals` or `depends_on` list, as `member` writes them."""
    named = [(member_of(i, members), i) for i in ids]
    return ", ".join(i if owner == member else f"{owner}/{i}" for owner, i in named)


def split(files, members):
    """The files of `roadmap(n)` as a portfolio of `members` member roadmaps."""
    toml = ("[history]\nenabled = false\n")
    listed = ", ".join(f'm{m:02d} = "../members/m{m:02d}"' for m in range(members))
    out = [("portfolio/roadmap.toml",
            f'title = "Synthetic portfolio of {members} roadmaps"\n'
            'base_url = "https://roadmap.example.internal/"\n\n'
            f"{toml}\n[portfolio]\nmembers = {{ {listed} }}\n"),
           ("portfolio/content/goals/.keep", "")]
    for m in range(members):
        out.append((f"members/m{m:02d}/roadmap.toml", f'title = "Member m{m:02d}"\n\n{toml}'))
    for relative, text in files:
        if not relative.startswith("content/"):
            continue
        member = member_of(Path(relative).stem, members)
        lines = []
        for line in text.split("\n"):
            for key in ("goals", "depends_on"):
                if line.startswith(f"{key}: [") and line.endswith("]"):
                    ids = [i.strip() for i in line[len(key) + 3:-1].split(",") if i.strip()]
                    line = f"{key}: [{reference_in(member, ids, members)}]"
            lines.append(line)
        out.append((f"members/{member}/{relative}", "\n".join(lines)))
    return out


def write(out, files):
    for relative, text in files:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def pages(files):
    """Each initiative's id, title and body."""
    for relative, text in files:
        if "/initiatives/" in relative:
            _, front, body = text.split("---\n", 2)
            title = next(line for line in front.splitlines() if line.startswith("title: "))[len("title: "):]
            yield Path(relative).stem, title, body


HUGO_CONFIG = """baseURL = "https://roadmap.example.internal/"
title = "Synthetic roadmap"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.highlight]
codeFences = false
"""

HUGO_PAGE = """<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
"""

HUGO_LIST = """<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def write_hugo(files, out):
    site = [("hugo.toml", HUGO_CONFIG),
            ("layouts/_default/single.html", HUGO_PAGE),
            ("layouts/_default/list.html", HUGO_LIST),
            ("layouts/index.html", HUGO_LIST),
            ("content/initiatives/_index.md", "---\ntitle: Initiatives\n---\n")]
    site += [(f"content/initiatives/{id}.md", f"---\ntitle: {title}\n---\n{body}") for id, title, body in pages(files)]
    write(out, site)


ZOLA_CONFIG = """base_url = "https://roadmap.example.internal/"
title = "Synthetic roadmap"
compile_sass = false
build_search_index = false
generate_feeds = false
"""

ZOLA_PAGE = """<!DOCTYPE html><html><head><title>{{ page.title }}</title></head>
<body><h1>{{ page.title }}</h1>{{ page.content | safe }}</body></html>
"""

ZOLA_LIST = """<!DOCTYPE html><html><head><title>{{ section.title }}</title></head>
<body><h1>{{ section.title }}</h1><ul>{% for page in section.pages %}<li><a href="{{ page.permalink }}">{{ page.title }}</a></li>{% endfor %}</ul></body></html>
"""


def write_zola(files, out):
    site = [("config.toml", ZOLA_CONFIG),
            ("templates/page.html", ZOLA_PAGE),
            ("templates/section.html", ZOLA_LIST),
            ("templates/index.html", ZOLA_LIST),
            ("content/_index.md", "+++\ntitle = \"Roadmap\"\n+++\n"),
            ("content/initiatives/_index.md", "+++\ntitle = \"Initiatives\"\n+++\n")]
    site += [(f"content/initiatives/{id}.md", f"+++\ntitle = {title}\n+++\n{body}") for id, title, body in pages(files)]
    write(out, site)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of initiatives")
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--format", choices=["waymark", "hugo", "zola"], default="waymark")
    parser.add_argument("--members", type=int, default=0,
                        help="split the roadmap over this many member roadmaps of a portfolio")
    args = parser.parse_args()
    files = roadmap(args.n)
    if args.members > 0:
        files = split(files, args.members)
    {"waymark": lambda: write(args.out, files),
     "hugo": lambda: write_hugo(files, args.out),
     "zola": lambda: write_zola(files, args.out)}[args.format]()


if __name__ == "__main__":
    main()
