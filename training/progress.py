"""Where a volunteer stands: lessons and modules done, modules locked, and each track's three
requirements (modules, attended training days, sign-off).

These are the reads every screen shares (the portal, a module page, the staff's and coaches'
tables, certification). Each function does a fixed number of queries whatever the number of
modules, lessons or volunteers, so the pages that call them keep their query budgets.

Progress is keyed by translation key: a lesson done in Dutch counts in French. A track names
its modules in the default language; the lessons that count are the live lessons of that
module's locale.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from training.models import (
    LessonPage,
    LessonProgress,
    ModulePage,
    SeatStatus,
    Track,
    TrackEnrolment,
    TrainingDayEnrolment,
)


@dataclass
class ModuleStatus:
    module: ModulePage
    lesson_keys: list[uuid.UUID] = field(default_factory=list)
    done_keys: set[uuid.UUID] = field(default_factory=set)
    locked: bool = False
    missing_prerequisites: list[ModulePage] = field(default_factory=list)

    @property
    def lessons_total(self) -> int:
        return len(self.lesson_keys)

    @property
    def lessons_done(self) -> int:
        return sum(1 for key in self.lesson_keys if key in self.done_keys)

    @property
    def completed(self) -> bool:
        return bool(self.lesson_keys) and self.lessons_done == self.lessons_total

    @property
    def percent(self) -> int:
        if not self.lesson_keys:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


@dataclass
class TrackStatus:
    track: Track
    modules: list[ModuleStatus]
    days_attended: int
    signed_off: bool

    @property
    def modules_done(self) -> int:
        return sum(1 for status in self.modules if status.completed)

    @property
    def modules_complete(self) -> bool:
        return bool(self.modules) and self.modules_done == len(self.modules)

    @property
    def days_complete(self) -> bool:
        return self.days_attended >= self.track.required_training_days

    @property
    def sign_off_complete(self) -> bool:
        return self.signed_off or not self.track.sign_off_required

    @property
    def complete(self) -> bool:
        return self.modules_complete and self.days_complete and self.sign_off_complete

    @property
    def percent(self) -> int:
        """A rough share of the whole track done: modules, days and sign-off together."""
        parts = len(self.modules) + self.track.required_training_days
        parts += 1 if self.track.sign_off_required else 0
        if not parts:
            return 0
        done = self.modules_done + min(self.days_attended, self.track.required_training_days)
        done += 1 if self.track.sign_off_required and self.signed_off else 0
        return round(100 * done / parts)


def lessons_by_module(modules: Iterable[ModulePage]) -> dict[int, list[LessonPage]]:
    """The live lessons under each module, in tree order; one query."""
    modules = list(modules)
    if not modules:
        return {}
    condition = Q()
    for module in modules:
        condition |= Q(path__startswith=module.path, depth=module.depth + 1)
    by_path = {module.path: module.pk for module in modules}
    result: dict[int, list[LessonPage]] = {module.pk: [] for module in modules}
    for lesson in LessonPage.objects.live().filter(condition).order_by("path"):
        result[by_path[lesson.path[: -LessonPage.steplen]]].append(lesson)
    return result


def completed_lesson_keys(user_ids: Iterable[int]) -> dict[int, set[uuid.UUID]]:
    """The translation keys of the lessons each user completed; one query."""
    result: dict[int, set[uuid.UUID]] = defaultdict(set)
    rows = LessonProgress.objects.filter(
        user_id__in=list(user_ids), completed_at__isnull=False
    ).values_list("user_id", "lesson_key")
    for user_id, key in rows:
        result[user_id].add(key)
    return result


def module_statuses(
    user, modules: Iterable[ModulePage], *, done_keys: set[uuid.UUID] | None = None
) -> list[ModuleStatus]:
    """Each module's lessons, how many the user finished, and whether it is still locked.

    Three queries (lessons, progress, prerequisites), or two when ``done_keys`` is given.
    """
    modules = list(modules)
    lessons = lessons_by_module(modules)
    if done_keys is None:
        done_keys = completed_lesson_keys([user.pk]).get(user.pk, set())
    statuses = {
        module.pk: ModuleStatus(
            module=module,
            lesson_keys=[lesson.translation_key for lesson in lessons.get(module.pk, [])],
            done_keys=done_keys,
        )
        for module in modules
    }
    _mark_locked(statuses, done_keys)
    return [statuses[module.pk] for module in modules]


def _mark_locked(statuses: dict[int, ModuleStatus], done_keys: set[uuid.UUID]) -> None:
    """A module is locked while one of its prerequisites is unfinished. Prerequisites outside
    the list are looked up too (their lessons), in two queries at most."""
    if not statuses:
        return
    through = ModulePage.prerequisites.through
    pairs = list(
        through.objects.filter(from_modulepage_id__in=list(statuses)).values_list(
            "from_modulepage_id", "to_modulepage_id"
        )
    )
    outside_ids = {to_id for _, to_id in pairs if to_id not in statuses}
    outside = {}
    if outside_ids:
        outside_modules = list(ModulePage.objects.filter(pk__in=outside_ids))
        outside_lessons = lessons_by_module(outside_modules)
        outside = {
            module.pk: ModuleStatus(
                module=module,
                lesson_keys=[lesson.translation_key for lesson in outside_lessons[module.pk]],
                done_keys=done_keys,
            )
            for module in outside_modules
        }
    for from_id, to_id in pairs:
        prerequisite = statuses.get(to_id) or outside.get(to_id)
        if prerequisite is not None and not prerequisite.completed:
            statuses[from_id].locked = True
            statuses[from_id].missing_prerequisites.append(prerequisite.module)


def track_modules(track: Track) -> list[ModulePage]:
    return [
        track_module.module
        for track_module in track.track_modules.select_related("module").order_by("sort_order")
    ]


def attended_days(user_ids: Iterable[int], track: Track) -> dict[int, int]:
    """How many of the track's training days each user attended; one query."""
    rows = (
        TrainingDayEnrolment.objects.filter(
            user_id__in=list(user_ids),
            day__track=track,
            attended=True,
            status=SeatStatus.CONFIRMED,
        )
        .values("user_id")
        .annotate(days=Count("day_id", distinct=True))
        .values_list("user_id", "days")
    )
    return dict(rows)


def track_status(user, track: Track) -> TrackStatus:
    """Where the user stands on the track's three requirements."""
    modules = track_modules(track)
    enrolment = TrackEnrolment.objects.filter(user=user, track=track).first()
    return TrackStatus(
        track=track,
        modules=module_statuses(user, modules),
        days_attended=attended_days([user.pk], track).get(user.pk, 0),
        signed_off=bool(enrolment and enrolment.signed_off_at),
    )


def progress_changed(*, user) -> None:
    """Call after anything that can complete a track (a lesson, attendance, a sign-off): issues
    the certificate of every track the user has now completed and holds no valid certificate
    for. Idempotent."""
    from training.certification import certificates_award_due

    certificates_award_due(user=user)
