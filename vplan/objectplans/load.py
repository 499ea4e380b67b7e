"""Load a parsed object plan into the database: all or nothing, and idempotent.

The object is found by its short name and the plan by object and year. Loading the same
document again changes nothing; loading a changed one updates what changed, adds what is new and
soft-deletes what is gone, each change recorded with who made it. Rows are matched by their
natural keys: versions by number, governing documents by number, goal areas by unit, goals by
number, activities by unit and text, budget lines by board, kind, system and description.
Approvals made in Vplan are kept when the document has no date for that version.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from vplan.audit.models import ChangeRecord, SoftDeletable
from vplan.audit.trail import record_change, soft_delete, update_with_trail
from vplan.objectplans.models import (
    AllocationKey,
    AllocationShare,
    BudgetLine,
    FollowUpItem,
    GoalArea,
    GoverningDocument,
    ITObject,
    LongTermGoal,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
    ObjectRole,
    SharedBudgetPost,
    state_for_version_number,
)
from vplan.objectplans.parsed import ParsedObjectPlan
from vplan.organisation.models import Administration, Board, canonical_board_code
from vplan.plans.models import Activity


class ObjectPlanLoadError(ValueError):
    """The parsed plan cannot be loaded; the message says why."""


@dataclass
class LoadResult:
    object_plan: ObjectPlan
    created: int = 0
    changed: int = 0
    deleted: int = 0
    linked: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.changed or self.deleted)


def load_parsed_object_plan(
    *, parsed: ParsedObjectPlan, by, administration: Administration | None = None
) -> LoadResult:
    """Create or update the object plan described by `parsed`. Raises ObjectPlanLoadError."""
    with transaction.atomic():
        loader = _Loader(parsed=parsed, by=by)
        try:
            return loader.load(administration)
        except ValidationError as error:
            raise ObjectPlanLoadError(_validation_message(error)) from error


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Loader:
    def __init__(self, *, parsed: ParsedObjectPlan, by):
        self.parsed = parsed
        self.by = by
        self.result: LoadResult | None = None
        self.boards: dict[str, Board] = {}

    # Bookkeeping shared by every kind of row.
    def create(self, model: type[models.Model], **fields) -> models.Model:
        obj = model(**fields)
        obj.full_clean()
        obj.save()
        record_change(obj=obj, by=self.by, action=ChangeRecord.Action.CREATED)
        self.result.created += 1
        return obj

    def update(self, obj: models.Model, **fields) -> None:
        if update_with_trail(obj=obj, by=self.by, **fields):
            self.result.changed += 1

    def sync(
        self,
        *,
        existing: Iterable[models.Model],
        wanted: list,
        row_key: Callable,
        wanted_key: Callable,
        create: Callable,
        update: Callable,
        keep_unmatched: bool = False,
    ) -> list[models.Model]:
        """Match rows to wanted items by key (in order, duplicates allowed); create the missing,
        update the matched, soft-delete the rows nothing matched. Returns rows in wanted order."""
        available: dict = defaultdict(list)
        for row in existing:
            available[row_key(row)].append(row)
        rows = []
        for order, item in enumerate(wanted):
            matches = available.get(wanted_key(item))
            if matches:
                row = matches.pop(0)
                update(row, item, order)
            else:
                row = create(item, order)
            rows.append(row)
        if not keep_unmatched:
            for leftovers in available.values():
                for row in leftovers:
                    if isinstance(row, SoftDeletable):
                        soft_delete(obj=row, by=self.by)
                        self.result.deleted += 1
        return rows

    # The plan.
    def load(self, administration: Administration | None) -> LoadResult:
        parsed = self.parsed
        it_object = self.it_object(administration)
        plan = (
            ObjectPlan.objects.filter(it_object=it_object, year=parsed.year).first()
            if it_object.pk
            else None
        )
        fields = {
            "title": parsed.title,
            "period_start": parsed.period_start,
            "period_end": parsed.period_end,
            "purpose": parsed.purpose,
            "background": parsed.background,
            "follow_up_reasons": parsed.follow_up_reasons,
            "direction": parsed.direction,
            "maintenance_definition": parsed.kind_definitions.get("VM", ""),
            "development_definition": parsed.kind_definitions.get("VU", ""),
            "previous_year_forecast": parsed.previous_year_forecast,
            "forecast_difference_explanation": "\n".join(parsed.forecast_explanation),
            "financing_principles": "\n".join(parsed.financing_principles),
            "source": parsed.source[:300],
        }
        if plan is None:
            self.result = LoadResult(object_plan=None)
            if it_object.pk is None:
                it_object = self.create(
                    ITObject,
                    name=parsed.object,
                    short_name=parsed.object_short,
                    administration=it_object.administration,
                )
            plan = self.create(ObjectPlan, it_object=it_object, year=parsed.year, **fields)
            self.result.object_plan = plan
        else:
            self.result = LoadResult(object_plan=plan)
            self.update(plan, **fields)
        if it_object.name != parsed.object and parsed.object:
            self.update(it_object, name=parsed.object)
        self.load_boards()
        self.roles(it_object)
        self.versions(plan)
        self.governing_documents(plan)
        self.goal_areas(plan)
        self.activities(plan)
        self.follow_up(plan)
        keys = self.allocation_keys(plan)
        posts = self.shared_posts(plan, keys)
        self.budget_lines(plan, posts)
        return self.result

    def it_object(self, administration: Administration | None) -> ITObject:
        parsed = self.parsed
        if not parsed.object_short:
            raise ObjectPlanLoadError("The object plan names no object (short name missing).")
        it_object = ITObject.objects.filter(short_name__iexact=parsed.object_short).first()
        if it_object is not None:
            if administration is not None and it_object.administration_id != administration.pk:
                raise ObjectPlanLoadError(
                    f"The object {it_object.short_name} belongs to {it_object.administration}, "
                    f"not to {administration}."
                )
            return it_object
        administration = administration or self.guess_administration()
        return ITObject(
            name=parsed.object, short_name=parsed.object_short, administration=administration
        )

    def guess_administration(self) -> Administration:
        codes = {canonical_board_code(line.board) for line in self.parsed.budget_lines}
        counts = Counter(
            Board.objects.filter(code__in=codes, administration__isnull=False).values_list(
                "administration", flat=True
            )
        )
        if not counts:
            raise ObjectPlanLoadError(
                f"Vplan does not know the object {self.parsed.object_short} yet and none of its "
                f"boards ({', '.join(sorted(codes)) or 'none'}) belongs to an administration: "
                "say which administration keeps its plans (--administration)."
            )
        (best, _count), *_rest = counts.most_common()
        return Administration.objects.get(pk=best)

    def load_boards(self) -> None:
        codes = [line.board for line in self.parsed.budget_lines]
        codes += [code for key in self.parsed.allocation_keys for code in key.boards]
        for written in codes:
            code = canonical_board_code(written)
            if code in self.boards:
                continue
            board = Board.objects.filter(code=code).first()
            if board is None:
                board = self.create(Board, code=code, display_code=written, name=written)
            self.boards[code] = board

    # The parts.
    def roles(self, it_object: ITObject) -> None:
        users = get_user_model().objects

        def fields(role, order):
            user = users.filter(username=role.username).first() if role.username else None
            return {"title": role.title, "order": order, "user": user}

        self.sync(
            existing=it_object.roles.all(),
            wanted=self.parsed.roles,
            row_key=lambda row: (row.kind, _normal(row.name)),
            wanted_key=lambda role: (role.kind, _normal(role.name)),
            create=lambda role, order: self.create(
                ObjectRole,
                it_object=it_object,
                kind=role.kind,
                name=role.name,
                **fields(role, order),
            ),
            update=lambda row, role, order: self.update(row, **fields(role, order)),
            keep_unmatched=not self.parsed.roles,
        )

    def versions(self, plan: ObjectPlan) -> None:
        def update(row, version, order):
            changes = {
                "comment": version.comment,
                "state": version.state or state_for_version_number(version.version),
            }
            if version.date is not None:
                changes["date"] = version.date
            if version.approver_name:
                changes["approver_name"] = version.approver_name
            self.update(row, **changes)

        self.sync(
            existing=plan.versions.all(),
            wanted=self.parsed.versions,
            row_key=lambda row: row.number,
            wanted_key=lambda version: version.version,
            create=lambda version, order: self.create(
                ObjectPlanVersion,
                object_plan=plan,
                number=version.version,
                state=version.state or state_for_version_number(version.version),
                date=version.date,
                comment=version.comment,
                approver_name=version.approver_name,
            ),
            update=update,
            keep_unmatched=True,  # the version history is never thinned out
        )

    def governing_documents(self, plan: ObjectPlan) -> None:
        def fields(document):
            return {"title": document.document, "goal": document.goal, "impact": document.impact}

        self.sync(
            existing=plan.governing_documents.all(),
            wanted=self.parsed.governing_documents,
            row_key=lambda row: row.number,
            wanted_key=lambda document: document.id,
            create=lambda document, order: self.create(
                GoverningDocument, object_plan=plan, number=document.id, **fields(document)
            ),
            update=lambda row, document, order: self.update(row, **fields(document)),
        )

    def goal_areas(self, plan: ObjectPlan) -> None:
        def fields(area, order):
            return {"heading": area.heading, "text": area.text, "order": order}

        areas = self.sync(
            existing=plan.goal_areas.all(),
            wanted=self.parsed.goal_areas,
            row_key=lambda row: row.unit,
            wanted_key=lambda area: area.unit,
            create=lambda area, order: self.create(
                GoalArea, object_plan=plan, unit=area.unit, **fields(area, order)
            ),
            update=lambda row, area, order: self.update(row, **fields(area, order)),
        )
        for area_row, area in zip(areas, self.parsed.goal_areas, strict=True):
            self.goals(area_row, area)

    def goals(self, area_row: GoalArea, area) -> None:
        wanted = []  # (code, title, description, parent code), goals before their sub-goals
        for goal in area.goals:
            wanted.append((str(goal.id), goal.title, goal.description, None))
            for subgoal in goal.subgoals:
                wanted.append((subgoal.code, "", subgoal.text, str(goal.id)))
        by_code: dict[str, LongTermGoal] = {}

        def fields(item, order):
            code, title, description, parent_code = item
            return {
                "title": title,
                "description": description,
                "order": order,
                "parent": by_code.get(parent_code) if parent_code else None,
            }

        def create(item, order):
            row = self.create(LongTermGoal, area=area_row, code=item[0], **fields(item, order))
            by_code[item[0]] = row
            return row

        def update(row, item, order):
            self.update(row, **fields(item, order))
            by_code[item[0]] = row

        self.sync(
            existing=area_row.goals.all(),
            wanted=wanted,
            row_key=lambda row: row.code,
            wanted_key=lambda item: item[0],
            create=create,
            update=update,
        )

    def activities(self, plan: ObjectPlan) -> None:
        def linked_activity(item, current=None):
            if item.activity_uid:
                activity = Activity.objects.filter(uid=item.activity_uid).first()
                if activity is None:
                    raise ObjectPlanLoadError(
                        f"The activity {item.text[:60]!r} is linked to activity "
                        f"{item.activity_uid}, which Vplan does not have."
                    )
                return activity
            return current or self.same_activity_in_a_plan(item.text, plan.year)

        def create(item, order):
            activity = linked_activity(item)
            if activity is not None:
                self.result.linked += 1
            return self.create(
                ObjectPlanActivity,
                object_plan=plan,
                unit=item.unit,
                text=item.text,
                order=order,
                activity=activity,
            )

        def update(row, item, order):
            self.update(
                row, order=order, text=item.text, activity=linked_activity(item, row.activity)
            )

        self.sync(
            existing=plan.activities.all(),
            wanted=self.parsed.activities,
            row_key=lambda row: (row.unit, _normal(row.text)),
            wanted_key=lambda item: (item.unit, _normal(item.text)),
            create=create,
            update=update,
        )

    @staticmethod
    def same_activity_in_a_plan(text: str, year: int) -> Activity | None:
        """The one live activity of a live plan of the year with the same text, if exactly one."""
        wanted = _normal(text)
        longest_word = max(text.split(), key=len, default="")
        candidates = [
            activity
            for activity in Activity.objects.filter(
                plan__year=year, plan__deleted_at__isnull=True, text__contains=longest_word
            )
            if _normal(activity.text) == wanted
        ]
        return candidates[0] if len(candidates) == 1 else None

    def follow_up(self, plan: ObjectPlan) -> None:
        wanted = [(FollowUpItem.Kind.DELAY, text) for text in self.parsed.delays]
        wanted += [(FollowUpItem.Kind.OVERRUN, text) for text in self.parsed.over_budget]
        self.sync(
            existing=plan.follow_up_items.all(),
            wanted=wanted,
            row_key=lambda row: (row.kind, _normal(row.text)),
            wanted_key=lambda item: (item[0], _normal(item[1])),
            create=lambda item, order: self.create(
                FollowUpItem, object_plan=plan, kind=item[0], text=item[1], order=order
            ),
            update=lambda row, item, order: self.update(row, order=order),
        )

    def allocation_keys(self, plan: ObjectPlan) -> list[AllocationKey]:
        def identity(boards, weights):
            return tuple(canonical_board_code(b) for b in boards), tuple(
                w.normalize() for w in weights
            )

        def create(key, order):
            row = self.create(AllocationKey, object_plan=plan, text=key.text, order=order)
            for position, (board, weight) in enumerate(zip(key.boards, key.shares, strict=True)):
                share = AllocationShare(
                    key=row,
                    board=self.boards[canonical_board_code(board)],
                    weight=weight,
                    order=position,
                )
                share.full_clean()
                share.save()
            return row

        existing = list(plan.allocation_keys.prefetch_related("shares__board"))
        return self.sync(
            existing=existing,
            wanted=self.parsed.allocation_keys,
            row_key=lambda row: identity(
                [s.board.code for s in row.shares.all()], [s.weight for s in row.shares.all()]
            ),
            wanted_key=lambda key: identity(key.boards, key.shares),
            create=create,
            update=lambda row, key, order: self.update(row, text=key.text, order=order),
        )

    def shared_posts(self, plan: ObjectPlan, keys: list[AllocationKey]) -> list[SharedBudgetPost]:
        def fields(post):
            return {"system": post.system, "description": post.description, "amount": post.amount}

        def key_of(post):
            if not 0 <= post.key < len(keys):
                raise ObjectPlanLoadError(
                    f"A shared post refers to allocation key {post.key}, which is not there."
                )
            return keys[post.key]

        return self.sync(
            existing=plan.shared_posts.all(),
            wanted=self.parsed.shared_posts,
            row_key=lambda row: (row.kind, row.key_id, row.system, row.description, row.amount),
            wanted_key=lambda post: (
                post.kind,
                key_of(post).pk,
                post.system,
                post.description,
                post.amount,
            ),
            create=lambda post, order: self.create(
                SharedBudgetPost, object_plan=plan, kind=post.kind, key=key_of(post), **fields(post)
            ),
            update=lambda row, post, order: None,
        )

    def budget_lines(self, plan: ObjectPlan, posts: list[SharedBudgetPost]) -> None:
        def post_of(line):
            if line.shared_post is None:
                return None
            if not 0 <= line.shared_post < len(posts):
                raise ObjectPlanLoadError(
                    f"A budget line refers to shared post {line.shared_post}, which is not there."
                )
            return posts[line.shared_post]

        def identity(board_code, kind, system, description, post_id):
            return (board_code, kind, _normal(system), _normal(description), post_id)

        def fields(line, order):
            return {"amount": line.amount, "order": order}

        def create(line, order):
            post = post_of(line)
            return self.create(
                BudgetLine,
                object_plan=plan,
                board=self.boards[canonical_board_code(line.board)],
                kind=line.kind,
                system=line.system,
                description=line.description,
                shared_post=post,
                **fields(line, order),
            )

        self.sync(
            existing=plan.budget_lines.select_related("board"),
            wanted=self.parsed.budget_lines,
            row_key=lambda row: identity(
                row.board.code, row.kind, row.system, row.description, row.shared_post_id
            ),
            wanted_key=lambda line: identity(
                canonical_board_code(line.board),
                line.kind,
                line.system,
                line.description,
                post_of(line).pk if post_of(line) else None,
            ),
            create=create,
            update=lambda row, line, order: self.update(row, **fields(line, order)),
        )
