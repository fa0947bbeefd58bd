"""Demo data for ``manage.py seed_demo``: volunteer recruitment, the e-learning, tracks,
training days and certificates.

The texts are data (``data/``: the e-learning per language and module, the recruitment page per
language, the tracks, the training days, the volunteers' notes), read by thin loaders
(``content``, ``recruitment``, ``rows``). The rows are made through the services a person's
clicks would call (``rows``: quizzes through ``quiz_submit``, lessons through ``lesson_open``
and ``lesson_complete``, seats through ``training_day_enrol``, attendance, sign-offs,
certificates, the pipeline's steps), at the moments they would have happened, by moving the
clock there (``clock``). Applications are made by the factory: a real submission would queue
two e-mails each, and the demo sends nothing.

What it makes:

- the recruitment page in Dutch with its French and English translations, open calls in five
  regions (one of them closed), and twenty applications at every stage of the pipeline, each
  with its history of steps; two applicants were turned into volunteer accounts (one in
  training, one certified);
- the training ("Opleiding"): five modules of the basic training and a module for coaches,
  each with lessons, a reflection question and a closing quiz, in Dutch, French and English;
- two tracks, "Basisopleiding Eigen Kracht-coördinator" (``basis``) and "Coach" (``coach``);
- training days past and future in several regions, one of them full with a waiting list;
- the demo coordinators at every stage (``training.demo.volunteers``).

The volunteer's journey on ``make run`` (log in at ``/accounts/login/`` with the demo password
that ``seed_demo`` prints; coaches and staff also need the demo's second-factor code):

1. Log in as **coordinator1.antwerpen@kring.example**. The portal (``/portaal/``) shows the
   basic training nearly done: modules 1 to 4 finished, module 5 "Nazorg en evaluatie"
   started (its first lesson done, "continue where you left off" points at the next one),
   one of the two training days attended, and the coach's sign-off already recorded.
2. Open module 5, read the lesson "Opvolging na een maand" and mark it complete.
3. Take the quiz "Toets: nazorg": answer wrongly once and fail (the pass mark is 70%, feedback
   per answer says why), then answer rightly and pass; the module and the track show their
   progress.
4. Log in as the trainer **coach1.antwerpen@kring.example** and record the attendance of
   "Basisopleiding dag 2 — Antwerpen" (``/staf/opleidingsdagen/``), which took place
   yesterday. Mark coordinator1.antwerpen present.
5. With the modules, both days and the sign-off done, the track is complete and a certificate
   is issued on its own: coordinator1.antwerpen finds it in the portal, downloads the PDF, and
   its verification page ``/certificaat/<code>/`` says it is valid.

Staff's side: **staf.antwerpen@kring.example** finds applications of Antwerpen at every stage
at ``/staf/kandidaten/``. "Basisopleiding dag 1 — Antwerpen, nieuwe groep" is full, with two
volunteers on its waiting list.

Deterministic (fixed seeds and dates relative to today) and idempotent: pages are found by
their place and slug, applications by a fixed submission token, everything else by its natural
key, so a second run creates nothing. Nothing is sent: the reminders that fell due before today
are marked as already sent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from people.models import Region
from training.demo import learning as learning_pages
from training.demo.content import quiz_answers
from training.demo.pipeline import seed_pipeline
from training.demo.recruitment import DEMO_APPLICATIONS, seed_applications, seed_page
from training.demo.rows import Seats, person, seed_days, seed_tracks
from training.demo.volunteers import (
    FULL_DAY,
    JOURNEY_DAY,
    JOURNEY_EMAIL,
    JOURNEY_TRAINER_EMAIL,
    ONLINE_DAY,
    seed_coaches,
    seed_coordinators,
)
from training.models import RecruitmentPage

__all__ = [
    "DEMO_APPLICATIONS",
    "FULL_DAY",
    "JOURNEY_DAY",
    "JOURNEY_EMAIL",
    "JOURNEY_TRAINER_EMAIL",
    "ONLINE_DAY",
    "DemoTraining",
    "quiz_answers",
    "seed",
    "seed_applications",
    "seed_page",
]


@dataclass
class DemoTraining:
    page: RecruitmentPage
    applications_created: int = 0
    learning_pages_created: int = 0
    volunteers: int = 0


def seed(*, rng: random.Random) -> DemoTraining:
    """The recruitment page and applications, the training content, the tracks, training days
    and the volunteers' progress and certificates.

    ``rng`` is accepted like every app's ``seed``, but not drawn from: this app's demo data
    uses its own fixed seeds and dates, so it is the same whatever the other apps' demos did
    before. Without the demo people (``people.demo``) only the pages and tracks are made.
    """
    page = seed_page()
    result = DemoTraining(page=page, applications_created=seed_applications())
    learning = learning_pages.seed()
    result.learning_pages_created = learning.created
    tracks = seed_tracks(learning)
    if person(JOURNEY_EMAIL) is None:
        return result  # no demo people to train
    regions = {region.code: region for region in Region.objects.order_by("code")}
    days = seed_days(tracks, regions)
    seats = Seats()
    result.volunteers = seed_coordinators(regions, tracks, days, learning, seats)
    seed_coaches(tracks, days, learning, seats)
    seed_pipeline(tracks, days, learning, seats)
    seats.finish()
    return result
