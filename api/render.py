"""Rich rendering of traces and write summaries for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

LAYER_TITLES = {
    "enterprise": "Enterprise — main responsibility 主体责任",
    "regulatory": "Regulators — supervisory responsibility 监管责任",
    "territorial": "Party and government — leadership responsibility 领导责任",
}
LAYER_STYLE = {"enterprise": "cyan", "regulatory": "magenta", "territorial": "yellow"}


def name(ref: dict[str, Any] | None, lang: str) -> str:
    if not ref:
        return ""
    names = ref.get("name") or {}
    return names.get(lang) or names.get("zh") or names.get("en") or ref.get("id", "")


def render_trace(trace: dict[str, Any], console: Console, lang: str = "en") -> None:  # noqa: C901
    a = trace["accident"]
    head = Text()
    head.append(f"{name(a, lang)}\n", style="bold")
    head.append(f"{a['id']} · occurred {a['occurred_on']} · traced as of {a['at']}\n")
    head.append(f"{a['deaths']} deaths, {a['serious_injuries']} serious injuries, CNY {a['direct_loss_cny']:,} direct loss → ")
    head.append(f"grade {a['grade']}", style="bold red")
    head.append(f"; investigated at {a['investigating_level']} level")
    if a.get("taken_over_by"):
        head.append(f" (taken over by {name(a['taken_over_by'], lang)}; the grade calls for {a['investigating_level_by_grade']})")
    console.print(Panel(head, title="Accident", border_style="red"))
    for layer, title in LAYER_TITLES.items():
        rows = [f for f in trace["findings"] if f["layer"] == layer]
        table = Table(title=title, title_style=f"bold {LAYER_STYLE[layer]}", expand=True)
        table.add_column("level", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("who")
        table.add_column("post · organization", ratio=2)
        table.add_column("on post since", no_wrap=True)
        table.add_column("notes", ratio=2)
        table.add_column("src", justify="right")
        hazards = {h["id"]: name(h, lang) for h in trace["hazards"]}
        for f in rows:
            person = name(f["person"], lang) if f["person"] else ("[red]vacant[/]" if f["post"] else "[dim]—[/]")
            since = ""
            if f["valid_during"]:
                since = f["valid_during"]["from"] or "…"
                if f["valid_during"]["to"]:
                    since += f" → {f['valid_during']['to']}"
            where = " · ".join(x for x in (name(f["post"], lang), name(f["organization"], lang)) if x)
            notes = ([hazards.get(f["hazard"], f["hazard"])] if f["hazard"] else []) + f["notes"]
            table.add_row(f["level"] or "", f["rule"]["id"], person, where, since, "; ".join(notes), str(len(f["sources"])))
        console.print(table)
    cov = trace["coverage"]
    line = Text("One case, three investigations: ")
    for layer in LAYER_TITLES:
        c = cov[layer]
        line.append(f"{layer} ", style="bold")
        line.append("✓ " if c["covered"] else "✗ ", style="green" if c["covered"] else "red")
        line.append(f"({c['persons']} persons, {c['organizations']} bodies, {c['vacant_posts']} vacant)  ")
    console.print(line)
    if trace["hazards"]:
        t = Table(title="Hidden hazards open on the date", expand=True)
        for col in ("hazard", "grade", "found", "deadline", "status"):
            t.add_column(col)
        for h in trace["hazards"]:
            t.add_row(name(h, lang), h["hazard_grade"], h.get("found_on") or "?", h.get("deadline") or "", h["status"])
        console.print(t)
    if trace["gaps"]:
        shown = lang if lang in ("en", "zh") else "en"
        gaps = [Text(f"• {g['label'][shown]}: {g.get('detail') or g['subject']}") for g in trace["gaps"]]
        console.print(Panel(Group(*gaps),
                            title="Gaps", border_style="yellow"))
