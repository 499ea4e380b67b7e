"""Reminders by e-mail: one mail per person listing every activity they are responsible for that
still lacks a status in the rounds reminded of, with a link to each, in Swedish (plain text and
HTML).

A controller sends them from "who has not reported" (to everyone or to the people chosen);
`vplan remind` sends those due on a round's reminder days (`FollowUpRound.reminder_days`, days
before the reporting deadline) and `vplan remind --all-open` reminds now everyone missing a
status in any open round. Nobody gets a second reminder for the same round within 24 hours,
whoever sends it, so running any of them twice sends nothing new. Every mail sent is a
`Reminder` row per round (who, address, how many activities, when, by whom, how).
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, Reminder
from vplan.followups.progress import missing_person_rows
from vplan.plans.responsible_people import person_label

# Nobody is reminded twice about the same round within this time.
REMINDER_INTERVAL = datetime.timedelta(hours=24)
# The most reminder days a round may have, and the furthest before the deadline.
MAX_REMINDER_DAYS = 10
MAX_DAYS_BEFORE = 90
# The PostgreSQL advisory lock that keeps reminder runs one at a time.
REMINDER_LOCK = 1802


class NoBaseUrl(Exception):
    """Mails need the address Vplan is reached at (VPLAN_BASE_URL) for their links."""


@dataclass
class RoundActivities:
    round: FollowUpRound
    activities: list


@dataclass
class PersonReminder:
    """What one person is reminded of: their activities without a status, round by round."""

    person: object
    rounds: list[RoundActivities] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(entry.activities) for entry in self.rounds)


@dataclass
class ReminderOutcome:
    sent: list[PersonReminder] = field(default_factory=list)
    recently_reminded: list = field(default_factory=list)  # people reminded < 24 h ago
    without_address: list = field(default_factory=list)  # people with no e-mail address

    def summary(self) -> str:
        return _(
            "%(sent)d reminders sent; %(recent)d people were reminded less than 24 hours ago; "
            "%(missing)d have no e-mail address."
        ) % {
            "sent": len(self.sent),
            "recent": len(self.recently_reminded),
            "missing": len(self.without_address),
        }


def check_reminder_days(days: Iterable) -> list[int]:
    """Reminder days as a round keeps them: whole days before the deadline, largest first."""
    try:
        found = sorted({int(day) for day in days}, reverse=True)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            {"reminder_days": _("Give whole numbers of days, e.g. 7, 2.")}
        ) from error
    if len(found) > MAX_REMINDER_DAYS or any(not 0 <= day <= MAX_DAYS_BEFORE for day in found):
        raise ValidationError(
            {
                "reminder_days": _(
                    "At most %(count)d reminder days, each 0 to %(days)d days before the deadline."
                )
                % {"count": MAX_REMINDER_DAYS, "days": MAX_DAYS_BEFORE}
            }
        )
    return found


def parse_reminder_days(text: str) -> list[int]:
    """'7, 2' (as typed on the page) -> [7, 2]; empty -> []."""
    parts = [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
    return check_reminder_days(parts)


def set_reminder_days(*, round: FollowUpRound, days: Iterable, by) -> list[int]:
    """Change a round's reminder days, recorded."""
    new = check_reminder_days(days)
    old = list(round.reminder_days or [])
    if new != old:
        with transaction.atomic():
            round.reminder_days = new
            round.save(update_fields=["reminder_days"])
            record_change(
                obj=round,
                by=by,
                action=ChangeRecord.Action.CHANGED,
                changes={"reminder_days": (old, new)},
            )
    return new


def rounds_due(today: datetime.date) -> list[FollowUpRound]:
    """The open rounds with a reminder day today (deadline minus one of its reminder days)."""
    rounds = FollowUpRound.objects.filter(
        state=FollowUpRound.State.OPEN, reporting_deadline__isnull=False
    ).select_related("plan")
    return [
        round
        for round in rounds
        if (round.reporting_deadline - today).days in set(round.reminder_days or [])
    ]


