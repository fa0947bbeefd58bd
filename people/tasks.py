from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from people import health, outbox
from people.privacy import retention


@shared_task(name="people.ping")
def ping() -> str:
    """Answers "pong": lets the worker test see a task complete."""
    return "pong"


@shared_task(name="people.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Removes expired sessions from the database (beat runs it nightly)."""
    call_command("clearsessions")


@shared_task(name=outbox.DELIVER_TASK)
def outbox_deliver(message_id: int) -> bool:
    """Delivers one outbox message. No Celery retries: a failure is recorded on the message,
    which the flush hands over again after its backoff (people.outbox)."""
    return outbox.outbox_deliver(message_id=message_id)


@shared_task(name="people.outbox_flush")
def outbox_flush() -> int:
    """Hands over messages the hand-over after commit missed, and those due for another try."""
    return outbox.outbox_flush()


@shared_task(name="people.heartbeat")
def heartbeat() -> None:
    """Tells /health/ that a worker takes tasks (beat sends it every minute)."""
    health.heartbeat_record()


@shared_task(name="people.retention_run")
def retention_run() -> int:
    """Applies the register's retention rules to what has passed its period (beat: nightly);
    returns the id of the stored run."""
    return retention.retention_run(now=timezone.now()).pk
