"""The people app's outbox handlers (registered when the app is ready): each takes the object id
the message carries and calls one service."""

from people import services
from people.outbox import outbox_handler


@outbox_handler(services.TOPIC_INVITATION)
def deliver_invitation(user_id: int) -> None:
    services.invitation_send(user_id=user_id)