def open_rounds() -> list[FollowUpRound]:
    return list(
        FollowUpRound.objects.filter(state=FollowUpRound.State.OPEN)
        .select_related("plan")
        .order_by("plan_id", "as_of", "id")
    )


def who_to_remind(
    rounds: Sequence[FollowUpRound], person_ids: Iterable[int] | None = None
) -> list[PersonReminder]:
    """Per responsible person, their activities without a status in each of the rounds."""
    wanted = None if person_ids is None else set(person_ids)
    people: dict[int, PersonReminder] = {}
    for round in rounds:
        for person, activity in missing_person_rows(round=round):
            if person is None or not person.is_active:
                continue
            if wanted is not None and person.pk not in wanted:
                continue
            entry = people.setdefault(person.pk, PersonReminder(person=person))
            if not entry.rounds or entry.rounds[-1].round.pk != round.pk:
                entry.rounds.append(RoundActivities(round=round, activities=[]))
            entry.rounds[-1].activities.append(activity)
    return list(people.values())


def _lock_reminders() -> None:
    """One reminder run at a time (two at once would both see nobody reminded yet)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDER_LOCK])


def send_reminders(
    *,
    rounds: Sequence[FollowUpRound],
    base_url: str,
    kind: str,
    by=None,
    person_ids: Iterable[int] | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> ReminderOutcome:
    """Remind each responsible person of their activities without a status in `rounds`: one
    mail each, leaving out the rounds they were reminded of less than 24 hours ago. `by`: the
    controller who sends them (None: Vplan, on a reminder day or from the command line).
    `progress(done, total)` is called after each person."""
    base_url = (base_url or settings.VPLAN_BASE_URL).rstrip("/")
    if not base_url:
        raise NoBaseUrl(
            _("Set VPLAN_BASE_URL (e.g. https://vplan.kommun.se): the mails link to Vplan.")
        )
    now = now or timezone.now()
    outcome = ReminderOutcome()
    with transaction.atomic():
        _lock_reminders()
        recent = set(
            Reminder.objects.filter(
                round__in=[round.pk for round in rounds], sent_at__gt=now - REMINDER_INTERVAL
            ).values_list("person_id", "round_id")
        )
        mail = get_connection()
        everyone = who_to_remind(rounds, person_ids)
        for done, reminder in enumerate(everyone, start=1):
            if progress:
                progress(done, len(everyone))
            person = reminder.person
            reminder.rounds = [
                entry for entry in reminder.rounds if (person.pk, entry.round.pk) not in recent
            ]
            if not reminder.rounds:
                outcome.recently_reminded.append(person)
                continue
            if not person.email:
                outcome.without_address.append(person)
                continue
            _message(reminder, base_url=base_url, connection=mail).send()
            Reminder.objects.bulk_create(
                Reminder(
                    round=entry.round,
                    person=person,
                    address=person.email,
                    activity_count=len(entry.activities),
                    kind=kind,
                    sent_by=by if getattr(by, "is_authenticated", False) else None,
                    sent_at=now,
                )
                for entry in reminder.rounds
            )
            outcome.sent.append(reminder)
    return outcome


def _message(reminder: PersonReminder, *, base_url: str, connection) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": person_label(reminder.person),
            "count": reminder.count,
            "rounds": [
                {
                    "round": entry.round,
                    "plan": entry.round.plan,
                    "url": base_url + reverse("followups:round", args=[entry.round.pk]),
                    "activities": [
                        {
                            "text": activity.text,
                            "url": base_url
                            + reverse("followups:round", args=[entry.round.pk])
                            + f"?activity={activity.pk}#activity-{activity.pk}",
                        }
                        for activity in entry.activities
                    ],
                }
                for entry in reminder.rounds
            ],
        }
        subject = ngettext(
            "Reminder: %(count)d activity lacks a status in Vplan",
            "Reminder: %(count)d activities lack a status in Vplan",
            reminder.count,
        ) % {"count": reminder.count}
        text = render_to_string("followups/mail/reminder.txt", context)
        html = render_to_string("followups/mail/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[reminder.person.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message
