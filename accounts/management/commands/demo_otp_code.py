"""Print the current two-factor codes of the demo researcher and administrator."""

import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import demo


class Command(BaseCommand):
    help = "Show the codes the demo researcher and administrator enter after their password."

    def handle(self, *args, **options) -> None:
        demo.enrol_demo_devices()
        devices = TOTPDevice.objects.filter(
            user__email__in=demo.DEMO_TWO_FACTOR_USERS, key=demo.DEMO_TOTP_KEY_HEX
        ).select_related("user")
        if not devices:
            self.stderr.write("No demo users found: run `python manage.py seed_demo` first.")
            return
        for device in devices:
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            totp.time = time.time()
            left = device.step - int(time.time() - device.t0) % device.step
            self.stdout.write(f"{device.user.email:<28} {totp.token():06d}  (valid {left} s more)")
        self.stdout.write(f"Authenticator secret (same for both): {demo.DEMO_TOTP_SECRET_BASE32}")
