from celery import shared_task

from people import services


@shared_task(name="people.ping")
def ping() -> str:
    """Answers "pong": lets the worker test see a task complete."""
    return "pong"


@shared_task(
    name="people.send_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation(user_id: int) -> bool:
    return services.invitation_send(user_id=user_id)


@shared_task(name="people.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Removes expired sessions from the database (beat runs it nightly)."""
    from django.core.management import call_command

    call_command("clearsessions")
