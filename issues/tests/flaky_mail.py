"""An e-mail backend whose first `failures` sends raise, then delivers to the locmem outbox."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures = 0
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise SMTPServerDisconnected("the SMTP server went away")
        return super().send_messages(messages)
