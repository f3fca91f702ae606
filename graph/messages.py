"""Messages as data: every explanation, finding, warning and error of the domain is a code plus parameters.

The domain never words a sentence for display. It returns a ``Message`` (``msg("coverage.via_region",
gemeente="Ede", level="Subregio", region="Arnhem e.o.")``) and each interface renders it once, in the
asked language, through the gettext catalogues in ``api/locale/`` (``api/i18n.py``: ``render``).

How to add a message
--------------------
1. Add the code to ``MESSAGES`` below with its parameters, each ``"name"`` or ``"name:kind"``; the kind
   tells the renderer how to word the value (see ``KINDS``: a date the Dutch way, an organisation type by
   its Dutch name, a list as "a, b en c", a nested message, ...). Codes are ``area.what[.detail]``.
2. Build it where the domain knows the fact: ``msg("area.what", name=value, ...)``; for an expected
   failure raise an error carrying it (``QueryError(msg(...))``, ``MessageError(msg(...))``).
3. Give it Dutch text in ``api/locale/nl/LC_MESSAGES/messages.po`` (``msgid`` = the code, ``msgstr`` a
   ``str.format`` template over the parameter names) and, when you can, English in ``api/locale/en/...``.
   A parameter of kind ``count`` selects the plural form (``msgid_plural`` = the code again).
``tests/api/test_i18n.py`` fails when a code has no Dutch text, when a ``.po`` entry is used by no code or
template, or when the parameters given differ from the declared ones (``msg`` checks that at once).

Names of the data model's codes (organisation types, levels, roles, priorities, relationship types,
what was not found) are catalogue entries too (``VOCABULARY``): ``org_type.gi``, ``level.Subregio``, ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.schema import BODY_KINDS, POSITION_ROLES, Label, OrgType, Priority, RelType

__all__ = ["ACTIONS", "KINDS", "LANGUAGES", "MESSAGES", "VOCABULARY", "Message", "MessageError", "message_data",
           "message_from_data", "msg", "spec_of"]

# How a parameter is worded. ``text`` as given; ``count`` a number that also picks the plural form.
# The languages jbnet speaks (pages, mails, a professional's ``language``); Dutch first, the default.
LANGUAGES: tuple[str, ...] = ("nl", "en")

KINDS = frozenset({
    "text", "int", "count", "date", "day",  # day = with weekday ("di 3 maart 2026")
    "label",  # a UI text's catalogue code (a form field's label, "page.network.to"), worded in the locale
    "decimal",  # a number without thousands separator, the locale's decimal sign (CSV cells: "1,5" / "1.5")
    "texts",  # a list as "a, b en c"
    "options",  # a list as "a, b of c"
    "org_type", "org_types", "level", "levels", "role", "roles", "priority", "kind", "field", "rel_type",
    "case_after",  # what a case term is counted from: opened, step_1, step_3, clarity, ret
    "action",  # what someone tried to do with meetings (``ACTIONS``): see, plan, create, change, ...
    "message", "messages",  # a nested Message / several, joined by "; "
    "message_list",  # several Messages as "a, b en c"
})

# What a refused meeting action was (the ``action`` kind): each is a catalogue entry ``action.<name>``.
ACTIONS = ("see", "plan", "create", "change", "freeze", "record_attendance", "set_rules", "define_subregios")

# code -> its parameters ("name" or "name:kind"). Keep the areas together, alphabetically within.
MESSAGES: dict[str, tuple[str, ...]] = {
    # -- anything unknown asked for (graph/queries/errors.py) ------------------------------------------
    "query.not_found": ("kind:kind", "key"),
    "query.not_found.suggest": ("kind:kind", "key", "suggestions:options"),
    # -- the database cannot be reached (graph/store/availability.py) ---------------------------------
    "store.unavailable": (),
    # a write the store refused (graph/store: StoreError) and a token that cannot be made (api/auth.py: TokenError)
    "store.unknown_node": ("key",),
    "store.write_refused": ("detail",),
    "store.value_unstorable": ("detail",),
    "store.label_conflict": ("key", "label", "expected"),
    "store.end_label": ("rel", "key", "end", "label", "expected"),
    "store.edge_key_taken": ("key",),
    "store.edge_not_allowed": ("name",),
    "store.no_edge_to_close": ("key",),
    "store.edge_closed": ("key", "on:date"),
    "token.unknown_role": ("role", "known:options"),
    "token.needs_name": (),
    "token.needs_scope": (),
    "token.unknown_scope": ("scope",),
    "token.scope_not_for_role": ("role",),
    "token.unknown_professional": ("key",),
    "seq.invalid": ("value",),  # X-Jbnet-Min-Seq is not a number (api/consistency.py)
    # this replica has not caught up in time; positions are identifiers: no thousands separator
    "seq.not_reached": ("seq", "wanted"),
    # -- the web pages' own refusals (api/web/routes_*.py: PageError / Forbidden); problem: the domain's reason
    "web.failed.period": ("problem:message",),
    "web.audit.pick_format": (),
    "web.no_gemeente_found": ("query",),
    "web.no_person": ("key",),
    "web.no_node": ("key",),
    "web.case_reference_form": (),
    "web.failed.report": ("problem:message",),
    "web.no_region": ("region",),
    "web.meeting.create_coordinator": ("jeugdhulpregio", "region"),
    "web.meeting.visible_to": ("meeting", "region"),
    "web.meeting.visible_to.province": ("meeting",),
    "web.meeting.freeze_coordinator": (),
    "web.meeting.answer_self": (),
    "web.meeting.attendance_coordinator": (),
    "web.meeting.export_coordinator": ("region",),
    "web.meeting.export_coordinator.province": (),
    "web.failed.create_meeting": ("problem:message",),
    "web.no_meeting": ("key",),
    "web.failed.freeze": ("problem:message",),
    "web.failed.answer": ("problem:message",),
    "web.failed.attendance": ("problem:message",),
    "web.failed.export": ("problem:message",),
    "web.not_a_date": ("what:label", "value"),
    "web.from_after_to": ("start:day", "end:day"),
    "web.people.keepers_only": ("role",),
    "web.people.keepers_only.guest": (),
    "web.people.unknown": (),
    "web.people.not_yours": ("name", "where:texts", "scope:texts"),
    "web.people.not_yours.no_scope": ("name", "where:texts"),
    "web.people.unknown_picker": (),
    "web.people.vacant_outside": ("position",),
    "web.people.departed": ("name", "since:date"),
    "web.people.outside": ("name", "regions:texts"),
    "web.people.outside.no_region": ("name",),
    "web.people.cannot_depart": ("name", "why:message"),
    "web.failed.depart": ("problem:message",),
    "web.people.cannot_transfer": ("why:message",),
    "web.people.not_holding": ("name",),
    "web.people.position_outside": ("position", "regions:texts"),
    "web.people.position_outside.no_region": ("position",),
    "web.self.no_person": (),
    "web.self.no_person.ask": (),
    "web.erase.confirm": (),
    "web.erase.reason": (),
    "web.no_professional": ("key",),
    "web.no_jeugdhulpregio": ("region",),
    "web.no_key": ("key",),
    "web.regio.not_kept_here": ("name", "region"),
    "web.regio.also_elsewhere": ("name", "regions:texts"),
    "web.regio.kept_elsewhere": ("name", "regions:texts"),
    "web.regio.kept_elsewhere.no_region": ("name",),
    "web.regio.coordinators_only": ("role",),
    "web.regio.coordinators_only.guest": (),
    "web.failed.successor": ("problem:message",),
    "web.upload.not_xlsx": (),
    "web.upload.too_large": ("mb:int",),
    "web.preview.expired": (),
    "web.preview.other": (),
    "web.preview.applied": (),
    "web.self.confirm_own": (),
    "web.self.correct_own": (),
    "web.failed.correction": ("problem:message",),
    "web.signin.not_configured": (),
    "web.update.left": (),
    "web.update.no_email": (),
    "web.update.meeting_gone": (),
    "web.update.not_invited": (),
    "web.update.pick_answer": (),
    "web.update.send_coordinator": (),
    "web.update.freeze_first": (),
    "web.failed.save": ("problem:message",),
    "web.failed.your_answer": ("problem:message",),
    "web.failed.send": ("problem:message",),
    "web.csrf": (),
    # -- progress steps of long CLI work (jbnet init / import / generate / export; api/cli.py renders them) --
    "progress.nodes": (),
    "progress.relationships": (),
    "progress.done": (),
    "progress.export.nodes": ("label",),
    "progress.export.relationships": ("rel",),
    "progress.export.rest": (),
    "progress.reference.regions": (),
    "progress.reference.organisations": (),
    "progress.reference.pairings": (),
    "progress.demo": (),
    "progress.checked": ("sheet",),
    "progress.read": ("path",),
    "progress.writing": (),
    "progress.generate.organisations": (),
    "progress.generate.professionals": (),
    "progress.generate.holders": (),
    "progress.generate.bodies": (),
    "progress.generate.cases": (),
    "progress.generate.written": ("path",),
    # -- page confirmations, picker and sign-in texts (api/web) --
    "web.pick.gone": ("what:label",),
    "web.pick.position": ("organisations:texts", "holders:texts"),
    "web.pick.position.vacant": ("organisations:texts",),
    "web.pick.organisation": ("org_type:org_type",),
    "web.pick.empty": ("what:label",),
    "web.pick.none": ("what:label", "text"),
    "web.pick.several": ("what:label", "text"),
    "web.bad_day": ("value",),
    "web.people.no_staff_here": ("organisation", "scope:texts"),
    "web.people.no_staff_here.no_scope": ("organisation",),
    "web.people.added": ("name", "organisation"),
    "web.people.scope": ("scope:texts",),
    "web.people.scope.none": (),
    "web.people.saved": ("name",),
    "web.people.unchanged": ("name",),
    "web.people.marked_departed": ("name", "since:date", "count:count"),
    "web.people.pick_other": (),
    "web.people.cannot_give": ("name", "why:message"),
    "web.people.cannot_give_position": ("name", "why:message"),
    "web.failed.transfer": ("problem:message",),
    "web.people.transferred": ("count:count", "name", "since:date", "to"),
    "web.people.took_over": ("name", "position", "previous"),
    "web.regio.pick_two": (),
    "web.regio.transferred": ("count:count", "name", "to"),
    "web.regio.filled": ("name", "position"),
    "web.regio.marked_departed": ("name", "count:count"),
    "web.regio.applied": ("file", "new:int", "changed:int", "ended:int", "count:count"),
    "web.regio.confirmed": (),
    "web.regio.report_resolved": ("report",),
    "web.meeting.frozen": (),
    "web.meeting.answer_saved": ("answer:label",),
    "web.meeting.attendance_saved": (),
    "web.meeting.invitations_sent": ("count:count", "version:int"),
    "web.meeting.invitations_resent": ("count:count", "version:int"),
    "web.meeting.invitations_failed": ("count:count",),
    "web.meeting.invitees_without_email": ("count:count",),
    "web.mail.in_outbox": ("folder",),
    "web.self.confirmed": (),
    "web.self.correction_queued": ("regions:texts",),
    "web.self.language_saved": ("language:label",),
    "web.self.language_same": ("language:label",),
    "web.update.link.invalid": (),
    "web.update.link.expired": (),
    "web.update.link.used": (),
    "web.update.field_problem": ("field:label", "problem"),
    "web.update.confirmed": (),
    "web.update.changed": ("fields:texts",),
    "web.update.nothing_changed": (),
    "web.update.other_queued": (),
    "web.update.left_thanks": (),
    "web.update.new_link_recent": (),
    "web.update.new_link_sent": (),
    "web.invite.link.expired": (),
    "web.invite.link.invalid": (),
    "web.invite.answer_saved": ("answer:label",),
    "web.requests.preview": ("count:count",),
    "web.requests.sent": ("count:count",),
    "web.requests.temporary": ("count:count",),
    "web.requests.permanent": ("count:count",),
    "web.requests.outbox": ("folder",),
    "web.signin.sent": (),
    "web.signin.link.expired": (),
    "web.signin.link.used": (),
    "web.signin.link.invalid": (),
    "web.signin.oidc.wrong_issuer": (),
    "web.signin.oidc.wrong_audience": (),
    "web.signin.oidc.expired": (),
    "web.signin.oidc.nonce": (),
    "web.signin.oidc.invalid_token": (),
    "web.signin.oidc.token_failed": (),
    "web.signin.oidc.discovery": (),
    "web.signin.oidc.provider_error": (),
    "web.signin.oidc.state": (),
    "web.signin.oidc.config": (),
    "web.signin.form_expired": (),
    "web.signin.form_expired.link": (),
    "web.signin.email_invalid": (),
    "web.signin.rate_limited": (),
    "web.signin.oidc.unverified": (),
    "web.signin.oidc.unknown": ("email",),
    "web.signin.token_unknown": (),
    # -- herindelingen (graph/queries/herindeling.py) ---------------------------------------------------
    "gemeente.nog_niet": ("gemeente", "name", "starts:date"),
    "gemeente.opgegaan_in": ("gemeente", "name", "per:date", "successor", "successor_name", "chain:texts"),
    # a division that jbnet regions apply refuses (row = line in the file) or notes
    "herindeling.unreadable": ("reason",),
    "herindeling.unknown_column": ("column", "known:texts"),
    "herindeling.missing_column": ("column",),
    "herindeling.bad_code": ("column", "value", "gemeente"),
    "herindeling.missing_value": ("column", "gemeente"),
    "herindeling.bad_date": ("value",),
    "herindeling.empty_file": (),
    "herindeling.date_before_changes": ("on:date", "latest:date"),
    "herindeling.two_regions": ("gemeente", "region_type:level", "regions:texts", "rows:texts"),
    "herindeling.duplicate_row": ("gemeente", "rows:texts"),
    "herindeling.region_kind": ("code", "label:level", "expected:level"),
    "herindeling.code_reused": ("gemeente", "ended:date"),
    "herindeling.voorganger_twice": ("voorganger", "gemeenten:texts"),
    "herindeling.unknown_voorganger": ("voorganger", "gemeente"),
    "herindeling.voorganger_not_current": ("voorganger", "gemeente"),
    "herindeling.voorganger_continues": ("voorganger", "gemeente", "voorganger_row:int"),
    "herindeling.no_successor": ("gemeente", "name", "jeugdhulpregio", "candidates:texts"),
    "herindeling.ambiguous_successor": ("gemeente", "name", "jeugdhulpregio", "candidates:texts"),
    "herindeling.several_subregios": ("gemeente", "name", "subregios:texts"),
    # -- more refusals of the query layer (contacts, search, freshness, turnover) ------------------------
    "query.unknown_org_type": ('value', 'known:texts'),
    "case.no_gemeente": ('case',),
    "query.gemeente_or_case": (),
    "query.gemeente_and_type_or_case": (),
    "query.invalid_cursor": ('cursor',),
    "search.empty": (),
    "search.too_long": ('max:int',),
    "query.first_out_of_range": ('max:int', 'value:int'),
    "search.unknown_kinds": ('kinds:texts', 'known:options'),
    "search.unknown_region": ('region',),
    "search.unknown_sort": ('sort', 'known:options'),
    "freshness.unknown_key": ('key',),
    "query.invalid_date": ('value',),
    # a value the GraphQL schema cannot read (api/graphql/inputs.py); input.variable names the variable
    "input.not_a_date": ("value",),
    "input.not_a_datetime": ("value",),
    "input.not_a_time": ("value",),
    "input.not_a_month": ("value",),
    "input.not_in_enum": ("value", "type", "allowed:options"),
    "input.variable": ("variable", "problem:message"),
    "input.field": ("field", "problem:message"),  # a value inside an input object or list
    "input.variable_field": ("variable", "field", "problem:message"),
    # a number argument outside its bounds (history's last, an update rhythm's months)
    "input.out_of_range": ("argument", "min:int", "max:int", "value:int"),
    # a connection's paging arguments (api/graphql/relay.py): first out of bounds, a cursor of an item gone
    "page.first_out_of_range": ("max:int", "value:int"),
    "page.cursor_gone": ("cursor",),
    "report.remark_empty": (),
    "report.remark_too_long": ('max:int',),
    "report.no_region": ('key',),
    "report.unknown": ('report', 'region'),
    "report.already_resolved": ('report', 'by'),
    # the remark of a report filed by an "Ik werk hier niet meer" answer (graph/queries/update_requests.py)
    "report.left.self": (),
    "report.left.self.remark": ("remark",),
    "report.left.contact": (),
    "report.left.contact.remark": ("remark",),
    "turnover.inactive": ('professional', 'since:date'),
    "turnover.unknown_action": ('action',),
    "turnover.rank": ('rank:int',),
    "turnover.already_holds": ('professional', 'position', 'priority:priority'),
    "turnover.same_professional": (),
    "turnover.nothing_to_reassign": ('professional', 'day:date'),
    "turnover.unknown_region": ('region',),
    # -- who is the counterpart and why (graph/queries/contacts.py) ------------------------------------
    "coverage.direct": ("gemeente",),
    "coverage.via_region": ("gemeente", "level:level", "region"),
    "coverage.fallback": ("gemeente", "region"),
    "escalation.own_side": ("step:int", "org_type:org_type"),
    "escalation.own_side.any": ("step:int",),  # own organisation type not given
    "escalation.counter_side": ("step:int", "org_type:org_type", "gemeente"),
    # what a counterpart answer amounts to (CounterpartAnswer.note)
    "counterparts.organisation_level": ("org_type:org_type", "gemeente", "organisations:texts"),
    "counterparts.nobody": ("org_type:org_type", "gemeente"),
    "counterparts.all_vacant": ("org_type:org_type", "gemeente"),
    "counterparts.one_organisation": ("n:count", "level:level"),
    "counterparts.organisations": ("n:count", "organisations:int"),
    "counterparts.no_fallback": ("note:message",),  # ... and the jeugdhulpregio has no regionale contactpersoon
    "lokaal_team.pair": (),
    "lokaal_team.only_one": (),
    "lokaal_team.none": (),
    # bouwsteen 6's steps (EscalationStep.title / started_by / when), its terms and who it is not for
    **{f"escalation.step.{n}.{part}": () for n in (1, 2, 3) for part in ("title", "by", "when")},
    "escalation.terms": ("clarity_301:int", "clarity_315:int", "ret:int", "final:int"),
    "escalation.not_for_lt": (),
    # the region's aanmeldroute (RegionServices.aanmeldroute_text) and why a body is the answer
    "aanmeldroute.chosen": ("route", "region"),
    "aanmeldroute.chosen.source": ("route", "region", "source"),
    "aanmeldroute.demo": ("route", "region"),
    "aanmeldroute.inferred": ("route", "region"),
    "aanmeldroute.unknown": (),
    "body.covers": ("gemeente", "level:level", "region"),
    "body.tafel_of": ("region",),
    "tafel.shares_veiligheidsregio": ("regions:texts",),
    "tafel.nearest": (),
    # contactbeheer (graph/queries/freshness.py)
    "contactbeheer.no_party": (),
    "stale.never_confirmed": (),
    "stale.older_than": ("last_verified:date", "months:count"),
    # -- meetings (graph/queries/meetings.py) -----------------------------------------------------------
    "meeting.not_a_date": ("what:field", "value"),
    "meeting.not_a_time": ("what:field", "value"),
    "meeting.end_not_after_start": ("start", "end"),
    # -- update requests by e-mail (graph/queries/update_requests.py) ------------------------------------
    "update.interval_negative": ("days:int",),
    "update.invite_list_not_frozen": ("meeting:message",),
    "update.professional_inactive": ("professional",),
    "update.professional_unknown": ("professional",),
    "update.remark_bsn": (),
    "update.remark_too_long": ("max:int",),
    # -- invite coverage matrix (graph/queries/invites.py) ---------------------------------------------
    "invite.gap.nobody": (),  # a cell of the matrix (which names the gemeente and type)
    "invite.gap.short": ("found:int", "required:int"),
    "invite.gap.vacant": ("since:date", "positions:texts"),
    "invite.gap.vacant_at": ("since:date", "positions:texts", "organisation"),
    "invite.gap.fallback_only": ("gap:message",),
    "invite.note.no_contact": ("gemeente", "org_type:org_type"),
    "invite.note.short": ("gemeente", "found:int", "required:int", "org_type:org_type"),
    "invite.note.stands_in": ("gemeente", "org_type:org_type", "priority:priority"),
    "invite.note.type": ("gemeente", "org_type:org_type"),
    "invite.note.vacancies": ("note:message", "vacancies:messages"),
    # why someone is on an invite list besides a contact's coverage reason
    "invite.reason.chair": ("body",),
    "invite.reason.stands_in": ("name", "max_hours:int"),
    "invite.reason.added": (),
    # -- case deadlines (graph/queries/cases.py, graph/werkdagen.py) ------------------------------------
    "case.no_route": ("case", "route"),
    "case.no_opened": ("case",),
    "case.basis.werkdagen": ("n:count", "start:day", "due:day"),
    "case.basis.werkdagen_skipped": ("n:count", "start:day", "due:day", "skipped:message_list"),
    "case.basis.holiday": ("name", "day:date"),
    "case.basis.weeks": ("n:count", "after:case_after", "start:day"),
    "case.basis.after": ("basis:message", "after:case_after"),  # a werkdagen term not counted from the opening
    "case.basis.rolled": ("basis:message", "rolled_from:day", "due:day", "passed:texts"),
    "case.party.people": ("names",),  # "A / B": either of them
    "case.party.jeugdbeschermer": (),
    "case.party.lt": ("names",),
    "case.party.lt.nobody": (),
    "case.party.regionale_contactpersoon": (),
    "case.party.and_zorgaanbieder": ("party:message",),
    "case.party.and_preferred_zorgaanbieder": ("party:message",),
    "case.party.zorgaanbieder_and": ("party:message",),
    "case.party.or_zorgaanbieder": ("party:message",),
    "case.party.via_backoffice": ("party:message",),
    "case.party.via_gi_teamleider": ("party:message",),
    "case.party.zorgaanbieder": (),
    "case.party.zorgaanbieder_then_backoffice": (),
    "case.party.backoffice_then_zorgaanbieder": (),
    "case.party.backoffice": (),
    "case.party.provider_network": (),
    "case.party.application_form": (),
    "case.party.ret": (),
    **{f"case.action.{route}.{step}": () for route, steps in (("301", ("1", "2", "3", "4", "2-4", "5A", "5B", "6")),
                                                               ("315", ("1", "2", "3", "4", "2-3", "5A", "5B", "6")))
       for step in steps},
    # -- governance findings (graph/queries/governance.py: ``Finding.message``; the subject's name is shown apart)
    "finding.toekomsttuin.minimum_staffing": ("missing:org_types",),
    "finding.toekomsttuin.teamleider": (),
    "finding.toekomsttuin.gedragswetenschapper": (),
    "finding.toekomsttuin.governance_levels": ("missing:texts",),
    "finding.toekomsttuin.stuurgroep_scale": ("covers:levels", "expected:level"),
    "finding.toekomsttuin.projectgroep_scale": ("covers:levels", "expected:level"),
    "finding.tafel.voorzitter": (),
    "finding.tafel.rvdk": (),
    "finding.tafel.gi_jeugdbeschermer": (),
    "finding.tafel.voorzitter_independent": ("voorzitter", "org_types:org_types"),
    "finding.coverage.no_toekomsttuin": (),
    "finding.coverage.no_tafel": (),
    "finding.coverage.vacancy": ("organisation", "org_type:org_type", "since:date", "positions:texts",
                                 "stand_in:message"),
    "finding.stand_in.fallback": (),
    "finding.stand_in.other": (),
    "finding.stand_in.nobody": (),
    # how two governance trees differ (graph/queries/governance.py: GovernanceCompare.differences)
    "compare.only_one_has": ("has", "kind", "lacks"),
    "compare.roles_only_in": ("kind", "tree", "roles:roles"),
    "compare.lokaal_team_only_in": ("kind", "tree"),
    "compare.levels": ("left", "left_count:int", "left_levels:texts", "right", "right_count:int", "right_levels:texts"),
    # -- network maps (graph/queries/network_map.py; the maps' UI texts are map.* entries of the catalogue) ----
    "map.title.network": ("name",),
    "map.title.governance": ("name",),
    "map.title.ego": ("name", "depth:int"),
    "map.title.diff": ("start:date", "end:date", "name"),
    "map.detail.local_name": ("value",),
    "map.detail.phase": ("value",),
    "map.detail.note": ("value",),
    "map.detail.members": ("members:texts",),
    "map.as_of": ("date:date",),
    # -- workbook import rows (loaders/workbook_checks.py, loaders/rows.py) -----------------------------
    "import.row.required": (),
    "import.row.column_missing": (),
    "import.row.column_twice": (),
    "import.row.column_not_allowed": ("allowed:texts",),
    "import.row.email_invalid": ("value",),
    "import.row.phone_invalid": ("value",),
    "import.row.date_invalid": ("value",),
    "import.row.yes_no_invalid": ("value",),
    "import.row.role_invalid": ("value",),
    "import.row.key_invalid": ("value", "prefix"),
    "import.row.step_missing": (),  # escaleert_naar filled, escalatiestap empty
    "import.row.target_missing": (),  # escalatiestap filled, escaleert_naar empty
    "import.row.subregio_key_region": ("value", "prefix"),
    "import.row.case_team_invalid": ("value",),
    "import.row.choice_invalid": ("value", "allowed:options"),
    "import.row.form_invalid": ("value", "form"),
    "import.row.duplicate_key": ("key", "sheet:message", "row:int"),
    "import.row.valid_to_before_from": ("valid_to", "valid_from"),
    "import.row.number_invalid": ("value",),
    "import.row.number_too_small": ("value", "min"),
    "import.row.number_too_large": ("value", "max"),
    "import.row.too_long": ("max:int",),
    "import.row.invalid": ("detail",),
    # cross-row checks (loaders/workbook_checks.py); kind: the ``kind.*`` word, level: the ``level.*`` word
    "import.row.unknown_key": ("key", "kind:kind"),
    "import.row.wrong_kind": ("key", "kind:kind", "expected:kind"),
    "import.row.key_in_store": ("key", "kind:kind"),
    "import.row.region_wrong_level": ("value", "level:level", "expected:level"),
    "import.row.region_unknown": ("value", "level:level"),  # the prefix fits, no such code is known
    "import.row.region_unknown.suggest": ("value", "level:level", "suggestion"),
    "import.row.region_not_level": ("value", "level:level"),
    "import.row.region_not_level.suggest": ("value", "level:level", "suggestion"),
    "import.row.region_invalid": ("value",),  # no region code at all
    "import.row.region_invalid.suggest": ("value", "suggestion"),
    "import.row.self_reference": ("value",),
    "import.row.duplicate_edge": ("src", "dst", "sheet:message", "row"),  # row: a number as Excel shows it
    "import.row.formula": ("value",),
    "import.row.gemeente_other_jeugdhulpregio": ("gemeente", "name", "jeugdhulpregio", "expected"),
    "import.row.gemeente_two_subregios": ("gemeente", "subregio", "row"),
    "import.row.phone_typed_as_number": ("value",),  # loaders/workbook_reader.py
    # the workbook as a whole (loaders/workbook.py)
    "import.no_sheets": ("sheets:texts",),
    "import.no_reference": (),
    # what the import warns about and writes anyway (loaders/workbook_reader.py, workbook_checks.py)
    "import.warning.not_utf8": ("file",),
    "import.warning.phone_restored": ("sheet:message", "count:count", "rows:texts"),
    "import.warning.phone_restored.more": ("sheet:message", "count:count", "rows:texts", "more:int"),
    "import.warning.columns_ignored": ("sheet:message", "count:count", "columns:texts"),
    "import.warning.not_imported": ("what:message",),  # an unknown sheet or file
    # the report (loaders/workbook.py ImportReport.format, RowError.text); reason: the row's problem
    "import.report.ok": ("rows:int", "nodes:int", "edges:int"),
    "import.report.refused": ("count:count",),
    "import.report.more": ("count:count",),
    # sheet: a file name as is, or a workbook's sheet as import.sheet ("blad professionals")
    "import.sheet": ("name",),
    "import.report.at_file": ("sheet:message", "reason:message"),
    "import.report.at_row": ("sheet:message", "row", "reason:message"),
    "import.report.at_cell": ("sheet:message", "row", "column", "reason:message"),
    "import.unreadable": ("name",),  # the uploaded file is no .xlsx workbook at all
    "import.not_found": ("path",),  # jbnet import: nothing at that path
    "import.not_a_workbook": ("path",),  # neither a folder of CSV files nor an .xlsx file
    "import.cannot_open": ("path", "reason"),  # the OS refused (reason: its strerror, e.g. "Permission denied")
    # -- refusals of the governance queries (analytics, governance, history_diff, network_map, audit)
    "query.unknown_org_types": ("values:texts", "known:texts"),
    "query.minimum": ("name", "min:int"),
    "query.out_of_range": ("name", "low:int", "high:int", "value:int"),
    "query.from_after_to": ("start:date", "end:date"),
    "map.unknown_kinds": ("kinds:texts", "known:options"),
    # -- what a meeting is called when no name was given (graph/queries/meeting_facts.py: meeting_title)
    "meeting.title.named": ("name",),
    "meeting.title.samenwerkingsbijeenkomst": ("region", "date:day"),
    "meeting.title.themabijeenkomst": ("region", "date:day"),
    "meeting.title.lokale_leergroep": ("region", "date:day"),
    "meeting.title.jbt_evaluatie": ("region", "date:day"),
    "meeting.title.jbt_voorzitters": ("region", "date:day"),
    "meeting.title.ret_voorzitters": ("region", "date:day"),
    "meeting.title.overig": ("region", "date:day"),
    "meeting.region_needed": (),
    "export.ics.online": (),
    "export.ics.programme": ("elements:texts",),
    # -- refusals of meetings and invite lists (graph/queries/meetings.py, invites.py, meeting_facts.py, exports.py)
    "invite.rules.unknown_org_type": ("region", "value"),
    "invite.rules.count_out_of_range": ("org_type:org_type", "count:int"),
    "invite.rules.travel_exceeds_meeting": (),
    "invite.region_without_gemeenten": ("region", "day:date"),
    "invite.meeting_without_region": ("meeting",),
    "invite.chairs_kind": ("kind",),
    "invite.already_frozen": ("meeting", "frozen_on:date"),
    "invite.meeting_cancelled": ("meeting",),
    "invite.not_on_list": ("professional", "meeting"),
    "invite.inactive": ("professional",),
    "invite.not_frozen": ("meeting",),
    "invite.not_frozen.freeze_first": ("meeting",),
    "invite.not_invited": ("professional", "meeting"),
    "invite.unknown_rsvp": ("status", "known:options"),
    "invite.hours_out_of_range": ("hours",),
    "meeting.unknown_kind": ("kind", "known:options"),
    "meeting.needs_region": ("kind",),
    "meeting.key_prefix": ("key",),
    "meeting.exists": ("key",),
    "meeting.no_initiative": ("initiative",),
    "meeting.own_initiative": (),
    "meeting.unknown_programme": ("elements:texts", "known:options"),
    "meeting.co_designer_not_invited": ("professional", "meeting"),
    "meeting.no_subregio_for_leergroep": ("meeting",),
    "meeting.not_a_region": ("region", "label:level"),
    "subregio.no_gemeenten": (),
    "subregio.gemeente_outside": ("gemeente", "name", "jeugdhulpregio"),
    "subregio.needs_name": (),
    "subregio.not_a_subregio": ("key", "label:level"),
    "subregio.other_jeugdhulpregio": ("key", "actual", "wanted"),
    "subregio.unknown": ("key",),
    "subregio.unchanged": ("key", "day:date"),
    "export.no_organiser_email": ("meeting",),
    # the attendee list's and the contact list's headings and coded cells (graph/queries/exports.py)
    **{f"export.column.{key}": () for key in (
        "name", "function", "organisation", "represents", "role", "email", "phone", "hours", "status", "attended",
        "gemeente", "org_type", "position", "last_verified")},
    **{f"export.status.{s}": () for s in ("invited", "accepted", "declined", "tentative", "not_sent")},
    **{f"export.role.{r}": () for r in ("primary", "backup", "fallback", "chair", "manual", "missing",
                                        "vacant_unknown")},
    "export.role.vacant": ("since:date",),
    "export.attended.yes": (),
    "export.attended.no": (),
    "export.org_type": ("org_type:org_type",),
    "export.sheet.attendees": (),
    "export.sheet.per_gemeente": (),
    "export.sheet.per_organisation": (),
    "export.vcard.represents": ("gemeenten",),
    "export.unknown_format": ("format", "known:options"),
    "export.number": ("value:decimal",),  # a number cell of a CSV export (graph/queries/exports.py: _number)
    # -- refusals of access grants, the audit trail and people edits (graph/queries/access.py, audit.py, people.py)
    "access.unknown_role": ("role", "known:options"),
    "access.scope_needed": ("role",),
    "access.no_scope": ("role",),
    "access.no_grant": ("professional", "grant"),
    # the API's refusals of a request (api/graphql/permissions.py, api/auth.py, api/exports.py, api/maps.py);
    # roles are the token roles (professional, coordinator, governance, admin) as written on the command line
    "access.sign_in": (),
    "access.sign_in.contacts": (),
    "access.sign_in.write": (),
    "access.sign_in.export": (),
    "access.bad_header": (),
    "access.bad_token": (),
    "access.needs_role": ("roles:options",),
    "access.coordinator_elsewhere": ("scope", "region"),
    "access.role_cannot_write": ("role", "region"),
    # a write outside the principal's jeugdhulpregio's (regions: those of the thing that keep it)
    "access.coordinator_cannot_change": ("scope:texts", "what", "regions:texts"),
    "access.token_cannot_change": ("role", "what", "regions:texts"),
    "access.cannot_change_unregioned": ("what",),
    "access.history": ("key", "regions:texts"),
    "access.history.no_region": ("key",),
    # meetings and their invitations (api/graphql/meetings.py, mail.py); region: the meeting's jeugdhulpregio
    "access.meetings.province": ("action:action",),
    "access.meetings.coordinator": ("action:action", "scope", "region"),
    "access.meetings.role": ("action:action", "role", "region"),
    "access.meeting.view": ("meeting", "region"),
    "access.meeting.view.province": ("meeting",),
    "access.invitations": ("meeting", "region"),
    "access.invitations.province": ("meeting",),
    "access.attendance_history": (),
    "access.meeting.answer": (),
    # the web pages' refusals (api/web/session.py); what: the page's area (access.area.*)
    "access.page.roles": ("what:message", "roles:options", "role"),
    "access.page.roles.guest": ("what:message", "roles:options"),
    "access.page.coordinator": ("scope", "region"),
    "access.page.region": ("region", "role"),
    "access.page.region.guest": ("region",),
    "access.area.audit": (),
    "access.area.audit_download": (),
    "access.area.network": (),
    "access.area.privacy": (),
    "access.area.privacy_view": (),
    "access.area.privacy_erase": (),
    "access.export_meeting": ("region", "meeting"),
    "access.export_meeting.province": ("meeting",),
    "access.export_contacts": ("region",),
    "access.maps_governance": (),
    "export.no_jeugdhulpregio": ("region",),
    "audit.unknown_method": ("method", "known:options"),
    "audit.not_a_date": ("what", "value"),
    "audit.unknown_format": ("format",),
    "person.unknown": ("professional",),
    "person.no_own_entry": (),  # the signed-in key belongs to no person in the directory
    "person.inactive": ("professional", "since"),
    "person.invalid": ("fields:texts",),
    # -- how a region service contact was found (graph/queries/network.py, freshness.py, update_requests.py)
    "service.found.position": ("gemeente", "level:level"),
    "service.found.own_gemeente": ("role:role", "gemeente"),
    "service.found.centrale": ("role:role", "gemeenten:texts"),
    "service.found.region": ("role:role", "region"),
    "service.found.none": ("role:role", "gemeente"),
    "contact.reason.coordinator": (),
    "contact.reason.serves_region": (),
    "contact.reason.holder": (),
    # -- what a change-log entry did (graph/queries/history.py: HistoryEntry.summary)
    "history.created": ("kind", "key"),
    "history.changed": ("fields:texts",),
    "history.linked": ("src", "rel:rel_type", "dst"),
    "history.link_changed": ("src", "rel:rel_type", "dst"),
    "history.link_ended": ("src", "rel:rel_type", "dst", "on:date"),
    "history.other": ("op",),
    # -- child identifiers refused at the store (graph/privacy.py); where = label / kind written --------
    "privacy.bsn": ("field", "rule", "where"),
    "privacy.birth_date": ("field", "rule", "where"),
    "privacy.date": ("field", "rule", "where"),
    "privacy.address": ("field", "rule", "where"),
    "privacy.postcode": ("field", "rule", "where"),
    "privacy.name": ("field", "rule", "where"),
    # the rule's reason alone, where the field is named apart (an import row's column)
    **{f"privacy.reason.{rule}": () for rule in ("bsn", "birth_date", "date", "address", "postcode", "name")},
    "privacy.case_ref_invalid": ("value", "alphabet"),
    # why a professional was erased when no one wrote a reason (graph/queries/erasure.py, retention.py)
    "erasure.no_reason": (),
    "erasure.retention": ("since:date",),  # the retention period ran out; the coordinator was told
}

# Names of the data model's codes. Each is a catalogue entry without parameters.
VOCABULARY: frozenset[str] = frozenset(
    [f"org_type.{t.value}" for t in OrgType]
    + [f"level.{lbl.value}" for lbl in (Label.GEMEENTE, Label.SUBREGIO, Label.JEUGDHULPREGIO,
                                        Label.VEILIGHEIDSREGIO, Label.PROVINCIE)]
    + [f"priority.{p.value}" for p in Priority]
    + [f"rel_type.{r.value}" for r in RelType]
    + [f"role.{r}" for r in POSITION_ROLES]  # a position's role (graph.schema.POSITION_ROLES)
    + [f"kind.{k}" for k in (
        "gemeente", "provincie", "jeugdhulpregio", "veiligheidsregio", "subregio", "organisation", "professional",
        "position", "body", "meeting", "case", "node", "region_or_body", "professional_or_organisation",
        "subregio_or_jeugdhulpregio")]
    + [f"field.{f}" for f in ("date", "start", "end")]
    + [f"language.{code}" for code in LANGUAGES]  # each language by its own name (the person form's choice)
    + [f"case_after.{a}" for a in ("opened", "step_1", "step_3", "clarity", "ret")]
    + [f"action.{a}" for a in ACTIONS]
    # the network maps' node kinds (in tooltips and the legend) and change statuses (graph/queries/network_map.py)
    + [f"map.{part}.{k}" for part in ("kind", "legend") for k in (
        "gemeente", "region", "organisation", "body", "professional", "position", "meeting", "other")]
    + [f"map.status.{s}" for s in ("added", "ended", "changed")]
    # body kinds as the maps' legend, filters and band headings name them (graph.schema.BODY_KINDS)
    + [f"body_kind.{k}" for k in BODY_KINDS]
)

_SPECS: dict[str, dict[str, str]] = {
    code: dict([*p.split(":", 1), "text"][:2] for p in params) for code, params in MESSAGES.items()
}
for _code, _spec in _SPECS.items():
    assert set(_spec.values()) <= KINDS, f"{_code}: unknown parameter kind in {_spec}"


def spec_of(code: str) -> dict[str, str]:
    """The declared parameters of ``code``: name -> kind."""
    return _SPECS[code]


Param = str | int | float | dt.date | tuple[Any, ...] | None


@dataclass(frozen=True, slots=True)
class Message:
    """A code from ``MESSAGES`` and its parameters (sorted name/value pairs, so it is hashable)."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def __str__(self) -> str:
        # For logs and tracebacks only; people see ``api.i18n.render(message, locale)``.
        inner = ", ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.code}({inner})" if inner else self.code


