"""Sign-in side effects: remember whether 2FA applies, start the inactivity clock."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from peerwork.lib import two_factor
from peerwork.middleware import mark_seen


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    two_factor.remember_devices(request, user)
    mark_seen(request)
