from celery import shared_task


@shared_task(name="people.ping")
def ping() -> str:
    """Answers "pong": lets the worker test see a task complete."""
    return "pong"


@shared_task(name="people.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Removes expired sessions from the database (beat runs it nightly)."""
    from django.core.management import call_command

    call_command("clearsessions")


@shared_task(
    name="people.outbox_deliver",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def outbox_deliver(message_id: int) -> bool:
    from people.outbox import outbox_deliver as deliver

    return deliver(message_id=message_id)


@shared_task(name="people.outbox_flush")
def outbox_flush() -> int:
    """Hands over messages the broker missed (it was down when they were written)."""
    from people.outbox import outbox_flush as flush

    return flush()