def msg(code: str, **params: Any) -> Message:
    """A ``Message``; a code not in ``MESSAGES`` or parameters other than the declared ones fail at once."""
    spec = _SPECS.get(code)
    if spec is None:
        raise KeyError(f"message code {code!r} is not in graph/messages.py MESSAGES")
    if params.keys() != spec.keys():
        raise TypeError(f"message {code}: parameters {sorted(params)} but declared {sorted(spec)}")
    return Message(code, tuple(sorted((k, _frozen(v)) for k, v in params.items())))


def msg_by_code(scope: str, code: str, *, fallback: str) -> Message:
    """The parameterless text ``scope.code`` that words an error code (e.g. ``web.signin`` + ``link.expired``), or
    ``scope.fallback`` for a code the scope has no text for (a newer error code than the page knows)."""
    full = f"{scope}.{code}"
    return msg(full if full in _SPECS else f"{scope}.{fallback}")


def _frozen(value: Any) -> Any:
    if isinstance(value, list | set | frozenset):
        return tuple(value) if isinstance(value, list) else tuple(sorted(value))
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return value


def message_data(message: Message) -> dict[str, Any]:
    """``message`` as JSON data (stored snapshots): ``{"code": ..., "params": {name: value}}``, nested messages
    alike, dates as ISO text."""
    return {"code": message.code, "params": {k: _data(v) for k, v in message.params}}


def _data(value: Any) -> Any:
    if isinstance(value, Message):
        return message_data(value)
    if isinstance(value, tuple | list):
        return [_data(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def message_from_data(data: Mapping[str, Any]) -> Message:
    """The ``Message`` of ``message_data`` output; also reads ``dataclasses.asdict`` output (params as pairs)."""
    raw = data["params"]
    params = dict(raw) if not isinstance(raw, Mapping) else raw
    spec = spec_of(str(data["code"]))

    def value(kind: str, v: Any) -> Any:
        if kind == "message" and isinstance(v, Mapping):
            return message_from_data(v)
        if isinstance(v, list | tuple):
            return tuple(message_from_data(x) if isinstance(x, Mapping) else x for x in v)
        return v

    return Message(str(data["code"]), tuple(sorted((k, value(spec.get(k, "text"), v)) for k, v in params.items())))


class MessageError(ValueError):
    """An expected failure of the domain, described by ``message``; interfaces render it for the user."""

    def __init__(self, message: Message) -> None:
        if not isinstance(message, Message):  # a sentence is never a domain error's text: give a code
            raise TypeError(f"MessageError takes a Message (graph/messages.py), not {type(message).__name__}")
        self.message = message
        super().__init__(str(message))
