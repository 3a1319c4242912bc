"""The heat map screen: order, filters, week counts and planning a touch, as a user would."""

from __future__ import annotations

from planner import service
from planner.domain import Relationship, Tier, TouchStatus
from planner.ui.modals.contact import ContactCard
from planner.ui.screens.heatmap import DEFAULT_WEEKS, MAX_WEEKS, MIN_WEEKS, HeatmapScreen
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import NOW, SIZE, reopen


def table(app) -> VirtualTable:
    return app.screen.query_one("#heat-table", VirtualTable)


def contact_keys(app) -> list[int]:
    return [key for key in table(app).keys if isinstance(key, int)]


def section_text(app) -> list[str]:
    table_ = table(app)
    return [table_.render_row(key).text.plain for key in table_.keys if isinstance(key, str)]


def bar_text(app) -> str:
    return str(app.screen.query_one("#mode-bar").render())


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def show(pilot, *keys: str) -> None:
    """Press keys, then wait for the heat data worker."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_rows_by_tier_coldest_first_as_the_command_line_has_them(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        assert isinstance(app.screen, HeatmapScreen)
        heat = service.heat(reopen(app), NOW.date(), DEFAULT_WEEKS)
        assert contact_keys(app) == [row.contact_id for row in heat.rows]
        assert all(not app.store.contact(key).archived for key in contact_keys(app))
        sections = section_text(app)
        assert [text.split()[1] for text in sections] == ["A", "B", "C"]
        for text, tier in zip(sections, heat.tiers, strict=True):
            per_week = sum(tier.touches) / DEFAULT_WEEKS
            assert f"{tier.contacts} contacts · {per_week:.1f} touches a week" in text
            assert f"{tier.in_cadence_share:.0f} % touched within their cadence" in text
        assert "12 weeks  ·  2026-W37 to 2026-W48" in bar_text(app)
        header = table(app).render_line(0).text
        assert all(f"W{week.number:02d}" in header for week in heat.weeks)
        legend = str(app.screen.query_one("#heat-filters").render())
        assert "· none  ▒ 1  ▓ 2  █ 3+ done touches a week" in legend

        # Each row shows its counts with the shades of the legend, then its warmth.
        for row in heat.rows[:40]:
            cells = table(app).render_row(row.contact_id)
            shades = cells[2].plain.replace(" ", "")
            expected = [service.heat_shade(count) * (3 if count else 1) for count in row.counts]
            assert shades == "".join(expected)
            assert cells[3].plain.endswith(f"{row.warmth:.2f}")


async def test_more_and_fewer_weeks(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await show(pilot, "h")
        screen = app.screen
        await pilot.press("plus")
        assert screen.weeks == 16 and "16 weeks" in bar_text(app)
        heat = service.heat(reopen(app), NOW.date(), 16)
        assert "W33" in table(app).render_line(0).text
        first = heat.rows[0]
        shown = table(app).render_row(first.contact_id)[2].plain
        assert shown.count("·") + sum(1 for c in shown if c in "▒▓█") >= 16
        await pilot.press("minus", "minus")
        assert screen.weeks == 8 and "8 weeks  ·  2026-W41 to 2026-W48" in bar_text(app)
        for _ in range(5):
            await pilot.press("minus")
        assert screen.weeks == MIN_WEEKS
        assert any("4 weeks is the fewest" in m for m in messages(app))
        for _ in range(12):
            await pilot.press("plus")
        assert screen.weeks == MAX_WEEKS and "2025-W49 to 2026-W48" in bar_text(app)
        assert any("52 weeks is the most" in m for m in messages(app))
        # The same tier summaries as the command line's for that many weeks.
        heat = service.heat(reopen(app), NOW.date(), MAX_WEEKS)
        per_week = sum(heat.tiers[0].touches) / MAX_WEEKS
        assert f"{per_week:.1f} touches a week" in section_text(app)[0]
        counts = {row.contact_id: row.counts for row in heat.rows}
        for key in contact_keys(app)[:20]:
            shown = table(app).render_row(key)[2].plain
            assert len(shown) == MAX_WEEKS  # one cell a week at this width
            assert [service.heat_shade(count) for count in counts[key]] == list(shown)


async def test_tier_and_relationship_filters(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        everyone = contact_keys(app)
        store = app.store
        for key, tier in (("1", Tier.A), ("2", Tier.B), ("3", Tier.C)):
            await pilot.press(key)
            keys = contact_keys(app)
            assert keys and all(store.contact(k).tier is tier for k in keys)
            assert keys == [k for k in everyone if store.contact(k).tier is tier], "same order"
            assert len(section_text(app)) == 1
        await pilot.press("0")
        assert contact_keys(app) == everyone

        seen = []
        for _ in range(len(Relationship)):
            await pilot.press("R")
            screen = app.screen
            assert isinstance(screen, HeatmapScreen)
            relationship = screen.relationship
            seen.append(relationship)
            keys = contact_keys(app)
            assert all(store.contact(k).relationship is relationship for k in keys)
            assert relationship.label in str(app.screen.query_one("#heat-filters").render())
        assert seen == list(Relationship)
        await pilot.press("1")
        keys = contact_keys(app)
        assert all(store.contact(k).tier is Tier.A for k in keys)
        assert all(store.contact(k).relationship is Relationship.PEER for k in keys)
        await pilot.press("R", "0")
        assert contact_keys(app) == everyone, "R after the last relationship shows everyone"


async def test_slash_filters_by_name_and_escape_clears(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        everyone = contact_keys(app)
        await pilot.press("slash", *"müller")
        keys = contact_keys(app)
        assert keys and len(keys) < len(everyone)
        assert all("müller" in app.store.contact(k).name.casefold() for k in keys)
        assert keys == [k for k in everyone if k in set(keys)], "the order stays"
        await pilot.press("enter")
        assert table(app).has_focus
        await pilot.press("escape")
        assert contact_keys(app) == everyone
        await pilot.press("slash", *"zzzz")
        assert contact_keys(app) == []
        assert "Nobody matches" in table(app).render_line(1).text
        await pilot.press("escape")
        assert table(app).has_focus


async def test_enter_opens_the_contact(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        key = table(app).cursor_key
        await pilot.press("enter")
        assert isinstance(app.screen, ContactCard) and app.screen.contact_id == key
        await pilot.press("escape")
        assert isinstance(app.screen, HeatmapScreen)


async def test_p_plans_a_touch_in_this_weeks_next_free_slot(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await show(pilot, "h", "down")
        contact_id = table(app).cursor_key
        name = app.store.contact(contact_id).name
        before = {t.id for t in reopen(app).week_touches(app.this_week)}
        await show(pilot, "p")
        store = reopen(app)
        (touch,) = [t for t in store.week_touches(app.this_week) if t.id not in before]
        assert touch.contact_id == contact_id and touch.status is TouchStatus.PLANNED
        block = store.block(touch.block_id)
        assert block.start <= touch.start and touch.end <= block.end
        assert touch.date >= NOW.date()
        assert any(m.startswith("Planned a ") and name in m for m in messages(app))
        assert "○ planned" in table(app).render_row(contact_id)[0].plain
        assert table(app).cursor_key == contact_id, "the cursor stays on the contact"


async def test_p_says_why_when_there_is_no_free_slot(app):
    ana = service.add_contact(app.store, today=NOW.date(), name="Ana Müller", tier="A")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await show(pilot, "h")
        assert contact_keys(app) == [ana.id]
        await show(pilot, "p")
        assert reopen(app).touches_of(ana.id) == []
        assert any(
            "No free time left in a prospecting block in 2026-W48" in m and "Ana Müller" in m
            for m in messages(app)
        )


async def test_empty_network_says_what_to_do(app):
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        assert "No contacts yet" in table(app).render_line(1).text


async def test_a_name_that_looks_like_markup_is_shown_as_typed(app):
    service.add_contact(app.store, today=NOW.date(), name="[bold]Ann[/")
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        assert "[bold]Ann[/" in table(app).render_line(2).text
        assert "[bold]Ann[/" in str(app.screen.query_one("#heat-status").render())


async def test_the_palette_reaches_the_heat_map_actions(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Heat map: More weeks")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert app.current_mode == "heatmap"
        screen = app.screen
        assert isinstance(screen, HeatmapScreen) and screen.weeks == 16


async def test_a_check_off_shows_on_the_heat_map_the_next_time_it_opens(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "h")
        before = app.screen.data
        assert before is not None
        await show(pilot, "w", "p")
        week = app.screen.query_one("#agenda", VirtualTable)
        touch = app.store.touch(week.cursor_key)
        await pilot.press("space")
        assert reopen(app).touch(touch.id).status is TouchStatus.DONE
        await show(pilot, "h")
        row = app.screen.data.rows[touch.contact_id]
        assert row.last_done == touch.date and row.counts[-1] >= 1
        assert row.counts[-1] == before.rows[touch.contact_id].counts[-1] + 1
        heat = service.heat(reopen(app), NOW.date(), DEFAULT_WEEKS)
        assert contact_keys(app) == [row.contact_id for row in heat.rows]


async def test_after_check_offs_the_map_is_updated_and_equals_one_worked_out_afresh(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await show(pilot, "w", "p")
        await show(pilot, "h")  # the whole map, worked out once
        first = app.screen.data
        assert first is not None and first.inputs.changed is None
        await show(pilot, "w")
        agenda = app.screen.query_one("#agenda", VirtualTable)
        done = []
        for number in range(3):
            if number:
                agenda.action_cursor(1)
            done.append(app.store.touch(agenda.cursor_key))
            await pilot.press("space")
            await pilot.pause()
        assert agenda.cursor_key == done[-1].id
        await pilot.press("space")  # and the last one back to planned
        await pilot.pause()
        await show(pilot, "h")
        data = app.screen.data
        assert data is not None and data.inputs.changed is not None, "only the changes read"
        assert {touch.contact_id for touch in done} <= data.inputs.changed
        fresh = service.heat(reopen(app), NOW.date(), MAX_WEEKS)
        assert data.heat == fresh
        assert contact_keys(app) == [row.contact_id for row in fresh.rows]
        assert len({touch.contact_id for touch in done}) == 3
        for touch in done[:2]:
            row = data.rows[touch.contact_id]
            assert row.last_done == touch.date
            assert row.counts[-1] == first.rows[touch.contact_id].counts[-1] + 1
            cells = table(app).render_row(touch.contact_id)
            shades = cells[2].plain.replace(" ", "")
            expected = row.counts[-DEFAULT_WEEKS:]
            assert shades == "".join(service.heat_shade(n) * (3 if n else 1) for n in expected)
        last = done[2].contact_id
        assert data.rows[last].counts == first.rows[last].counts
