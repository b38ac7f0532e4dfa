import os

import requests

POSTMARK_TOKEN = os.getenv("POSTMARK_TOKEN", "")


def send(to: str, subject: str, body: str) -> None:
    requests.post(
        "https://api.postmarkapp.com/email",
        headers={"X-Postmark-Server-Token": POSTMARK_TOKEN},
        json={"To": to, "Subject": subject, "TextBody": body},
        timeout=10,
    )
