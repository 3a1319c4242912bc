"""`planner contacts add|list|show|edit|archive|remove|merge|duplicates`."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from planner import service
from planner.cli.common import Context, add_json_flag, parse_id
from planner.cli.render import contact_json, touch_json
from planner.cli.tables import Column, PlainTable, clean, styled, write_lines
from planner.domain.enums import Relationship, Tier
from planner.domain.text import count
from planner.domain.validation import parse_relationship, parse_tier

#: The widest a name and a company are shown in `contacts list` (longer ones are cut with "…";
#: `contacts show` and `--json` give them whole).
NAME_MOST = 40
COMPANY_MOST = 32

_OPTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("--company", "company", {"metavar": "TEXT", "help": "company or organisation"}),
    ("--title", "title", {"metavar": "TEXT", "help": "job title"}),
    ("--email", "emails", {"metavar": "EMAIL", "action": "append", "help": "email (repeatable)"}),
    ("--phone", "phones", {"metavar": "PHONE", "action": "append", "help": "phone (repeatable)"}),
    ("--tier", "tier", {"metavar": "A|B|C", "help": "A (every 14 days), B (30), C (90)"}),
    (
        "--relationship",
        "relationship",
        {"metavar": "R", "help": "customer, prospect, connector, friend or peer"},
    ),
    ("--tag", "tags", {"metavar": "TAG", "action": "append", "help": "tag (repeatable)"}),
    ("--met-at", "met_at", {"metavar": "TEXT", "help": "where you met"}),
    ("--referred-by", "referred_by", {"metavar": "ID", "help": "id of who introduced them"}),
    ("--cadence", "cadence_days", {"metavar": "DAYS", "help": "own cadence; '' = the tier's"}),
    ("--notes", "notes", {"metavar": "TEXT", "help": "free notes"}),
    ("--url", "url", {"metavar": "URL", "help": "profile link (LinkedIn, site)"}),
]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "contacts", help="add, list, show, edit, archive, remove, merge contacts"
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add a contact and print its id")
    add.add_argument("--name", required=True, help="the person's name")
    _contact_options(add)
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="list contacts (archived ones with --archived)")
    listing.add_argument("--tier", metavar="A|B|C")
    listing.add_argument("--relationship", metavar="R")
    listing.add_argument("--search", metavar="TEXT", default="", help="in name, company, tags")
    listing.add_argument("--archived", action="store_true", help="include archived contacts")
    listing.add_argument(
        "--to-sort",
        action="store_true",
        help="only contacts still to sort (imported without a tier, never planned yet)",
    )
    add_json_flag(listing)
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one contact with its touches and referrals")
    show.add_argument("id", metavar="ID")
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)

    edit = sub.add_parser("edit", help="change fields (lists given replace the old ones)")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--name")
    _contact_options(edit)
    add_json_flag(edit)
    edit.set_defaults(handler=cmd_edit)

    archive = sub.add_parser("archive", help="archive a contact (hidden, never planned)")
    archive.add_argument("id", metavar="ID")
    archive.add_argument("--undo", action="store_true", help="bring an archived contact back")
    archive.set_defaults(handler=cmd_archive)

    remove = sub.add_parser("remove", help="delete a contact and its touches for good")
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(handler=cmd_remove)

    merge = sub.add_parser(
        "merge", help="merge OTHER into KEEP: one person, one contact (touches, referrals move)"
    )
    merge.add_argument("keep", metavar="KEEP", help="id of the contact to keep")
    merge.add_argument("other", metavar="OTHER", help="id of the contact merged into it")
    add_json_flag(merge)
    merge.set_defaults(handler=cmd_merge)

    duplicates = sub.add_parser(
        "duplicates", help="pairs of contacts that look like one person (merge them)"
    )
    add_json_flag(duplicates)
    duplicates.set_defaults(handler=cmd_duplicates)


def _contact_options(parser: argparse.ArgumentParser) -> None:
    for flag, dest, options in _OPTIONS:
        parser.add_argument(flag, dest=dest, **options)


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    fields = _given(args, service.CONTACT_FIELDS)
    contact = service.add_contact(store, today=ctx.today, **fields)
    if args.json:
        ctx.emit_json(contact_json(service.view_contact(store, contact, ctx.today)))
    else:
        ctx.print(str(contact.id))
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    tier: Tier | None = None if args.tier is None else parse_tier(args.tier)
    relationship: Relationship | None = (
        None if args.relationship is None else parse_relationship(args.relationship)
    )
    store = ctx.open_store()
    contacts = service.search_contacts(
        store.contacts.values(),
        text=args.search,
        tier=tier,
        relationship=relationship,
        include_archived=args.archived,
    )
    if args.to_sort:
        contacts = [contact for contact in contacts if contact.to_sort]
    views = service.view_contacts(store, contacts, ctx.today)
    if args.json:
        ctx.emit_json([contact_json(view) for view in views])
        return 0
    if not contacts:
        if args.to_sort and store.contacts:
            ctx.print("No contacts to sort: every contact has a tier.")
            return 0
        ctx.print(
            "No contacts match."
            if store.contacts
            else "No contacts yet: add one with `planner contacts add --name NAME`, or import "
            "your LinkedIn, Google or phone contacts with `planner import FILE`."
        )
        return 0
    names = [
        clean(contact.name) + (" (archived)" if contact.archived else "") for contact in contacts
    ]
    table = PlainTable(
        [
            Column("id", "right", width=len(str(max(contact.id for contact in contacts)))),
            Column("name", most=NAME_MOST).fitted(names),
            Column("company", most=COMPANY_MOST).fitted(
                clean(contact.company) for contact in contacts
            ),
            Column("tier").fitted(
                "to sort" if contact.to_sort else contact.tier.value for contact in contacts
            ),
            Column("relationship").fitted(contact.relationship.value for contact in contacts),
            Column("last touch", width=10),
            Column("due", width=10),
            Column("warmth", "right"),
        ]
    )

    def lines() -> Iterator[str]:
        yield styled(ctx.colour_console(), table.header(), "bold")
        for name, view in zip(names, views, strict=True):
            contact = view.contact
            yield table.line(
                (
                    str(contact.id),
                    name,
                    clean(contact.company),
                    "to sort" if contact.to_sort else contact.tier._value_,
                    contact.relationship._value_,
                    view.last_touch.isoformat() if view.last_touch else "never",
                    view.due.isoformat(),
                    f"{view.warmth:.2f}",
                )
            )

    write_lines(ctx.out, lines())
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    contact_id = parse_id(args.id, "contact")
    store = ctx.open_store()
    contact = store.contact(contact_id)
    view = service.view_contact(store, contact, ctx.today)
    touches = store.touches_of(contact_id)
    referred = service.referrals_of(store, contact_id)
    if args.json:
        data = contact_json(view)
        data["touches"] = [touch_json(touch, contact) for touch in touches]
        data["referrals"] = [
            {
                "id": other.id,
                "name": other.name,
                "relationship": other.relationship.value,
                "customer_since": None
                if other.customer_since is None
                else other.customer_since.isoformat(),
                "outcome": service.referral_outcome(other),
            }
            for other in referred
        ]
        ctx.emit_json(data)
        return 0
    kind = f"{contact.tier.value} {contact.relationship.value}"
    if contact.to_sort:
        kind = f"{contact.relationship.value}, to sort"
    lines = [f"{contact.name}  (#{contact.id}, {kind})"]
    for label, value in (
        ("Company", contact.company),
        ("Title", contact.title),
        ("Emails", ", ".join(contact.emails)),
        ("Phones", ", ".join(contact.phones)),
        ("Tags", ", ".join(contact.tags)),
        ("Met at", contact.met_at),
        ("URL", contact.url),
        ("Customer since", service.customer_since_words(contact)),
    ):
        if value:
            lines.append(f"  {label + ':':<16}{value}")
    if contact.referred_by is not None:
        referrer = store.find_contact(contact.referred_by)
        lines.append(
            f"  {'Referred by:':<16}{referrer.name if referrer else '?'} (#{contact.referred_by})"
        )
    if referred:
        lines.append(f"  Referrals ({len(referred)}):")
        lines.extend(
            f"    {other.name} (#{other.id}): {service.referral_outcome(other)}"
            for other in referred
        )
    last = view.last_touch.isoformat() if view.last_touch else "never"
    lines.append(
        f"  {'Cadence:':<16}every {view.cadence} days; last touch {last}, "
        f"due {view.due.isoformat()}, warmth {view.warmth:.2f}"
    )
    if contact.to_sort:
        lines.append(
            "  To sort: not planned until it has a tier "
            f"(`planner contacts edit {contact.id} --tier A|B|C`, or T in the app)."
        )
    if contact.archived:
        lines.append("  Archived: not planned any more.")
    if contact.notes:
        lines.append("  Notes:")
        lines.extend(f"    {line}" for line in contact.notes.splitlines())
    lines.append(f"  Touches ({len(touches)}):" if touches else "  No touches yet.")
    for touch in touches[-20:]:
        when = touch.date.isoformat() + (f" {touch.start:%H:%M}" if touch.start else "")
        note = f" — {touch.note}" if touch.note else ""
        lines.append(
            f"    {when}  {touch.status.value:<8} {touch.channel.value} "
            f"({touch.purpose.label}){note}"
        )
    ctx.print("\n".join(lines))
    return 0


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    contact_id = parse_id(args.id, "contact")
    changes = _given(args, service.CONTACT_FIELDS)
    store = ctx.open_store()
    contact = service.edit_contact(store, contact_id, today=ctx.today, **changes)
    if args.json:
        ctx.emit_json(contact_json(service.view_contact(store, contact, ctx.today)))
    else:
        ctx.print(f"Saved {contact.name} (#{contact.id}).")
    return 0


def cmd_archive(ctx: Context, args: argparse.Namespace) -> int:
    contact_id = parse_id(args.id, "contact")
    contact = service.archive_contact(ctx.open_store(), contact_id, archived=not args.undo)
    state = "archived" if contact.archived else "back in the network"
    ctx.print(f"{contact.name} (#{contact.id}) is {state}.")
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    contact_id = parse_id(args.id, "contact")
    store = ctx.open_store()
    name = store.contact(contact_id).name
    removed = service.remove_contact(store, contact_id)
    ctx.print(f"Removed {name} (#{contact_id}) and {count(removed, 'touch')}.")
    return 0


def cmd_merge(ctx: Context, args: argparse.Namespace) -> int:
    keep_id = parse_id(args.keep, "contact")
    other_id = parse_id(args.other, "contact")
    store = ctx.open_store()
    plan = service.merge_contacts(store, keep_id, other_id)
    if args.json:
        data = plan.to_json()
        data["contact"] = contact_json(service.view_contact(store, plan.merged, ctx.today))
        ctx.emit_json(data)
        return 0
    ctx.print(f"Merged. {plan.describe()}")
    return 0


def cmd_duplicates(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    pairs = service.duplicates(store)
    if args.json:
        ctx.emit_json(
            {
                "pairs": [
                    {"keep": pair.keep.id, "other": pair.other.id, "why": pair.why}
                    for pair in pairs
                ]
            }
        )
        return 0
    if not pairs:
        ctx.print("No two contacts look like one person.")
        return 0
    for pair in pairs:
        ctx.print(
            f"#{pair.keep.id} {pair.keep.name}  <-  #{pair.other.id} {pair.other.name}: {pair.why}"
        )
    ctx.print(
        f"{count(len(pairs), 'pair')}. Merge one with `planner contacts merge KEEP OTHER` "
        "(its touches and referrals move to KEEP)."
    )
    return 0
